package dev.annotations.api.fault;

import dev.annotations.api.ApiClient;
import dev.annotations.api.ChildEngine;
import dev.annotations.api.ChildJvm;
import dev.annotations.api.Polling;
import dev.annotations.api.ServiceProcess;
import dev.annotations.api.TestService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as users run it (its own JVM, the embedded engine under its data directory) killed with
 * {@code kill -9} while 32 clients post scores with ids of their own: after a restart on the same data,
 * every acknowledged score is there, and posting every id again — acknowledged or not — stores none twice; the
 * history holds each (id, version) once. Both durability models: {@code log} (the embedded default: acknowledged
 * once in the write-ahead log, which the restart replays) and {@code insert}.
 */
class CrashTest {
    private static final int WRITERS = 32;
    /** Enough acknowledged writes that the kill surely lands while INSERTs run. */
    private static final long ACKNOWLEDGED_BEFORE_KILL = 1_500;
    private static final Duration LIMIT = Duration.ofSeconds(240);

    @ParameterizedTest(name = "durability {0}")
    @ValueSource(strings = {"log", "insert"})
    void every_acknowledged_score_survives_kill_9_under_32_writers_and_posting_every_id_again_stores_none_twice(
            String durability, @TempDir Path data) throws Exception {
        Map<String, String> environment = Map.of("ANNOTATION_DATA_DIR", data.toString(),
                "ANNOTATION_SCORE_DURABILITY", durability);
        List<ScoreLoad.Answer> answers;
        try (ServiceProcess first = ServiceProcess.start(environment)) {
            ApiClient client = new ApiClient(first.port(), Duration.ofSeconds(120));
            first.awaitReady(client, LIMIT);
            try (ScoreLoad load = new ScoreLoad(client, TestService.BOOTSTRAP_KEY, WRITERS, 0)) {
                Polling.until(LIMIT, ACKNOWLEDGED_BEFORE_KILL + " scores acknowledged",
                        () -> load.acknowledgedCount() >= ACKNOWLEDGED_BEFORE_KILL);
                first.jvm().kill();
                load.close();
                answers = load.answers();
            }
        }
        Set<String> acknowledged = answers.stream().filter(ScoreLoad.Answer::acknowledged).map(ScoreLoad.Answer::id)
                .collect(Collectors.toSet());
        Set<String> written = answers.stream().map(ScoreLoad.Answer::id).collect(Collectors.toSet());
        System.out.println("CrashTest (" + durability + "): " + acknowledged.size() + " acknowledged of " + written.size() + " sent before kill -9; "
                + answers.stream().collect(Collectors.groupingBy(ScoreLoad.Answer::status, Collectors.counting())));
        assertThat(answers).extracting(ScoreLoad.Answer::status).as("every answer before the kill")
                .allMatch(status -> status == 201 || status == 200 || status == 503 || status == ScoreLoad.NO_ANSWER);

        Map<String, Integer> reposted;
        try (ServiceProcess second = ServiceProcess.start(environment)) {
            ApiClient client = new ApiClient(second.port(), Duration.ofSeconds(120));
            second.awaitReady(client, LIMIT);
            reposted = Reposting.repost(client, written);
            assertThat(second.jvm().stop(Duration.ofSeconds(60))).as(second.jvm().output()).isIn(0, 143);
        }
        assertThat(acknowledged.stream().filter(id -> reposted.get(id) != 200).toList())
                .as("acknowledged before the kill, so already stored: posting again answers 200").isEmpty();

        try (ChildEngine engine = new ChildEngine(data.resolve("clickhouse"), ChildJvm.freePort()).start()) {
            for (boolean useFinal : new boolean[]{false, true}) {
                Map<String, Long> rows = EngineFaultTest.rowsPerId(engine, "otel", useFinal);
                assertThat(rows.keySet()).as("every id stored once posted again (FINAL " + useFinal + ")").containsAll(written);
                assertThat(rows.entrySet().stream().filter(row -> row.getValue() != 1).map(Map.Entry::getKey).toList())
                        .as("ids with more than one row (FINAL " + useFinal + ")").isEmpty();
            }
            String twice = engine.query("SELECT toString(id), version, count() AS n FROM otel.annotation_score_history"
                    + " GROUP BY id, version HAVING n > 1 FORMAT TabSeparated");
            assertThat(twice.lines().filter(line -> !line.isBlank()).toList())
                    .as("(id, version) pairs the history holds more than once").isEmpty();
        }
    }
}
