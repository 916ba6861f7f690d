package dev.annotations.api.system;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #11: 32 connections to the engine's port that never finish their headers held every HTTP thread
 * of the engine, and the API's score writes and reads hung for more than 100 s. Now they cost the engine
 * no thread its statements need: writes and reads answer while the slow connections are still open
 * (the engine closes them {@code MAX_REQUEST_SECONDS} = 10 s after their first byte; the few requests here
 * take well under a second). Had they waited for the engine to drop the slow connections, those would be
 * closed by the time the requests answered.
 */
class SlowEngineClientsTest {
    private static final int SLOW_CONNECTIONS = 32;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void score_writes_and_reads_answer_while_32_slow_connections_hold_the_engine_port() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ExecutorService tricklers = Executors.newVirtualThreadPerTaskExecutor();
        try (AnnotationService service = TestService.start(TestService.freshDatabase())) {
            ApiClient client = new ApiClient(service.port());
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", SharedClickHouse.engine().port()), 5_000);
                slow.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write("POST / HTTP/1.1\r\nHost: engine\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                tricklers.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(500);
                    }
                    return null;
                });
            }

            for (int i = 0; i < 3; i++) {
                String id = UUID.randomUUID().toString();
                ApiClient.Response written = retrying503(() -> client.postJson("/api/v1/scores", TestService.BOOTSTRAP_KEY,
                        "{\"id\":\"" + id + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + UUID.randomUUID().toString().replace("-", "")
                                + "\"},\"name\":\"quality\",\"value\":1}"));
                assertThat(written.status()).as(written.body()).isEqualTo(201);
                ApiClient.Response read = retrying503(() -> client.get("/api/v1/scores/" + id, TestService.BOOTSTRAP_KEY));
                assertThat(read.status()).as(read.body()).isEqualTo(200);
            }

            for (Socket socket : slow) {
                assertThat(stillOpen(socket)).as("the slow connections were still open meanwhile").isTrue();
            }
        } finally {
            tricklers.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(10);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException nothingToReadYet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /** As a client should: a 503 is retried, within the bound. */
    private static ApiClient.Response retrying503(java.util.function.Supplier<ApiClient.Response> call)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        ApiClient.Response response = call.get();
        while (response.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = call.get();
        }
        return response;
    }
}
