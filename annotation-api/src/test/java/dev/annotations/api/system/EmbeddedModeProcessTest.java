package dev.annotations.api.system;

import dev.annotations.api.ApiClient;
import dev.annotations.clickhouse.ChdbLibraryLocator;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as users run it: its own JVM, no CLICKHOUSE_URL, so it boots the embedded engine under
 * its data directory. It must become ready, print a generated bootstrap key once, keep data across a
 * restart, and publish the engine's HTTP interface on the configured port.
 */
class EmbeddedModeProcessTest {
    private static final Pattern BOOTSTRAP_KEY = Pattern.compile("(ak_[A-Za-z0-9]{40})");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private record Running(Process process, StringBuilder output) {
    }

    @Test
    void embedded_mode_becomes_ready_and_keeps_data_across_a_restart() throws Exception {
        Path dataDirectory = Files.createTempDirectory("annotation-api-embedded");
        int port = freePort();
        int clickhousePort = freePort();
        ApiClient client = new ApiClient(port);

        Running first = start(dataDirectory, port, clickhousePort);
        String key;
        String projectId;
        try {
            awaitReady(client, first);
            Matcher printed = BOOTSTRAP_KEY.matcher(first.output());
            assertThat(printed.find()).as(first.output().toString()).isTrue();
            key = printed.group(1);
            ApiClient.Response created = client.postJson("/api/v1/projects", key, "{\"name\":\"survives-restart\"}");
            assertThat(created.status()).isEqualTo(201);
            projectId = created.json().get("id").asText();
            assertThat(clickhouse(clickhousePort, "SELECT count() FROM otel.annotation_projects FINAL")).isEqualTo("2");
        } finally {
            stop(first);
        }
        assertThat(first.process().exitValue()).as("clean shutdown on SIGTERM").isIn(0, 143);

        Running second = start(dataDirectory, port, clickhousePort);
        try {
            awaitReady(client, second);
            assertThat(BOOTSTRAP_KEY.matcher(second.output()).find()).as("no second bootstrap key").isFalse();
            ApiClient.Response projects = client.get("/api/v1/projects", key);
            assertThat(projects.status()).isEqualTo(200);
            assertThat(projects.json().get("projects").valueStream().map(p -> p.get("id").asText()))
                    .contains(projectId);
        } finally {
            stop(second);
        }
    }

    private static Running start(Path dataDirectory, int port, int clickhousePort) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.annotations.api.Main"));
        builder.environment().put("ANNOTATION_PORT", Integer.toString(port));
        builder.environment().put("ANNOTATION_HOST", "127.0.0.1");
        builder.environment().put("ANNOTATION_DATA_DIR", dataDirectory.toString());
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", Integer.toString(clickhousePort));
        builder.environment().put("CHDB_LIBRARY", ChdbLibraryLocator.locate().toString());
        builder.environment().remove("CLICKHOUSE_URL");
        builder.environment().remove("ANNOTATION_BOOTSTRAP_ADMIN_KEY");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException ignored) {
                // process ended
            }
        });
        return new Running(process, output);
    }

    private static void awaitReady(ApiClient client, Running running) throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(running.process().isAlive()).as(running.output().toString()).isTrue();
            try {
                if (client.get("/ready", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notListeningYet) {
                // keep polling
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within " + START_LIMIT + ":\n" + running.output());
    }

    private static void stop(Running running) throws InterruptedException {
        running.process().destroy();
        if (!running.process().waitFor(60, TimeUnit.SECONDS)) {
            running.process().destroyForcibly();
            throw new AssertionError("did not stop within 60 s:\n" + running.output());
        }
    }

    private static String clickhouse(int port, String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
