package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TcpProxy;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability {@code log} through the API: with ClickHouse unreachable, writes are still acknowledged, and the
 * pending versions answer point reads, edits, deletes and idempotent retries; once ClickHouse is back every
 * acknowledged version is loaded, each once. A row ClickHouse refuses after it was acknowledged shows in
 * {@code GET /health}.
 */
class ScoreLogApiTest {
    private static final Duration LOADED_WITHIN = Duration.ofSeconds(120);

    /** The clock stands still, so the API key cache (10 s) outlives the outage however slow the machine is. */
    private static AnnotationService start(String url, Path logDirectory) {
        return AnnotationService.start(TestService.config(TestService.freshDatabase(), url,
                        Map.of("ANNOTATION_SCORE_DURABILITY", "log", "ANNOTATION_SCORE_LOG_DIR", logDirectory.toString())),
                Clock.fixed(Instant.now(), ZoneOffset.UTC), key -> { });
    }

    private static String body(String id, int value) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"target\":{\"type\":\"TRACE\",\"traceId\":"
                + "\"0123456789abcdef0123456789abcdef\"},\"name\":\"quality\",\"value\":" + value + "}";
    }

    @Test
    void with_clickhouse_unreachable_writes_are_acknowledged_pending_ones_answer_reads_edits_and_retries_and_all_load_later(
            @TempDir Path logDirectory) throws Exception {
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = start("jdbc:clickhouse:http://127.0.0.1:" + proxy.port() + "/default?compress=false",
                     logDirectory)) {
            ApiClient client = new ApiClient(service.port());
            String key = TestService.BOOTSTRAP_KEY;
            assertThat(client.get("/api/v1/scores?limit=1", key).status()).isEqualTo(200);

            proxy.cut();

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ApiClient.Response created = client.postJson("/api/v1/scores", key, body(null, i % 5));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                ids.add(created.json().get("id").asText());
            }
            String edited = ids.get(0);
            String deleted = ids.get(1);
            String retried = ids.get(2);

            ApiClient.Response read = client.get("/api/v1/scores/" + edited, key);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("value").asDouble()).isEqualTo(0.0);
            ApiClient.Response patched = client.patchJson("/api/v1/scores/" + edited, key, "{\"value\":4}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(client.get("/api/v1/scores/" + edited, key).json().get("value").asDouble()).isEqualTo(4.0);
            assertThat(client.delete("/api/v1/scores/" + deleted, key).status()).isEqualTo(204);
            assertThat(client.get("/api/v1/scores/" + deleted, key).status()).isEqualTo(404);
            ApiClient.Response again = client.postJson("/api/v1/scores", key, body(retried, 2));
            assertThat(again.status()).as("a retry of a pending score: " + again.body()).isEqualTo(200);
            ApiClient.Response conflict = client.postJson("/api/v1/scores", key, body(retried, 3));
            assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
            ApiClient.Response unknownId = client.postJson("/api/v1/scores", key, body(UUID.randomUUID().toString(), 1));
            assertThat(unknownId.status()).as("a new client id cannot be checked against ClickHouse: " + unknownId.body())
                    .isEqualTo(503);
            assertThat(unknownId.header("Retry-After")).isNotNull();
            JsonNode health = client.get("/health", null).json();
            assertThat(health.get("scoreLog").get("pendingRows").asLong()).isEqualTo(32);

            proxy.restore();

            Polling.until(LOADED_WITHIN, "the pending scores loaded",
                    () -> service.scoreLogStatistics().orElseThrow().pendingRows() == 0);
            assertThat(client.get("/api/v1/scores/" + edited, key).json().get("value").asDouble()).isEqualTo(4.0);
            assertThat(client.get("/api/v1/scores/" + deleted, key).status()).isEqualTo(404);
            assertThat(client.get("/api/v1/scores/" + edited + "/history", key).json().get("items")).hasSize(2);
            assertThat(client.get("/api/v1/scores/" + deleted + "/history", key).json().get("items")).hasSize(2);
            ApiClient.Response listed = client.get("/api/v1/scores?limit=100", key);
            assertThat(listed.json().get("items")).as(listed.body()).hasSize(29);
            long historyRows = ((Number) service.storage().call(dsl -> dsl.fetchValue("SELECT count() FROM "
                    + service.storage().qualified("annotation_score_history")))).longValue();
            assertThat(historyRows).as("30 scores, one edit, one tombstone: each version once").isEqualTo(32);
            assertThat(client.get("/health", null).json().get("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void scores_a_log_still_holds_are_loaded_and_readable_after_switching_to_durability_insert(@TempDir Path logDirectory) {
        UUID project;
        List<Score> rows;
        try (AnnotationService helper = TestService.start(TestService.freshDatabase());
             ScoreLog log = ScoreLog.open(logDirectory, new ScoreRepository(helper.storage()), new ScoreLog.Limits(1_000, 1 << 20, Duration.ofMillis(100)));
             ScoreWriter writer = new ScoreWriter(new ScoreRepository(helper.storage()), log)) {
            project = UUID.randomUUID();
            rows = ScoreLogTest.rows(project, 12);
            assertThat(writer.submit(rows.stream().map(row -> new ScoreWriter.Write(row, false, false,
                    new CompletableFuture<>())).toList()).stream().map(CompletableFuture::join).toList())
                    .allMatch(WriteOutcome.Stored.class::isInstance);
        }
        try (AnnotationService service = AnnotationService.start(TestService.config(TestService.freshDatabase(),
                        SharedClickHouse.engine().jdbcUrl("default"), Map.of("ANNOTATION_SCORE_DURABILITY", "insert",
                                "ANNOTATION_SCORE_LOG_DIR", logDirectory.toString())), Clock.systemUTC(), key -> { })) {
            Polling.until(LOADED_WITHIN, "the log drained", () -> service.scoreLogStatistics().orElseThrow().pendingRows() == 0);
            ScoreRepository repository = new ScoreRepository(service.storage());
            assertThat(repository.latestVersions(rows.stream().map(row -> new ScoreRepository.Key(row.projectId(), row.id()))
                    .toList())).hasSize(12);
        }
    }

    @Test
    void a_row_clickhouse_refuses_after_it_was_acknowledged_makes_health_report_degraded(@TempDir Path logDirectory) {
        // the record is already in the log when the service starts, as after a crash
        UUID project = UUID.randomUUID();
        Score poison = ScoreLogTest.withTimestamp(ScoreLogTest.rows(project, 1).getFirst(),
                Instant.parse("+292278994-08-17T07:12:55Z"));
        try (AnnotationService helper = TestService.start(TestService.freshDatabase());
             ScoreLog log = ScoreLog.open(logDirectory, new ScoreRepository(helper.storage()), new ScoreLog.Limits(1_000, 1 << 20, Duration.ofMillis(100)));
             ScoreWriter writer = new ScoreWriter(new ScoreRepository(helper.storage()), log)) {
            List<Score> rows = new ArrayList<>(ScoreLogTest.rows(project, 5));
            rows.add(poison);
            assertThat(writer.submit(rows.stream().map(row -> new ScoreWriter.Write(row, false, false,
                    new CompletableFuture<>())).toList()).stream().map(CompletableFuture::join).toList())
                    .allMatch(WriteOutcome.Stored.class::isInstance);
        }
        try (AnnotationService service = start(SharedClickHouse.engine().jdbcUrl("default"), logDirectory)) {
            ApiClient client = new ApiClient(service.port());
            Polling.until(LOADED_WITHIN, "the replayed record loaded",
                    () -> service.scoreLogStatistics().orElseThrow().pendingRows() == 0);
            JsonNode health = client.get("/health", null).json();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("degraded").asText()).contains("refused").contains("refused.jsonl")
                    .as("/health answers anyone: no path of the disk").doesNotContain(logDirectory.toString());
            assertThat(health.get("scoreLog").get("refusedRows").asLong()).isEqualTo(1);
            assertThat(health.get("scoreLog").get("loadedRows").asLong()).isEqualTo(5);
        }
    }

    @Test
    void a_list_or_history_read_right_after_a_write_sees_it_although_the_log_has_not_loaded_it_yet(@TempDir Path logDirectory) {
        try (AnnotationService service = start(SharedClickHouse.engine().jdbcUrl("default"), logDirectory)) {
            ApiClient client = new ApiClient(service.port());
            String key = TestService.BOOTSTRAP_KEY;
            for (int i = 0; i < 40; i++) {
                String traceId = ScoreFixture.randomTrace();
                ApiClient.Response created = client.postJson("/api/v1/scores", key, "{\"target\":{\"type\":\"TRACE\","
                        + "\"traceId\":\"" + traceId + "\"},\"name\":\"quality\",\"value\":" + (i % 5) + "}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String id = created.json().get("id").asText();
                // the loader waits up to 100 ms to fill a batch: without waiting for it, these reads would miss the score
                JsonNode listed = client.get("/api/v1/scores?traceId=" + traceId, key).json().get("items");
                assertThat(listed).as("list right after write " + i).hasSize(1);
                assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
                ApiClient.Response edited = client.patchJson("/api/v1/scores/" + id, key, "{\"value\":" + ((i + 1) % 5) + "}");
                assertThat(edited.status()).as(edited.body()).isEqualTo(200);
                JsonNode versions = client.get("/api/v1/scores/" + id + "/history", key).json().get("items");
                assertThat(versions).as("history right after an edit " + i).hasSize(2);
            }
        }
    }
}
