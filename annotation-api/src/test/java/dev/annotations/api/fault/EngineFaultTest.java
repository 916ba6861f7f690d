package dev.annotations.api.fault;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.ChildEngine;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClickHouse frozen ({@code kill -STOP}) and killed ({@code kill -9}, then restarted on the same data)
 * underneath a service in server mode carrying load: requests answer 503 — never 500, never later than
 * the documented bound — acknowledged scores are all stored, a 503 that says "nothing was stored" is not,
 * and the service recovers by itself.
 *
 * <p>Timeouts are set low (reads and INSERTs 4 s in ClickHouse) to keep the test short; the bound is the
 * README's formula for them, plus a margin for a loaded 2-core machine.
 */
class EngineFaultTest {
    private static final int STATEMENT_SECONDS = 4;
    /** A statement: 5 s waiting for a connection + max_execution_time + 2 s socket margin. */
    private static final Duration STATEMENT = Duration.ofSeconds(5 + STATEMENT_SECONDS + 2);
    /** A read: the key's lookup (when not cached) and the read itself, a statement each. */
    private static final Duration READ_BOUND = STATEMENT.multipliedBy(2);
    /**
     * A score write: the key's lookup, 10 s queued, the id lookup and the INSERT (a statement each), then up
     * to 10 s reading back an unconfirmed INSERT.
     */
    private static final Duration WRITE_BOUND = STATEMENT.multipliedBy(3).plusSeconds(10).plusSeconds(10);
    /** Generous: a loaded machine adds seconds to any of the steps above. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration FAULT_LASTS = Duration.ofSeconds(30);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(180);

    @Test
    void a_frozen_clickhouse_turns_requests_into_503s_within_the_bound_and_the_service_recovers_when_it_continues()
            throws Exception {
        try (ChildEngine engine = ChildEngine.onFreePort().start()) {
            String database = TestService.freshDatabase();
            try (AnnotationService service = start(engine, database)) {
                ApiClient client = new ApiClient(service.port(), WRITE_BOUND.plus(MARGIN).plus(MARGIN));
                List<ScoreLoad.Answer> answers;
                long faultStarted;
                long faultEnded;
                try (ScoreLoad load = new ScoreLoad(client, TestService.BOOTSTRAP_KEY, 6, 2)) {
                    awaitAcknowledged(load, 100);
                    faultStarted = System.nanoTime();
                    engine.freeze();
                    Thread.sleep(FAULT_LASTS.toMillis());
                    assertThat(client.get("/ready", null).status()).isEqualTo(503);
                    engine.thaw();
                    faultEnded = System.nanoTime();
                    awaitAcknowledgedAfter(load, faultEnded, 50);
                    load.close();
                    answers = load.answers();
                }
                assertFaultAnswers(answers, faultStarted, faultEnded);
                awaitReady(client);
                assertStoredAsAnswered(engine, database, answers);
                repostEverything(client, answers);
                assertOneRowPerId(engine, database, answers);
            }
        }
    }

    @Test
    void a_killed_clickhouse_turns_requests_into_503s_within_the_bound_and_the_service_recovers_after_its_restart()
            throws Exception {
        try (ChildEngine engine = ChildEngine.onFreePort().start()) {
            String database = TestService.freshDatabase();
            try (AnnotationService service = start(engine, database)) {
                ApiClient client = new ApiClient(service.port(), WRITE_BOUND.plus(MARGIN).plus(MARGIN));
                List<ScoreLoad.Answer> answers;
                long faultStarted;
                long faultEnded;
                try (ScoreLoad load = new ScoreLoad(client, TestService.BOOTSTRAP_KEY, 6, 2)) {
                    awaitAcknowledged(load, 100);
                    faultStarted = System.nanoTime();
                    engine.kill();
                    Thread.sleep(FAULT_LASTS.toMillis());
                    ApiClient.Response down = client.get("/ready", null);
                    assertThat(down.status()).isEqualTo(503);
                    assertThat(down.json().get("detail").asText()).startsWith("ClickHouse at jdbc:clickhouse:http://127.0.0.1:"
                            + engine.port() + "/default does not answer: ");
                    engine.start();
                    faultEnded = System.nanoTime();
                    awaitAcknowledgedAfter(load, faultEnded, 50);
                    load.close();
                    answers = load.answers();
                }
                assertFaultAnswers(answers, faultStarted, faultEnded);
                awaitReady(client);
                assertStoredAsAnswered(engine, database, answers);
                repostEverything(client, answers);
                assertOneRowPerId(engine, database, answers);
            }
        }
    }

    private static AnnotationService start(ChildEngine engine, String database) {
        Map<String, String> settings = Map.of(
                "CLICKHOUSE_USER", ChildEngine.USER,
                "CLICKHOUSE_PASSWORD", ChildEngine.PASSWORD,
                "ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS", Integer.toString(STATEMENT_SECONDS),
                "ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS", Integer.toString(STATEMENT_SECONDS));
        return AnnotationService.start(TestService.config(database, engine.jdbcUrl(), settings), Clock.systemUTC(), key -> { });
    }

    /** No 500, every answer within the bound, 503s for reads and writes while the fault lasted. */
    private static void assertFaultAnswers(List<ScoreLoad.Answer> answers, long faultStarted, long faultEnded) {
        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(ScoreLoad.Answer::status,
                java.util.TreeMap::new, Collectors.counting()));
        System.out.println("EngineFaultTest: statuses " + statuses + ", slowest read " + slowest(answers, ScoreLoad.Kind.READ)
                .toMillis() + " ms, slowest write " + slowest(answers, ScoreLoad.Kind.WRITE).toMillis() + " ms");
        answers.stream().sorted(java.util.Comparator.comparing(ScoreLoad.Answer::took).reversed()).limit(5)
                .forEach(answer -> System.out.println("  " + answer.kind() + " " + answer.status() + " took "
                        + answer.took().toMillis() + " ms, started " + Duration.ofNanos(answer.startedNanos() - faultStarted)
                        .toMillis() + " ms after the fault began: " + answer.detail()));
        assertThat(statuses.keySet()).as("statuses " + statuses).isSubsetOf(200, 201, 503);
        assertThat(slowest(answers, ScoreLoad.Kind.READ)).as("slowest read").isLessThanOrEqualTo(READ_BOUND.plus(MARGIN));
        assertThat(slowest(answers, ScoreLoad.Kind.WRITE)).as("slowest write").isLessThanOrEqualTo(WRITE_BOUND.plus(MARGIN));
        Predicate<ScoreLoad.Answer> duringFault = answer -> answer.startedNanos() >= faultStarted
                && answer.startedNanos() < faultEnded;
        assertThat(answers).filteredOn(duringFault).filteredOn(answer -> answer.kind() == ScoreLoad.Kind.READ)
                .extracting(ScoreLoad.Answer::status).contains(503);
        assertThat(answers).filteredOn(duringFault).filteredOn(answer -> answer.kind() == ScoreLoad.Kind.WRITE)
                .extracting(ScoreLoad.Answer::status).contains(503);
    }

    private static Duration slowest(List<ScoreLoad.Answer> answers, ScoreLoad.Kind kind) {
        return answers.stream().filter(answer -> answer.kind() == kind).map(ScoreLoad.Answer::took)
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Every acknowledged id is stored; every 503 that says nothing was stored is not. */
    private static void assertStoredAsAnswered(ChildEngine engine, String database, List<ScoreLoad.Answer> answers) {
        Map<String, Long> rows = rowsPerId(engine, database, false);
        Set<String> acknowledged = answers.stream().filter(ScoreLoad.Answer::acknowledged).map(ScoreLoad.Answer::id)
                .collect(Collectors.toSet());
        Set<String> notStored = answers.stream().filter(answer -> answer.kind() == ScoreLoad.Kind.WRITE
                        && answer.status() == 503 && answer.detail().contains("nothing was stored"))
                .map(ScoreLoad.Answer::id).collect(Collectors.toSet());
        assertThat(rows.keySet()).as("acknowledged ids stored").containsAll(acknowledged);
        assertThat(rows.keySet()).as("ids answered 'nothing was stored'").doesNotContainAnyElementsOf(notStored);
    }

    /** Posts every id again, as a client retrying does: each answers 200 (was stored) or 201 (is now). */
    private static void repostEverything(ApiClient client, List<ScoreLoad.Answer> answers) throws InterruptedException {
        Set<String> ids = answers.stream().filter(answer -> answer.kind() == ScoreLoad.Kind.WRITE)
                .map(ScoreLoad.Answer::id).collect(Collectors.toSet());
        Reposting.repost(client, ids);
    }

    private static void assertOneRowPerId(ChildEngine engine, String database, List<ScoreLoad.Answer> answers) {
        Set<String> ids = answers.stream().filter(answer -> answer.kind() == ScoreLoad.Kind.WRITE)
                .map(ScoreLoad.Answer::id).collect(Collectors.toSet());
        for (boolean useFinal : new boolean[]{false, true}) {
            Map<String, Long> rows = rowsPerId(engine, database, useFinal);
            assertThat(rows.keySet()).as("every id stored (FINAL " + useFinal + ")").containsAll(ids);
            assertThat(rows.values().stream().filter(count -> count != 1).count())
                    .as("ids with more than one row (FINAL " + useFinal + ")").isZero();
        }
    }

    static Map<String, Long> rowsPerId(ChildEngine engine, String database, boolean useFinal) {
        Map<String, Long> rows = new HashMap<>();
        String text = engine.query("SELECT toString(id), count() FROM " + database + ".annotation_scores"
                + (useFinal ? " FINAL" : "") + " GROUP BY id FORMAT TabSeparated");
        text.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split("\t");
            rows.put(cells[0], Long.parseLong(cells[1]));
        });
        return rows;
    }

    private static void awaitAcknowledged(ScoreLoad load, long count) throws InterruptedException {
        Polling.until(RECOVERY_LIMIT, () -> "acknowledged " + load.acknowledgedCount() + " " + load.statusCounts(),
                () -> load.acknowledgedCount() >= count);
    }

    private static void awaitAcknowledgedAfter(ScoreLoad load, long since, long count) throws InterruptedException {
        Polling.until(RECOVERY_LIMIT, () -> "recovered: " + load.statusCounts(), () -> load.answers().stream()
                .filter(answer -> answer.acknowledged() && answer.startedNanos() > since).count() >= count);
    }

    private static void awaitReady(ApiClient client) {
        Polling.until(RECOVERY_LIMIT, "ready again", () -> client.get("/ready", null).status() == 200);
    }
}
