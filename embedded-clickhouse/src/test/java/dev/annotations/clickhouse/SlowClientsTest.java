package dev.annotations.clickhouse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that never finish their request (slow-loris) cost the engine no thread a statement needs,
 * are closed once {@link HttpServerLimits#MAX_REQUEST_SECONDS} have passed, and are bounded in number per
 * port. The bounds below are generous so a loaded machine passes: only "within a few seconds" matters.
 */
class SlowClientsTest {
    private static final int SLOW_CLIENTS = 32;
    /** The server's limit, plus its 1 s check, plus room for a busy machine. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(HttpServerLimits.MAX_REQUEST_SECONDS + 20);

    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService tricklers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void closeSockets() throws IOException {
        tricklers.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void thirty_two_slow_partial_requests_do_not_stop_reads_and_writes_and_are_closed_within_the_limit() throws Exception {
        EmbeddedClickHouse engine = SharedEngine.get();
        long opened = System.nanoTime();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket socket = connect(engine.httpUrl());
            OutputStream out = socket.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // one more header byte a second, never the blank line that ends the headers
            tricklers.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(1_000);
                }
                return null;
            });
        }

        try (Connection connection = Jdbc.connect(engine, "default"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS slow_clients (x UInt32) ENGINE = MergeTree ORDER BY x");
            for (int i = 0; i < 20; i++) {
                statement.execute("INSERT INTO slow_clients VALUES (" + i + ")");
                try (ResultSet rows = statement.executeQuery("SELECT count() FROM slow_clients")) {
                    assertThat(rows.next()).isTrue();
                }
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("reads and writes next to slow clients")
                .isLessThan(Duration.ofSeconds(HttpServerLimits.MAX_REQUEST_SECONDS));

        for (Socket socket : sockets) {
            assertClosedByServer(socket, opened);
        }
    }

    @Test
    void connections_beyond_the_bound_of_a_port_are_closed_at_once_and_the_other_port_still_answers() throws Exception {
        EmbeddedClickHouse engine = SharedEngine.get();
        String published = engine.publishedUrl().orElseThrow();
        for (int i = 0; i < HttpServerLimits.MAX_CONNECTIONS; i++) {
            connect(published);
        }

        Socket beyond = connect(published);
        beyond.setSoTimeout(5_000);

        assertThat(readsEndOfStream(beyond)).as("the connection beyond the bound is closed").isTrue();
        assertThat(ClickHouseHttp.of(engine).query("SELECT 1")).isEqualTo("1\n");
    }

    private Socket connect(String url) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        sockets.add(socket);
        return socket;
    }

    private static void assertClosedByServer(Socket socket, long openedNanos) throws IOException {
        long deadline = openedNanos + CLOSED_WITHIN.toNanos();
        socket.setSoTimeout(1_000);
        while (System.nanoTime() < deadline) {
            try {
                if (readsEndOfStream(socket)) {
                    return;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            }
        }
        throw new AssertionError("a slow connection was still open after " + CLOSED_WITHIN);
    }

    /** True once the server closed the connection; answers it might send first are skipped. */
    private static boolean readsEndOfStream(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return true;
        }
    }
}
