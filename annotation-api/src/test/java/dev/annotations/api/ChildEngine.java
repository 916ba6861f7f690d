package dev.annotations.api;

import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A killable ClickHouse for server-mode tests: {@link EngineMain} in a child JVM on a fixed port and data
 * directory, so it can be started late, killed with {@code -9}, frozen with {@code -STOP} and restarted on
 * the same data, under a service that knows it only by URL.
 */
public final class ChildEngine implements AutoCloseable {
    public static final String USER = "default";
    public static final String PASSWORD = "fault-test-engine-password";
    /** Boot time of a JVM with the engine on a busy 2-core machine is seconds; this is generous. */
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDirectory;
    private final int port;
    /** True when this engine made its directory (and so deletes it when closed). */
    private final boolean ownsDirectory;
    private ChildJvm jvm;

    public ChildEngine(Path dataDirectory, int port) {
        this(dataDirectory, port, false);
    }

    private ChildEngine(Path dataDirectory, int port, boolean ownsDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.ownsDirectory = ownsDirectory;
    }

    /** A new data directory and a free port; nothing runs until {@link #start()}. */
    public static ChildEngine onFreePort() {
        try {
            return new ChildEngine(Files.createTempDirectory("fault-test-engine"), ChildJvm.freePort(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The service's CLICKHOUSE_URL for this engine. */
    public String jdbcUrl() {
        return "jdbc:clickhouse:http://127.0.0.1:" + port + "/default?compress=false";
    }

    /** Starts the engine and waits until it answers. */
    public ChildEngine start() throws InterruptedException {
        jvm = ChildJvm.start(EngineMain.class.getName(), List.of("-Xmx512m"), Map.of(),
                dataDirectory.toString(), Integer.toString(port), USER, PASSWORD);
        Polling.until(START_LIMIT, "the engine starts", () -> {
            if (!jvm.isAlive()) {
                throw new AssertionError("the engine exited before it was ready:\n" + jvm.output());
            }
            return jvm.output().contains(EngineMain.READY);
        });
        return this;
    }

    public void kill() throws InterruptedException {
        jvm.kill();
    }

    public void freeze() {
        jvm.freeze();
    }

    public void thaw() {
        jvm.thaw();
    }

    /** Runs one statement over the engine's HTTP interface and returns its text output. */
    public String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("X-ClickHouse-User", USER).header("X-ClickHouse-Key", PASSWORD)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("ClickHouse answered " + response.statusCode() + " to " + sql + ": " + response.body());
            }
            return response.body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
        if (ownsDirectory) {
            try {
                PathUtils.deleteDirectory(dataDirectory);
            } catch (IOException e) {
                System.err.println("could not delete " + dataDirectory + ": " + e);
            }
        }
    }
}
