package dev.annotations.api.score;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TcpProxy;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "503 means not stored": an INSERT whose answer is lost is read back before the write is answered, a
 * write still queued when its caller gives up is withdrawn, and only what reading back cannot find is
 * answered as unconfirmed — and then a retry with the same id is safe. ClickHouse is reached through a
 * proxy that loses our INSERTs (JSONEachRow) half-way.
 */
class UnconfirmedWriteTest {
    private static final String INSERTS = "JSONEachRow";
    private static final String KEY = TestService.BOOTSTRAP_KEY;

    @Test
    void a_score_whose_insert_answer_is_lost_is_found_by_reading_back_and_acknowledged() throws Exception {
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = start(proxy, 2)) {
            ApiClient client = new ApiClient(service.port(), Duration.ofSeconds(120));
            String id = UUID.randomUUID().toString();
            proxy.fail(INSERTS, TcpProxy.Fault.SWALLOW_ANSWER);

            long started = System.nanoTime();
            ApiClient.Response stored = client.postJson("/api/v1/scores", KEY, score(id));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
            assertThat(took).as("answered only after the INSERT's socket timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            proxy.heal();
            assertThat(versions(client, id)).isEqualTo(1);
            assertThat(client.postJson("/api/v1/scores", KEY, score(id)).status()).isEqualTo(200);
            assertThat(versions(client, id)).isEqualTo(1);
        }
    }

    @Test
    void a_score_whose_insert_never_arrived_answers_503_saying_it_is_unconfirmed_and_a_retry_stores_it_once()
            throws Exception {
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = start(proxy, 2)) {
            ApiClient client = new ApiClient(service.port(), Duration.ofSeconds(120));
            String id = UUID.randomUUID().toString();
            proxy.fail(INSERTS, TcpProxy.Fault.DROP_REQUEST);

            ApiClient.Response lost = client.postJson("/api/v1/scores", KEY, score(id));

            assertThat(lost.status()).as(lost.body()).isEqualTo(503);
            assertThat(lost.header("Retry-After")).isNotNull();
            assertThat(lost.json().get("detail").asText()).contains("may still be stored")
                    .contains("Retry with the same id");
            proxy.heal();
            assertThat(client.get("/api/v1/scores/" + id, KEY).status()).isEqualTo(404);
            ApiClient.Response retried = client.postJson("/api/v1/scores", KEY, score(id));
            assertThat(retried.status()).as(retried.body()).isEqualTo(201);
            assertThat(versions(client, id)).isEqualTo(1);
        }
    }

    @Test
    void a_write_still_queued_when_its_wait_ends_is_withdrawn_answered_503_and_never_stored() throws Exception {
        // an INSERT that hangs longer than a queued write waits (ScoreService.QUEUE_WAIT_SECONDS = 10)
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = start(proxy, 15)) {
            ApiClient client = new ApiClient(service.port(), Duration.ofSeconds(120));
            String hanging = UUID.randomUUID().toString();
            String queued = UUID.randomUUID().toString();
            proxy.fail(INSERTS, TcpProxy.Fault.SWALLOW_ANSWER);

            CompletableFuture<ApiClient.Response> first = CompletableFuture.supplyAsync(
                    () -> client.postJson("/api/v1/scores", KEY, score(hanging)));
            awaitInsertHanging(client, hanging);
            ApiClient.Response second = client.postJson("/api/v1/scores", KEY, score(queued));

            assertThat(second.status()).as(second.body()).isEqualTo(503);
            assertThat(second.json().get("detail").asText()).contains("nothing was stored");
            proxy.heal();
            assertThat(first.get().status()).as(first.get().body()).isEqualTo(201);
            assertThat(client.get("/api/v1/scores/" + queued, KEY).status()).isEqualTo(404);
            assertThat(client.get("/api/v1/scores/" + hanging, KEY).status()).isEqualTo(200);
        }
    }

    private static AnnotationService start(TcpProxy proxy, int writeTimeoutSeconds) {
        return AnnotationService.start(TestService.config(TestService.freshDatabase(),
                        "jdbc:clickhouse:http://127.0.0.1:" + proxy.port() + "/default?compress=false",
                        Map.of("ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS", Integer.toString(writeTimeoutSeconds))),
                Clock.systemUTC(), key -> { });
    }

    /** The first write's INSERT has reached ClickHouse (its row is there) while its answer hangs in the proxy. */
    private static void awaitInsertHanging(ApiClient client, String id) {
        Polling.until(Duration.ofSeconds(10), "the INSERT reached ClickHouse",
                () -> client.get("/api/v1/scores/" + id, KEY).status() == 200);
    }

    private static String score(String id) {
        return "{\"id\":\"" + id + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"},"
                + "\"name\":\"confirmed\",\"value\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    }

    private static int versions(ApiClient client, String id) {
        ApiClient.Response history = client.get("/api/v1/scores/" + id + "/history", KEY);
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        return history.json().get("items").size();
    }
}
