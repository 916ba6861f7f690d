package dev.annotations.api.score;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import dev.annotations.api.scoreconfig.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bad value never fails another request's write. First line: what ClickHouse would refuse is refused at
 * validation (400 naming the field). Second line: should a value slip through — with durability {@code log},
 * ClickHouse refuses it only when the loader inserts it, after it was acknowledged: the loader isolates it by
 * halving the batch, keeps it with ClickHouse's reason in the log's refused file, and stores every other row.
 * With durability {@code insert} the group commit splits the failed INSERT the same way and refuses the
 * offending row (400).
 */
class PoisonPillTest {
    private static final int VALID = 200;
    private static AnnotationService service;
    private static ApiClient client;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        keyA = adminOf(project("poison-a"));
        keyB = adminOf(project("poison-b"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String project(String name) {
        return client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY, "{\"name\":\"" + name + "\"}").json()
                .get("id").asText();
    }

    private static String adminOf(String project) {
        return client.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"writer\",\"role\":\"ADMIN\"}").json().get("key").asText();
    }

    private static String score(String comment, String timestamp) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\""
                + ScoreFixture.randomTrace() + "\"},\"name\":\"quality\",\"value\":1,\"comment\":\"" + comment + "\""
                + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"") + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a lone surrogate in the comment | \\ud800 | | comment",
            "a reversed surrogate pair | \\udc00\\ud800 | | comment",
            "a timestamp past DateTime64's range | fine | +292278994-08-17T07:12:55Z | timestamp",
            "a timestamp before DateTime64's range | fine | 1899-12-31T23:59:59.999Z | timestamp"})
    void one_poison_request_among_200_concurrent_valid_ones_in_two_projects_is_the_only_one_refused(
            String what, String comment, String timestamp, String field) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<ApiClient.Response>> valid = new ArrayList<>();
            for (int i = 0; i < VALID; i++) {
                String key = i % 2 == 0 ? keyA : keyB;
                valid.add(pool.submit(() -> client.postJson("/api/v1/scores", key, score("fine", null))));
                if (i == VALID / 2) {
                    valid.add(pool.submit(() -> client.postJson("/api/v1/scores", keyA, score(comment, timestamp))));
                }
            }
            int stored = 0;
            List<ApiClient.Response> refused = new ArrayList<>();
            for (Future<ApiClient.Response> response : valid) {
                ApiClient.Response answer = response.get();
                if (answer.status() == 201) {
                    stored++;
                } else {
                    refused.add(answer);
                }
            }
            assertThat(stored).as(what).isEqualTo(VALID);
            assertThat(refused).hasSize(1);
            assertThat(refused.getFirst().status()).as(refused.getFirst().body()).isEqualTo(400);
            assertThat(refused.getFirst().json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_patch_with_a_lone_surrogate_is_refused_with_400() {
        ApiClient.Response created = client.postJson("/api/v1/scores", keyA, score("fine", null));
        ApiClient.Response patched = client.patchJson("/api/v1/scores/" + created.json().get("id").asText(), keyA,
                "{\"comment\":\"bad \\ud800 text\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(400);
        assertThat(patched.json().get("errors").get(0).get("field").asText()).isEqualTo("comment");
    }

    @ParameterizedTest
    @CsvSource({"from, 0000-01-01T00:00:00Z", "to, +999999-01-01T00:00:00Z"})
    void a_list_bound_outside_DateTime64_is_refused_with_400(String parameter, String instant) {
        ApiClient.Response response = client.get("/api/v1/scores?" + parameter + "=" + instant, keyA);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
    }

    @Test
    void with_durability_log_rows_clickhouse_refuses_after_they_were_acknowledged_are_kept_aside_and_the_rest_stored(
            @TempDir Path logDirectory) throws Exception {
        ScoreRepository repository = new ScoreRepository(service.storage());
        UUID projectA = UUID.randomUUID();
        UUID projectB = UUID.randomUUID();
        List<ScoreWriter.Write> writes = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            writes.add(write(row(i % 2 == 0 ? projectA : projectB, "fine")));
        }
        // past validation on purpose: this is the second line of defence
        ScoreWriter.Write surrogate = write(row(projectA, "bad \ud800 text"));
        ScoreWriter.Write refusedLater = write(ScoreLogTest.withTimestamp(row(projectB, "fine"),
                Instant.parse("+292278994-08-17T07:12:55Z")));
        writes.add(VALID / 3, surrogate);
        writes.add(2 * VALID / 3, refusedLater);
        try (ScoreLog log = ScoreLog.open(logDirectory, repository, new ScoreLog.Limits(100_000, 64L << 20, Duration.ofMillis(100)));
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            List<WriteOutcome> answers = writer.submit(writes).stream().map(CompletableFuture::join).toList();
            assertThat(answers).as("all acknowledged: the log holds them").allMatch(WriteOutcome.Stored.class::isInstance);
            log.startLoading();
            Polling.until(Duration.ofSeconds(120), "the log loaded", () -> log.statistics().pendingRows() == 0);

            assertThat(log.statistics().refusedRows()).isEqualTo(2);
            List<String> kept = Files.readAllLines(log.refusedFile());
            assertThat(kept).hasSize(2);
            assertThat(kept).anySatisfy(line -> assertThat(line).contains(surrogate.score().id().toString())
                    .contains("\"reason\":\"Code: "));
            assertThat(kept).anySatisfy(line -> assertThat(line).contains(refusedLater.score().id().toString())
                    .contains("Cannot read DateTime"));
            assertThat(log.statistics().inserts()).as("a handful of INSERTs, not one per row").isLessThan(40);
        }
        List<ScoreRepository.Key> ids = writes.stream().filter(write -> write != surrogate && write != refusedLater)
                .map(write -> new ScoreRepository.Key(write.score().projectId(), write.score().id())).toList();
        assertThat(repository.latestVersions(ids)).hasSize(VALID);
    }

    @Test
    void with_durability_insert_a_row_clickhouse_refuses_is_split_out_of_its_group_and_the_rest_stored() {
        ScoreRepository repository = new ScoreRepository(service.storage());
        try (ScoreWriter writer = new ScoreWriter(repository)) {
            UUID projectA = UUID.randomUUID();
            UUID projectB = UUID.randomUUID();
            List<ScoreWriter.Write> writes = new ArrayList<>();
            for (int i = 0; i < VALID; i++) {
                writes.add(write(row(i % 2 == 0 ? projectA : projectB, "fine")));
            }
            // past validation on purpose: this is the second line of defence
            ScoreWriter.Write poison = write(row(projectA, "bad \ud800 text"));
            writes.add(VALID / 3, poison);

            List<CompletableFuture<WriteOutcome>> outcomes = writer.submit(writes);

            List<WriteOutcome> answers = outcomes.stream().map(CompletableFuture::join).toList();
            assertThat(answers.get(VALID / 3)).isInstanceOf(WriteOutcome.Refused.class);
            assertThat(answers).filteredOn(WriteOutcome.Stored.class::isInstance).hasSize(VALID);
            List<ScoreRepository.Key> ids = writes.stream().filter(write -> write != poison)
                    .map(write -> new ScoreRepository.Key(write.score().projectId(), write.score().id())).toList();
            assertThat(repository.latestVersions(ids)).hasSize(VALID);
            assertThat(writer.statistics().inserts()).as("a handful of INSERTs, not one per row").isLessThan(40);
        }
    }

    private static ScoreWriter.Write write(Score score) {
        return new ScoreWriter.Write(score, false, false, new CompletableFuture<>());
    }

    private static Score row(UUID project, String comment) {
        Instant now = Instant.now();
        return new Score(UUID.randomUUID(), project, new Target(TargetType.TRACE, ScoreFixture.randomTrace(), null, null,
                null, null, null), "quality", DataType.NUMERIC, 1.0, "", List.of(), comment, Map.of(), null, null,
                Source.API, AnnotatorKind.HUMAN, "writer", "writer", now, now, now, "writer", 1, false);
    }
}
