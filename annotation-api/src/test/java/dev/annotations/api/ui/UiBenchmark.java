package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.bench.BenchmarkService;
import org.openqa.selenium.Keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code ./bench ui}: the annotator UI in the test browser (Debian's headless Chromium) against the service on
 * the embedded engine. Measures the bundle (gzipped JS + CSS), the first load, and the time from calling
 * {@code next} to the item fully on screen (the page's own User Timing measure {@code ui:next-to-render}:
 * from just before the {@code next} request to the second animation frame after the item's commit) for items
 * that are each a 500-span trace with a 200-message conversation. Writes a Markdown report.
 *
 * <p>Arguments: the report path, the number of measured items (default 50).
 */
public final class UiBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 200;
    private static final int SPANS = 500;

    private UiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "bench-results/ui.md");
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (AnnotationService service = BenchmarkService.start("ui-bench")) {
            run(service, report, items);
        }
        System.exit(0);
    }

    private static void run(AnnotationService service, Path report, int items) throws IOException {
        String loadBefore = loadAverage();
        ApiClient client = new ApiClient(service.port());
        String admin = BenchmarkService.KEY;
        String project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
        String annotator = client.postJson("/api/v1/projects/" + project + "/keys", admin,
                "{\"name\":\"bench-annotator\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
        String helpfulness = client.postJson("/api/v1/score-configs", admin, "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\","
                + "\"min\":1,\"max\":5,\"step\":1,\"widget\":\"STARS\"}").json().get("id").asText();
        String verdict = client.postJson("/api/v1/score-configs", admin, "{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\","
                + "\"categories\":[{\"label\":\"good\",\"value\":1,\"hotkey\":\"g\"},{\"label\":\"bad\",\"value\":0,\"hotkey\":\"b\"}]}")
                .json().get("id").asText();
        String queue = client.postJson("/api/v1/queues", admin, "{\"name\":\"bench\",\"scoreConfigIds\":[\"" + helpfulness + "\",\""
                + verdict + "\"],\"annotators\":[\"bench-annotator\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1}")
                .json().get("id").asText();
        // one more than measured: the first item is shown by the page's first load, not after a submission
        StringBuilder targets = new StringBuilder();
        String firstTrace = null;
        long traceBytes = 0;
        for (int i = 0; i <= items; i++) {
            String traceId = ChatTraces.traceId();
            firstTrace = firstTrace == null ? traceId : firstTrace;
            String body = ChatTraces.large(traceId, MESSAGES, SPANS, "item-" + i);
            traceBytes = body.length();
            ApiClient.Response exported = client.post("/v1/traces", admin, "application/json", body);
            if (exported.status() != 200) {
                throw new IllegalStateException("export failed: " + exported.status() + " " + exported.body());
            }
            targets.append(i == 0 ? "" : ",").append("{\"type\":\"TRACE\",\"traceId\":\"").append(traceId).append("\"}");
        }
        client.postJson("/api/v1/queues/" + queue + "/items", admin, "{\"targets\":[" + targets + "]}");
        JsonNode sample = client.get("/api/v1/traces/" + firstTrace, admin).json();

        Bundle bundle = bundle();
        try (Browser browser = new Browser(service.port())) {
            List<Double> cold = new ArrayList<>();
            List<Double> home = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.open("/ui/");
                browser.js("sessionStorage.clear()");
                browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.open("/ui/");
                browser.await("#api-key");
                cold.add(number(browser.js("const n = performance.getEntriesByType('navigation')[0];"
                        + "return n.loadEventEnd > 0 ? n.loadEventEnd : performance.now();")));
                browser.await("#api-key").sendKeys(annotator, Keys.ENTER);
                browser.await(".queue-card .progress-bar");
                browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.open("/ui/");
                browser.until(driver -> number(browser.js("return performance.getEntriesByName('ui:home-ready').length")) > 0);
                home.add(number(browser.js("return performance.getEntriesByName('ui:home-ready')[0].startTime")));
            }

            browser.open("/ui/queues/" + queue);
            browser.until(driver -> measures(browser) >= 1);
            double first = lastMeasure(browser);
            List<Double> times = new ArrayList<>();
            List<Double> nextCalls = new ArrayList<>();
            List<Double> traceCalls = new ArrayList<>();
            List<Double> renders = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                int before = measures(browser);
                browser.press("4", Keys.ARROW_DOWN, "g");
                browser.ctrlEnter();
                browser.until(driver -> measures(browser) > before);
                times.add(lastMeasure(browser));
                nextCalls.add(lastResource(browser, "/next"));
                traceCalls.add(lastResource(browser, "/api/v1/traces/"));
                renders.add(number(browser.js("const m = performance.getEntriesByName('ui:fetch-to-render'); return m[m.length - 1].duration;")));
                browser.js("performance.clearResourceTimings()");
            }
            int spansShown = number(browser.js("return document.querySelectorAll('[role=treeitem]').length")).intValue();
            int messagesShown = number(browser.js("return document.querySelectorAll('.chat .msg').length")).intValue();
            String markdown = report(bundle, cold, home, first, times, nextCalls, traceCalls, renders, spansShown, messagesShown,
                    sample.get("spanCount").asInt(), traceBytes, items)
                    + "Load average (1 minute) of the machine when the measured part began / ended: " + loadBefore + " / "
                    + loadAverage() + " (other builds share the cores; the figures move with it).\n";
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, markdown);
            System.out.println(markdown);
        }
    }

    /** The 1-minute load average, read from Linux's /proc/loadavg, or "?" elsewhere. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private record Bundle(long js, long jsGzip, long css, long cssGzip) {
    }

    private static Bundle bundle() throws IOException {
        long js = 0, jsGzip = 0, css = 0, cssGzip = 0;
        for (String name : read("ui/assets.txt").lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            byte[] body = read("ui/" + name).getBytes(StandardCharsets.UTF_8);
            if (name.endsWith(".js")) {
                js += body.length;
                jsGzip += gzip(body);
            } else if (name.endsWith(".css")) {
                css += body.length;
                cssGzip += gzip(body);
            }
        }
        return new Bundle(js, jsGzip, css, cssGzip);
    }

    private static long gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.size();
    }

    private static String read(String resource) {
        try (InputStream in = UiBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: build annotation-api first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static int measures(Browser browser) {
        return number(browser.js("return performance.getEntriesByName('ui:next-to-render').length")).intValue();
    }

    private static double lastMeasure(Browser browser) {
        return number(browser.js("const m = performance.getEntriesByName('ui:next-to-render'); return m[m.length - 1].duration;"));
    }

    private static double lastResource(Browser browser, String part) {
        return number(browser.js("const r = performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0]));"
                + "return r.length ? r[r.length - 1].duration : -1;", part));
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }

    private static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    private static String report(Bundle bundle, List<Double> cold, List<Double> home, double first, List<Double> times,
                                 List<Double> nextCalls, List<Double> traceCalls, List<Double> renders, int spansShown, int messagesShown,
                                 int spanCount, long traceBytes, int items) {
        double p95 = percentile(times, 95);
        long gzipped = bundle.jsGzip() + bundle.cssGzip();
        StringBuilder out = new StringBuilder();
        out.append("# Annotator UI benchmark\n\n");
        out.append("Run ").append(LocalDate.now()).append(" by `./bench ui` (`dev.annotations.api.ui.UiBenchmark`): the service on the ")
                .append("embedded engine and Debian's headless Chromium (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores shared by service, engine and browser). Each item is a trace of ").append(spanCount)
                .append(" spans whose chat span holds ").append(MESSAGES).append(" messages (").append(kb(traceBytes))
                .append(" of OTLP/JSON); the annotator submits with the keyboard and the next item loads.\n\n");
        out.append("| measure | result | target |\n|---|---|---|\n");
        out.append("| `next` → item fully rendered, p50 / p95 / max over ").append(items).append(" items | ")
                .append(ms(percentile(times, 50))).append(" / **").append(ms(p95)).append("** / ").append(ms(percentile(times, 100)))
                .append(" | p95 < 300 ms: ").append(p95 < 300 ? "**met**" : "**not met**").append(" |\n");
        out.append("| … of which `POST …/next`, p50 | ").append(ms(percentile(nextCalls, 50))).append(" | |\n");
        out.append("| … of which `GET /api/v1/traces/{id}` (").append(spanCount).append(" spans), p50 | ")
                .append(ms(percentile(traceCalls, 50))).append(" | |\n");
        out.append("| … of which rendering (answers in hand → second frame painted), p50 / p95 | ").append(ms(percentile(renders, 50)))
                .append(" / ").append(ms(percentile(renders, 95))).append(" | |\n");
        out.append("| the first item, from opening the workspace | ").append(ms(first)).append(" | |\n");
        out.append("| rendered per item | ").append(spansShown).append(" tree rows, ").append(messagesShown).append(" messages | |\n");
        out.append("| bundle, gzipped JS + CSS | **").append(kb(gzipped)).append("** (JS ").append(kb(bundle.jsGzip())).append(", CSS ")
                .append(kb(bundle.cssGzip())).append("; minified ").append(kb(bundle.js() + bundle.css())).append(") | < 150 KB: ")
                .append(gzipped < 150 * 1024 ? "**met**" : "**not met**").append(" |\n");
        out.append("| first load, empty cache: sign-in page loaded (median of 5) | ").append(ms(percentile(cold, 50))).append(" | |\n");
        out.append("| first load, empty cache, signed in: queue list on screen (median of 5) | ").append(ms(percentile(home, 50)))
                .append(" | |\n\n");
        out.append("All times: ").append(Arrays.toString(times.stream().mapToLong(Math::round).toArray())).append(" ms.\n");
        return out.toString();
    }
}
