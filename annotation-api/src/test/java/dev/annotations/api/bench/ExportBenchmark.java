package dev.annotations.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.export.SyntheticScores;
import dev.annotations.api.score.ScoreExports;
import dev.annotations.api.score.ScoreFilter;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.ExportFormat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exports of 1 000 000 rows per format — scores ({@code GET /api/v1/exports/scores}) and a dataset version
 * ({@code GET /api/v1/datasets/{id}/export}) — through the API over loopback HTTP, next to the engine writing the
 * same SQL's rows to a file itself ({@code INSERT INTO FUNCTION file(…)}, no HTTP, no JVM). Data generated in the
 * engine. Heap: the peak used heap sampled every 5 ms during the download minus the used heap after a GC before it.
 * Not a test: {@code ./bench exports}.
 */
public final class ExportBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportBenchmark() {
    }

    private record Figure(String what, long rows, long bytes, double apiSeconds, double engineSeconds, long engineBytes,
                          double heapMb) {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/exports.md");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path files = Files.createTempDirectory("export-bench-files");
        try (AnnotationService service = BenchmarkService.start("export-benchmark")) {
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            ClickHouseStorage storage = service.storage();
            UUID project = UUID.fromString(get(http, base + "/api/v1/projects").get("projects").get(0).get("id").asText());
            long setup = System.nanoTime();
            SyntheticScores.insert(storage, project, rows);
            UUID dataset = dataset(http, base, storage, project, rows);
            double setupSeconds = (System.nanoTime() - setup) / 1e9;
            String load = Files.readString(Path.of("/proc/loadavg")).trim();

            ScoreFilter all = new ScoreFilter(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), List.of(),
                    Optional.empty(), Optional.empty());
            List<Figure> figures = new ArrayList<>();
            for (ExportFormat format : List.of(ExportFormat.JSONL, ExportFormat.CSV, ExportFormat.PARQUET)) {
                Map<String, Object> parameters = new HashMap<>();
                String sql = new ScoreExports(storage).sql(project, all, parameters);
                figures.add(measure("scores, " + format.parameter(), rows, http,
                        base + "/api/v1/exports/scores?format=" + format.parameter(), storage, sql, parameters,
                        ScoreExports.clickHouseFormat(format).name(), format, files));
            }
            for (ExportFormat format : ExportFormat.values()) {
                Map<String, Object> parameters = new HashMap<>();
                String sql = service.datasets().exportSql(project, dataset, 1, format, parameters);
                figures.add(measure("dataset, " + format.parameter(), rows, http,
                        base + "/api/v1/datasets/" + dataset + "/export?format=" + format.parameter(), storage, sql,
                        parameters, format.clickHouseFormat().name(), format, files));
            }
            write(output, rows, setupSeconds, load, Files.readString(Path.of("/proc/loadavg")).trim(), figures);
        }
    }

    /** A dataset of {@code rows} items in one version, its rows generated in the engine. */
    private static UUID dataset(HttpClient http, String base, ClickHouseStorage storage, UUID project, long rows)
            throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + BenchmarkService.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
        UUID dataset = UUID.fromString(JSON.readTree(created.body()).get("id").asText());
        UUID change = UUID.randomUUID();
        storage.executeStatement("INSERT INTO " + storage.qualified("annotation_dataset_items")
                + " (project_id, dataset_id, item_id, change_id, seq, input, expected_output, metadata, source_trace_id,"
                + " source_span_id, source_queue_id, consensus, is_deleted, created_at, created_by)"
                + " SELECT toUUID('" + project + "'), toUUID('" + dataset + "'), generateUUIDv4(number), toUUID('" + change + "'),"
                + " number, concat('[{\"role\":\"system\",\"content\":\"You answer questions about orders.\"},"
                + "{\"role\":\"user\",\"content\":\"Where is order ', toString(number), '? It was due last week.\"}]'),"
                + " concat('{\"output\":[{\"role\":\"assistant\",\"content\":\"Order ', toString(number),"
                + " ' left the warehouse yesterday.\"}],\"labels\":{\"helpfulness\":', toString(number % 5 + 1), '}}'),"
                + " concat('{\"service\":\"support\",\"model\":\"gpt-4o\",\"n\":', toString(number), '}'),"
                + " lower(hex(MD5(toString(number)))), substring(lower(hex(MD5(toString(number + 1)))), 1, 16), NULL,"
                + " '[]', 0, now64(3), 'bench' FROM numbers(" + rows + ")");
        storage.executeStatement("INSERT INTO " + storage.qualified("annotation_dataset_versions")
                + " (project_id, dataset_id, version, change_id, description, added, edited, removed, created_at, created_by)"
                + " VALUES (toUUID('" + project + "'), toUUID('" + dataset + "'), 1, toUUID('" + change + "'), 'bench', "
                + rows + ", 0, 0, now64(3), 'bench')");
        return dataset;
    }

    private static Figure measure(String what, long rows, HttpClient http, String url, ClickHouseStorage storage,
                                  String sql, Map<String, Object> parameters, String engineFormat, ExportFormat format,
                                  Path files) throws Exception {
        // the engine alone, writing the same rows to a file (run first: it also warms the engine's caches)
        Path file = files.resolve(UUID.randomUUID() + "." + format.extension());
        long engineStart = System.nanoTime();
        storage.embedded().orElseThrow().directQuery("INSERT INTO FUNCTION file('" + file + "', '" + engineFormat + "') "
                + inlined(sql, parameters) + settings(format));
        double engineSeconds = (System.nanoTime() - engineStart) / 1e9;
        long engineBytes = Files.size(file);
        Files.delete(file);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BenchmarkService.KEY).timeout(Duration.ofMinutes(20)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream in = response.body()) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        double apiSeconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.join();
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode());
        }
        Figure figure = new Figure(what, rows, bytes, apiSeconds, engineSeconds, engineBytes,
                (peak.get() - baseline) / 1e6);
        System.out.printf("%s: API %.2f s (%,.0f rows/s), engine %.2f s (%,.0f rows/s), %,d bytes, heap +%.0f MB%n", what,
                apiSeconds, rows / apiSeconds, engineSeconds, rows / engineSeconds, bytes, figure.heapMb());
        return figure;
    }

    /**
     * The engine's in-process path takes no query parameters: each {@code {name:Type}} becomes a literal cast
     * (the values are the benchmark's own UUIDs and numbers).
     */
    private static String inlined(String sql, Map<String, Object> parameters) {
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{(\\w+):([^}]+)}").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = String.valueOf(parameters.get(placeholder.group(1))).replace("'", "''");
            placeholder.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    "CAST('" + value + "', '" + placeholder.group(2).replace("'", "''") + "')"));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static String settings(ExportFormat format) {
        if (format.settings().isEmpty()) {
            return "";
        }
        return " SETTINGS " + String.join(", ", format.settings().entrySet().stream()
                .map(setting -> setting.getKey() + " = " + setting.getValue()).toList());
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BenchmarkService.KEY).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void write(Path output, long rows, double setupSeconds, String loadBefore, String loadAfter,
                              List<Figure> figures) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Export benchmark\n\n");
        md.append("Produced by `./bench exports` (annotation-api/src/test/java/dev/annotations/api/bench/ExportBenchmark.java):\n");
        md.append("the service on the embedded engine, the client in the same process over loopback HTTP reading every byte.\n");
        md.append(String.format("Each export holds %,d rows, generated in the engine (INSERT … SELECT FROM numbers()) in %.1f s.%n", rows, setupSeconds));
        md.append("\"Engine alone\" runs the export's own SQL as `INSERT INTO FUNCTION file(…)`: ClickHouse writes the same rows\n");
        md.append("to a local file with no HTTP and no JVM in the path. Both run side by side, one after the other, per format.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(Instant.now()).append(" |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs (client, service and engine share them); load average before: ").append(loadBefore)
                .append(", after: ").append(loadAfter).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.version")).append(", -Xmx ")
                .append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB |\n\n");
        md.append("| export | bytes | through the API | rows/s | engine alone | rows/s | API / engine | heap during the download (peak) |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format("| %s | %,d | %.2f s | %,.0f | %.2f s | %,.0f | %.2f× the time | +%.0f MB |%n", f.what(),
                    f.bytes(), f.apiSeconds(), f.rows() / f.apiSeconds(), f.engineSeconds(), f.rows() / f.engineSeconds(),
                    f.apiSeconds() / f.engineSeconds(), f.heapMb()));
        }
        md.append("\nHeap: the benchmark's JVM holds client and service; the figure includes garbage. The bounded-heap claim is\n");
        md.append("checked by ScoreExportHeapTest (a 1 000 000-row export in three formats through a 64 MiB service heap).\n");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }
}
