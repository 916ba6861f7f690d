package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue owner with durability {@code journal} dies while the submissions it acknowledged are still only in its
 * journal (its load interval is long): the other instance never takes the queue over, not even after the lease and
 * the grace expired (it would read a log without those submissions and serve their items again); the owner restarts
 * on its journal, loads it, serves the queue again, and the stored log keeps every invariant, each event once.
 */
class QueueJournalCrashTest {
    private static final int ITEMS = 12;
    private static final int ANNOTATORS = 4;
    private static final int TIMEOUT_SECONDS = 120;

    @Test
    void a_dead_journal_owner_keeps_its_queue_until_it_restarts_and_loses_no_acknowledged_submission(
            @TempDir Path journalDirectory) {
        String database = TestService.freshDatabase();
        TestClock clock = new TestClock();
        AppConfig journaled = TestService.config(database, SharedClickHouse.engine().jdbcUrl("default"), Map.of(
                "ANNOTATION_QUEUE_DURABILITY", "journal",
                "ANNOTATION_QUEUE_JOURNAL_DIR", journalDirectory.toString(),
                // nothing loads before the crash unless a new owner asks for it
                "ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", "60000"));
        AnnotationService owner = AnnotationService.start(journaled, clock, key -> { });
        AnnotationService survivor = TestService.start(database, clock);
        AnnotationService restarted = null;
        boolean ownerDead = false;
        try (QueueFixture f = new QueueFixture(survivor, clock)) {
            Duration patience = Duration.ofSeconds(120);
            ApiClient toOwner = new ApiClient(owner.port(), patience);
            ApiClient toSurvivor = new ApiClient(survivor.port(), patience);
            List<String> names = new ArrayList<>();
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < ANNOTATORS; i++) {
                names.add("journal-annotator-" + i);
                members.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
            }
            Map<String, String> keys = new HashMap<>();
            names.forEach(name -> keys.put(name, f.key(name, "ANNOTATOR")));
            String queue = f.queue("journal-crash", "LOAD_BALANCED", 1, TIMEOUT_SECONDS, false, members.toString(), "");
            f.addTraces(queue, ITEMS);
            List<QueueInvariantTest.Ack> acks = new CopyOnWriteArrayList<>();

            assertThat(toOwner.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}").status())
                    .isEqualTo(200);
            for (int round = 0; round < 2; round++) {
                for (String name : names) {
                    QueueLeaseCrashTest.work(toSurvivor, queue, keys.get(name), name, f, acks, true);
                }
            }
            assertThat(acks).hasSize(2 * ANNOTATORS);
            JsonNode health = toOwner.get("/health", null).json().get("queueJournal");
            assertThat(health.get("pendingEvents").asLong()).as("the acknowledged submissions wait in the journal")
                    .isGreaterThanOrEqualTo(2 * ANNOTATORS);
            assertThat(storedSubmissions(f.service, queue)).as("none of them is in ClickHouse yet").isZero();
            for (String name : names) {
                assertThat(toSurvivor.postJson("/api/v1/queues/" + queue + "/next", keys.get(name), "{}").status())
                        .isEqualTo(200);
            }
            owner.crash();
            ownerDead = true;

            clock.advance(QueueOwnership.LEASE.plus(AppConfig.Timeouts.socketTimeout(
                    AppConfig.Timeouts.DEFAULT_WRITE_SECONDS)).plusSeconds(1));
            ApiClient.Response refused = toSurvivor.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().get("detail").asText()).contains("journal");

            restarted = AnnotationService.start(journaled, clock, key -> { });
            ApiClient toRestarted = new ApiClient(restarted.port(), patience);
            ApiClient.Response back = toRestarted.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}");
            assertThat(back.status()).as("the restarted owner serves its queue again: %s", back.body()).isIn(200, 204);
            assertThat(storedSubmissions(f.service, queue)).as("its journal was loaded first").isEqualTo(2 * ANNOTATORS);

            clock.advance(Duration.ofSeconds(TIMEOUT_SECONDS + 1));
            for (int round = 0; round < 4 * ITEMS && QueueLeaseCrashTest.completed(toRestarted, queue, f) < ITEMS; round++) {
                String name = names.get(round % ANNOTATORS);
                QueueLeaseCrashTest.work(toSurvivor, queue, keys.get(name), name, f, acks, false);
            }
            assertThat(QueueLeaseCrashTest.completed(toRestarted, queue, f)).isEqualTo(ITEMS);
            restarted.close();
            restarted = null;
            QueueInvariantTest.checkLog(survivor.storage(), UUID.fromString(queue), acks, ITEMS, 1);
        } finally {
            if (!ownerDead) {
                owner.close();
            }
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void an_owner_restarted_with_durability_insert_loads_the_journal_it_left_and_serves_its_queue_again(
            @TempDir Path journalDirectory) {
        String database = TestService.freshDatabase();
        TestClock clock = new TestClock();
        Map<String, String> journal = Map.of("ANNOTATION_QUEUE_DURABILITY", "journal",
                "ANNOTATION_QUEUE_JOURNAL_DIR", journalDirectory.toString(),
                "ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", "60000");
        String url = SharedClickHouse.engine().jdbcUrl("default");
        AnnotationService owner = AnnotationService.start(TestService.config(database, url, journal), clock, key -> { });
        AnnotationService restarted = null;
        boolean ownerDead = false;
        try {
            QueueFixture f = new QueueFixture(owner, clock); // not closed: its service crashes, the finally stops the rest
            String name = "switching-annotator";
            String key = f.key(name, "ANNOTATOR");
            String queue = f.queue("journal-switch", "LOAD_BALANCED", 1, TIMEOUT_SECONDS, false, '"' + name + '"', "");
            f.addTraces(queue, 3);
            List<QueueInvariantTest.Ack> acks = new CopyOnWriteArrayList<>();
            QueueLeaseCrashTest.work(f.client, queue, key, name, f, acks, true);
            QueueLeaseCrashTest.work(f.client, queue, key, name, f, acks, true);
            owner.crash();
            ownerDead = true;

            Map<String, String> insert = new HashMap<>(journal);
            insert.put("ANNOTATION_QUEUE_DURABILITY", "insert");
            restarted = AnnotationService.start(TestService.config(database, url, insert), clock, key2 -> { });
            ApiClient toRestarted = new ApiClient(restarted.port(), Duration.ofSeconds(120));
            clock.advance(QueueOwnership.LEASE.plus(AppConfig.Timeouts.socketTimeout(
                    AppConfig.Timeouts.DEFAULT_WRITE_SECONDS)).plusSeconds(1));
            ApiClient.Response back = toRestarted.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
            assertThat(back.status()).as("it takes back the lease its journal's name carries: %s", back.body())
                    .isEqualTo(200);
            assertThat(storedSubmissions(restarted, queue)).as("after loading the journal").isEqualTo(2);
            assertThat(toRestarted.get("/health", null).json().get("queueJournal").get("pendingEvents").asLong()).isZero();
            QueueLeaseCrashTest.work(toRestarted, queue, key, name, f, acks, true);
            QueueInvariantTest.checkLog(restarted.storage(), UUID.fromString(queue), acks, 3, 1);
        } finally {
            if (!ownerDead) {
                owner.close();
            }
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static long storedSubmissions(AnnotationService service, String queue) {
        return ((Number) service.storage().call(dsl -> dsl.fetchValue("SELECT count() FROM "
                + service.storage().qualified("annotation_queue_events") + " WHERE queue_id = ? AND type = 'SUBMITTED'",
                UUID.fromString(queue)))).longValue();
    }
}
