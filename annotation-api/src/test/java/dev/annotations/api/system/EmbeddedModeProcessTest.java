package dev.annotations.api.system;

import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.clickhouse.ChdbLibraryLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as users run it: its own JVM, no CLICKHOUSE_URL, so it boots the embedded engine under
 * its data directory. It must become ready, print a generated bootstrap key once, keep data across a
 * restart, and publish the engine's HTTP interface on the configured port to its configured users only,
 * saying how to reach it without ever printing a password. The engine's private port, the one the issue's
 * attacker found, lets nobody in but the service.
 */
class EmbeddedModeProcessTest {
    private static final Pattern BOOTSTRAP_KEY = Pattern.compile("(ak_[A-Za-z0-9]{40})");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Pattern PRIVATE_URL = Pattern.compile("serving this process on (http://127\\.0\\.0\\.1:\\d+)");
    private static final String PASSWORD = "published-password-for-the-process-test";
    private static final String READONLY_PASSWORD = "grafana-password-for-the-process-test";

    private record Running(Process process, StringBuilder output, CompletableFuture<Void> outputRead) {
    }

    @Test
    void embedded_mode_becomes_ready_and_keeps_data_across_a_restart(@TempDir Path dataDirectory) throws Exception {
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
            assertThat(clickhouse(clickhousePort, "analyst", PASSWORD, "SELECT count() FROM otel.annotation_projects FINAL"))
                    .isEqualTo("200 2");
            assertThat(clickhouse(clickhousePort, "grafana", READONLY_PASSWORD, "SELECT count() FROM otel.annotation_projects"))
                    .isEqualTo("200 2");
            assertThat(clickhouse(clickhousePort, "grafana", READONLY_PASSWORD, "DROP TABLE otel.annotation_projects"))
                    .startsWith("403 Code: 164.");
            assertThat(first.output().toString())
                    .contains("published on http://127.0.0.1:" + clickhousePort + " for user 'analyst'")
                    .contains("read-only user 'grafana'")
                    .doesNotContain(PASSWORD).doesNotContain(READONLY_PASSWORD);
            assertThePrivatePortLetsNobodyIn(first, clickhousePort);
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

    @Test
    void a_published_port_without_a_password_stops_the_start_naming_the_variable(@TempDir Path dataDirectory)
            throws Exception {
        Running refused = start(dataDirectory, freePort(), freePort(),
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD");
        try {
            assertThat(refused.process().waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
            assertThat(refused.process().exitValue()).isNotZero();
            refused.outputRead().get(30, TimeUnit.SECONDS);
            assertThat(refused.output().toString()).contains("ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD must be set");
        } finally {
            refused.process().destroyForcibly();
        }
    }

    /** The attack: read the key hashes, forge a key, read a host file, all on the engine's private port. */
    private static void assertThePrivatePortLetsNobodyIn(Running running, int publishedPort) throws Exception {
        Matcher url = PRIVATE_URL.matcher(running.output());
        assertThat(url.find()).as(running.output().toString()).isTrue();
        int privatePort = URI.create(url.group(1)).getPort();
        assertThat(privatePort).isNotEqualTo(publishedPort);
        for (String[] credentials : new String[][] {{null, null}, {"default", ""}, {"default", "null"},
                {"default", "guess"}, {"analyst", PASSWORD}, {"grafana", READONLY_PASSWORD}}) {
            assertThat(clickhouse(privatePort, credentials[0], credentials[1], "SELECT * FROM otel.annotation_api_keys"))
                    .startsWith("401 Code: 516.");
            assertThat(clickhouse(privatePort, credentials[0], credentials[1],
                    "INSERT INTO otel.annotation_api_keys FORMAT JSONEachRow {}")).startsWith("401 Code: 516.");
        }
        assertThat(clickhouse(publishedPort, "analyst", PASSWORD, "SELECT * FROM file('/etc/hostname', 'LineAsString')"))
                .startsWith("403 Code: 497.");
    }

    private static Running start(Path dataDirectory, int port, int clickhousePort) throws IOException {
        return start(dataDirectory, port, clickhousePort, "none");
    }

    private static Running start(Path dataDirectory, int port, int clickhousePort, String unset) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.annotations.api.Main"));
        builder.environment().put("ANNOTATION_PORT", Integer.toString(port));
        builder.environment().put("ANNOTATION_HOST", "127.0.0.1");
        builder.environment().put("ANNOTATION_DATA_DIR", dataDirectory.toString());
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", Integer.toString(clickhousePort));
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_USER", "analyst");
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD", PASSWORD);
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER", "grafana");
        builder.environment().put("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD", READONLY_PASSWORD);
        builder.environment().remove(unset);
        builder.environment().put("CHDB_LIBRARY", ChdbLibraryLocator.locate().toString());
        builder.environment().remove("CLICKHOUSE_URL");
        builder.environment().remove("ANNOTATION_BOOTSTRAP_ADMIN_KEY");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> outputRead = CompletableFuture.runAsync(() -> {
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
        return new Running(process, output, outputRead);
    }

    private static void awaitReady(ApiClient client, Running running) {
        Polling.until(START_LIMIT, () -> "ready:\n" + running.output(), () -> {
            assertThat(running.process().isAlive()).as(running.output().toString()).isTrue();
            try {
                return client.get("/ready", null).status() == 200;
            } catch (RuntimeException notListeningYet) {
                return false;
            }
        });
    }

    private static void stop(Running running) throws InterruptedException {
        running.process().destroy();
        if (!running.process().waitFor(60, TimeUnit.SECONDS)) {
            running.process().destroyForcibly();
            throw new AssertionError("did not stop within 60 s:\n" + running.output());
        }
    }

    /** The status and body of one statement sent as curl -u would send it (no credentials for a null user). */
    private static String clickhouse(int port, String user, String password, String sql) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
