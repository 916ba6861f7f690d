package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL view {@code annotation_queue_item_status} answers what {@link ItemState#fold} answers, on random
 * logs with every kind of event: claims that expired or are live, ends of every type, duplicate rows for
 * one claim number, approvals and returns, removed items. Expiries lie an hour from now, so the instant a
 * query runs at cannot change the answer.
 */
class ItemStatusViewTest {
    private static final String[] ANNOTATORS = {"annotator-1", "annotator-2", "annotator-3", "annotator-4"};
    private static final EventType[] ENDS = {EventType.RELEASED, EventType.SKIPPED, EventType.EXPIRED,
            EventType.SUBMITTED, EventType.SUBMITTED, EventType.SUBMITTED};
    private static final int ITEMS = 120;

    private static QueueFixture f;
    private static QueueEventRepository events;

    @BeforeAll
    static void start() {
        f = new QueueFixture();
        events = new QueueEventRepository(f.service.storage());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0} per item, review {1}, seed {2}")
    @CsvSource({"1, false, 1", "2, false, 2", "2, true, 3", "3, true, 4"})
    void the_view_agrees_with_the_fold_on_random_logs(int perItem, boolean review, long seed) {
        String queue = f.queue("view-" + UUID.randomUUID(), "LOAD_BALANCED", perItem, 600, review,
                "\"annotator-1\",\"annotator-2\",\"annotator-3\",\"annotator-4\"", "\"reviewer-1\"");
        UUID queueId = UUID.fromString(queue);
        JsonNode added = f.addTraces(queue, ITEMS);
        Random random = new Random(seed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<UUID, List<QueueEvent>> logs = new HashMap<>();
        Map<UUID, Boolean> removed = new HashMap<>();
        List<QueueEvent> all = new ArrayList<>();
        for (JsonNode item : added.get("items")) {
            UUID itemId = UUID.fromString(item.get("id").asText());
            List<QueueEvent> log = randomLog(itemId, random, now);
            logs.put(itemId, log);
            all.addAll(log);
            boolean remove = random.nextInt(12) == 0;
            removed.put(itemId, remove);
            if (remove) {
                assertThat(f.client.delete("/api/v1/queues/" + queue + "/items/" + itemId, f.admin).status()).isEqualTo(204);
            }
        }
        events.insertAll(UUID.fromString(f.project), queueId, all);

        Map<UUID, String> viewed = viewStatuses(queueId);
        Map<ItemStatus, Integer> seen = new HashMap<>();
        assertThat(viewed).hasSize(ITEMS);
        logs.forEach((itemId, log) -> {
            ItemStatus folded = ItemState.fold(log, perItem, review, removed.get(itemId)).status(Instant.now());
            seen.merge(folded, 1, Integer::sum);
            assertThat(viewed.get(itemId)).as("item %s with log %s", itemId, log).isEqualTo(folded.name());
        });
        assertThat(seen.keySet()).as("the random logs reach the statuses the queue can have")
                .contains(ItemStatus.PENDING, ItemStatus.RESERVED, ItemStatus.REMOVED,
                        review ? ItemStatus.IN_REVIEW : ItemStatus.COMPLETED);
    }

    private static Map<UUID, String> viewStatuses(UUID queueId) {
        String view = f.service.storage().qualified("annotation_queue_item_status");
        Map<UUID, String> statuses = new HashMap<>();
        f.service.storage().call(dsl -> dsl.fetch("SELECT toString(item_id), status FROM " + view
                + " WHERE queue_id = ?", queueId)).forEach(row ->
                statuses.put(UUID.fromString((String) row.get(0)), (String) row.get(1)));
        return statuses;
    }

    /** A plausible log: claims numbered 0..n by random annotators, some ended, some reviewed, some duplicated. */
    private static List<QueueEvent> randomLog(UUID itemId, Random random, Instant now) {
        List<QueueEvent> log = new ArrayList<>();
        Instant at = now.minus(2, ChronoUnit.HOURS);
        int claims = random.nextInt(8);
        List<QueueEvent> submissions = new ArrayList<>();
        for (int seq = 0; seq < claims; seq++) {
            String annotator = ANNOTATORS[random.nextInt(ANNOTATORS.length)];
            at = at.plusSeconds(1 + random.nextInt(60));
            Instant expires = random.nextBoolean() ? now.plus(1, ChronoUnit.HOURS) : now.minus(1, ChronoUnit.HOURS);
            log.add(event(itemId, at, EventType.CLAIMED, annotator, seq, -1, expires));
            if (random.nextInt(10) == 0) {
                // a second row for the same number: only the earliest counts
                String other = ANNOTATORS[random.nextInt(ANNOTATORS.length)];
                log.add(event(itemId, at.plusMillis(5), EventType.CLAIMED, other, seq, -1, now.plus(1, ChronoUnit.HOURS)));
            }
            if (random.nextInt(4) != 0) {
                EventType end = ENDS[random.nextInt(ENDS.length)];
                QueueEvent ended = event(itemId, at.plusSeconds(1), end, annotator, seq, -1, null);
                log.add(ended);
                if (random.nextInt(10) == 0) {
                    log.add(event(itemId, at.plusSeconds(2), EventType.RELEASED, annotator, seq, -1, null));
                }
                if (end == EventType.SUBMITTED) {
                    submissions.add(ended);
                }
            }
        }
        int decisions = submissions.isEmpty() ? 0 : random.nextInt(3);
        for (int r = 0; r < decisions; r++) {
            at = at.plusSeconds(5);
            if (random.nextBoolean()) {
                log.add(event(itemId, at, EventType.APPROVED, "", -1, r, null));
            } else {
                QueueEvent returned = submissions.get(random.nextInt(submissions.size()));
                log.add(event(itemId, at, EventType.RETURNED, returned.annotator(), returned.seq(), r, null));
            }
        }
        if (random.nextInt(8) == 0) {
            log.add(event(itemId, at.plusSeconds(1), EventType.ASSIGNED, ANNOTATORS[0], -1, -1, null));
        }
        return log;
    }

    private static QueueEvent event(UUID itemId, Instant at, EventType type, String annotator, int seq, int reviewSeq,
                                    Instant expiresAt) {
        return new QueueEvent(itemId, at, UUID.randomUUID(), type, annotator, annotator, seq, reviewSeq, expiresAt, "");
    }
}
