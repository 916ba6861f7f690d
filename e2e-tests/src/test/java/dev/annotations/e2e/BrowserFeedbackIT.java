package dev.annotations.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person clicks thumbs-up in the demo app's page (Debian's headless Chromium): the page asks the demo app
 * (under the real agent with our extension), reads the answer's {@code Server-Timing} with annotation-api's
 * {@code /ui/feedback.js} and posts a FEEDBACK score across origins with a FEEDBACK key; the score is then
 * on the server span of that answer in annotation-api's trace read.
 */
class BrowserFeedbackIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("ui.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("ui.chromedriver", "/usr/bin/chromedriver"));
    /** How long the page may take on a busy 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern STORED = Pattern.compile("Stored as score ([0-9a-f-]{36})");

    private static AnnotationService service;
    private static DemoProcess demo;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM).as("apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("apt-get install -y chromium-driver").isExecutable();
        int demoPort = freePort();
        String demoOrigin = "http://127.0.0.1:" + demoPort;
        service = AnnotationService.start(TestService.config(TestService.freshDatabase(),
                SharedClickHouse.engine().jdbcUrl("default"), Map.of("ANNOTATION_CORS_ORIGINS", demoOrigin)),
                Clock.systemUTC(), key -> {
                    throw new AssertionError("a configured bootstrap key must not be replaced");
                });
        ApiClient api = new ApiClient(service.port());
        String project = api.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json().get("items").get(0).get("id").asText();
        ApiClient.Response key = api.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"demo-web\",\"role\":\"FEEDBACK\"}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);

        Path logs = Path.of(System.getProperty("e2e.log.dir", "target/e2e-logs"));
        Files.createDirectories(logs);
        demo = DemoProcess.start(jar("e2e.agent.jar"), jar("e2e.extension.jar"), jar("e2e.demo.jar"), Map.of(
                "DEMO_PORT", Integer.toString(demoPort),
                "DEMO_ANNOTATION_URL", "http://127.0.0.1:" + service.port(),
                "DEMO_FEEDBACK_KEY", key.json().get("key").asText(),
                "OTEL_SERVICE_NAME", "demo-app",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + service.port(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer " + TestService.BOOTSTRAP_KEY,
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_BSP_SCHEDULE_DELAY", "200"), logs.resolve("demo-app-browser.log"));

        profile = Files.createTempDirectory("feedback-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build(), options);
        browser.get(demoOrigin + "/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_thumbs_up_clicked_in_the_page_becomes_a_feedback_score_on_the_span_that_answered() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("thumbs-up"))).click();
        wait.withMessage(() -> "the page's status; it says: " + browser.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textMatches(By.id("status"), STORED));
        Matcher stored = STORED.matcher(browser.findElement(By.id("status")).getText());
        assertThat(stored.find()).isTrue();

        ApiClient api = new ApiClient(service.port());
        JsonNode score = api.get("/api/v1/scores/" + stored.group(1), TestService.BOOTSTRAP_KEY).json();
        assertThat(score.get("source").asText()).isEqualTo("FEEDBACK");
        assertThat(score.get("name").asText()).isEqualTo("thumbs");
        assertThat(score.get("value").asDouble()).isEqualTo(1.0);
        String trace = score.get("target").get("traceId").asText();
        String span = score.get("target").get("spanId").asText();

        JsonNode node = Poll.until("the server span of trace " + trace + " with its score", () -> {
            ApiClient.Response read = api.get("/api/v1/traces/" + trace, TestService.BOOTSTRAP_KEY);
            return read.status() == 200 ? find(read.json().get("spans"), span) : null;
        }, found -> found != null && found.get("scores").size() == 1);
        assertThat(node.get("kind").asText()).isEqualTo("Server");
        assertThat(node.get("name").asText()).isEqualTo("POST /chat");
        assertThat(node.get("scores").get(0).get("id").asText()).isEqualTo(stored.group(1));
    }

    private static JsonNode find(JsonNode nodes, String spanId) {
        List<JsonNode> pending = new ArrayList<>();
        nodes.forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode node = pending.removeLast();
            if (spanId.equals(node.path("spanId").asText())) {
                return node;
            }
            node.path("children").forEach(pending::add);
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        assertThat(path).as(property + " (set by the e2e-tests pom)").isNotBlank();
        return Path.of(path);
    }
}
