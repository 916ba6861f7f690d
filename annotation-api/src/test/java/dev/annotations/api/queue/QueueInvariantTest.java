package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;
import dev.annotations.api.storage.ClickHouseStorage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's invariant under concurrency, with two service instances on one database and 50 annotators
 * alternating between them: no item is ever reserved by more annotators than it needs, nobody holds or
 * submits an item twice, no acknowledged submission is lost, and every item ends COMPLETED. Checked by
 * replaying the event log and reading the scores table, not by trusting the service's answers.
 */
class QueueInvariantTest {
    private static final int ANNOTATORS = 50;
    private static final int ITEMS = 200;
    private static final int PER_ITEM = 2;
    private static final int TIMEOUT_SECONDS = 5;

    record Ack(String itemId, String annotator, int claim, List<String> scoreIds) {
    }

    /** @param durability ANNOTATION_QUEUE_DURABILITY of both instances (each journal in a directory of its own) */
    @ParameterizedTest(name = "queue durability {0}")
    @ValueSource(strings = {"insert", "journal"})
    void fifty_annotators_on_two_instances_never_break_the_claim_invariants(String durability, @TempDir Path journals)
            throws Exception {
        String database = TestService.freshDatabase();
        TestClock clock = new TestClock();
        AnnotationService first = start(database, clock, durability, journals.resolve("first"));
        AnnotationService second = start(database, clock, durability, journals.resolve("second"));
        ExecutorService pool = Executors.newFixedThreadPool(ANNOTATORS + 1);
        try (QueueFixture f = new QueueFixture(first, clock)) {
            // 51 clients on two instances share 2 cores with the engine: a generous bound for one answer
            Duration patience = Duration.ofSeconds(120);
            ApiClient[] clients = {new ApiClient(first.port(), patience), new ApiClient(second.port(), patience)};
            List<String> names = new ArrayList<>();
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < ANNOTATORS; i++) {
                names.add("inv-annotator-" + i);
                members.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
            }
            Map<String, String> keys = new HashMap<>();
            names.forEach(name -> keys.put(name, f.key(name, "ANNOTATOR")));
            String queue = f.queue("invariant", "LOAD_BALANCED", PER_ITEM, TIMEOUT_SECONDS, false, members.toString(), "");
            for (int added = 0; added < ITEMS; added += 100) {
                f.addTraces(queue, 100);
            }

            AtomicBoolean done = new AtomicBoolean();
            List<Ack> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + 90_000_000_000L;
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < ANNOTATORS; w++) {
                String name = names.get(w);
                String key = keys.get(name);
                int offset = w;
                workers.add(pool.submit(() -> {
                    int request = offset;
                    while (!done.get() && System.nanoTime() < deadline) {
                        ApiClient client = clients[request++ % 2];
                        ApiClient.Response next = client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
                        count(outcomes, "next " + next.status());
                        if (next.status() != 200) {
                            pause(100);
                            continue;
                        }
                        JsonNode reservation = next.json();
                        String item = reservation.get("item").get("id").asText();
                        int roll = ThreadLocalRandom.current().nextInt(100);
                        ApiClient actor = clients[request++ % 2];
                        String path = "/api/v1/queues/" + queue + "/items/" + item;
                        if (roll < 6) {
                            count(outcomes, "skip " + actor.postJson(path + "/skip", key, "{\"reason\":\"test\"}").status());
                        } else if (roll < 12) {
                            count(outcomes, "release " + actor.postJson(path + "/release", key, "{}").status());
                        } else if (roll < 14) {
                            pause(TIMEOUT_SECONDS * 1000L + 300);
                            ApiClient.Response late = submit(clients, request, path, key, scores(f, roll));
                            count(outcomes, "late submit " + late.status());
                            record(acks, late, item, name);
                        } else {
                            ApiClient.Response submitted = submit(clients, request, path, key, scores(f, roll));
                            count(outcomes, "submit " + submitted.status());
                            record(acks, submitted, item, name);
                        }
                    }
                    return null;
                }));
            }
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    // a loaded machine may answer 503 (no connection in time): a client retries, so do we
                    ApiClient.Response progress = clients[0].get("/api/v1/queues/" + queue + "/progress", f.admin);
                    if (progress.status() == 200
                            && progress.json().get("byStatus").get("COMPLETED").asInt() == ITEMS) {
                        break;
                    }
                    pause(250);
                }
                done.set(true);
                return null;
            }));
            for (Future<?> worker : workers) {
                worker.get();
            }
            System.out.println("queue invariant run (" + durability + "): " + new java.util.TreeMap<>(outcomes)
                    + ", acknowledged submits " + acks.size());
            for (ApiClient client : clients) {
                // what the owner journaled reaches ClickHouse within its load interval
                Polling.until(Duration.ofSeconds(120), "the queue journals loaded", () -> journalEmpty(client));
            }

            checkLog(first.storage(), UUID.fromString(queue), acks, ITEMS, PER_ITEM);
            // one instance owned the queue by lease the whole run, so the other forwarded half of the work to it
            assertThat(first.storage().call(dsl -> dsl.fetch("SELECT DISTINCT address FROM "
                    + first.storage().qualified("annotation_queue_leases") + " WHERE queue_id = ? AND owner != ''",
                    UUID.fromString(queue))).size()).as("owners of the queue's leases").isEqualTo(1);
            checkStatusView(first.storage(), UUID.fromString(queue), clients[1], f.admin);
        } finally {
            pool.shutdownNow();
            second.close();
        }
    }

    private static AnnotationService start(String database, TestClock clock, String durability, Path journal) {
        return AnnotationService.start(TestService.config(database, SharedClickHouse.engine().jdbcUrl("default"),
                Map.of("ANNOTATION_QUEUE_DURABILITY", durability, "ANNOTATION_QUEUE_JOURNAL_DIR", journal.toString())),
                clock, key -> { });
    }

    private static boolean journalEmpty(ApiClient client) {
        JsonNode journal = client.get("/health", null).json().get("queueJournal");
        return journal == null || journal.get("pendingEvents").asLong() == 0;
    }

    /**
     * Submits as a well-behaved client does: 503 means nothing was acknowledged, so retry (on either
     * instance) until the answer is definitive.
     */
    private static ApiClient.Response submit(ApiClient[] clients, int request, String path, String key, String body) {
        ApiClient.Response response = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            response = clients[(request + attempt) % 2].postJson(path + "/submit", key, body);
            if (response.status() != 503) {
                return response;
            }
            pause(200);
        }
        return response;
    }

    private static String scores(QueueFixture f, int roll) {
        return "{\"scores\":[{\"configId\":\"" + f.helpfulness + "\",\"value\":" + (1 + roll % 5) + "}]}";
    }

    static void record(List<Ack> acks, ApiClient.Response response, String item, String name) {
        if (response.status() == 200 || response.status() == 201) {
            JsonNode body = response.json();
            List<String> ids = new ArrayList<>();
            body.get("scoreIds").forEach(id -> ids.add(id.asText()));
            acks.add(new Ack(item, name, body.get("claim").asInt(), ids));
        }
    }

    private static void count(Map<String, AtomicInteger> outcomes, String outcome) {
        outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SQL view of item status agrees with the service's fold on this log (every item, one page). */
    private static void checkStatusView(ClickHouseStorage storage, UUID queue, ApiClient client, String admin) {
        Map<String, String> folded = new HashMap<>();
        ApiClient.Response items = client.get("/api/v1/queues/" + queue + "/items?limit=" + ITEMS, admin);
        assertThat(items.status()).as(items.body()).isEqualTo(200);
        items.json().get("items").forEach(item -> folded.put(item.get("id").asText(), item.get("status").asText()));
        Map<String, String> viewed = new HashMap<>();
        storage.call(dsl -> dsl.fetch("SELECT toString(item_id), status FROM "
                + storage.qualified("annotation_queue_item_status") + " WHERE queue_id = ?", queue))
                .forEach(row -> viewed.put((String) row.get(0), (String) row.get(1)));
        assertThat(folded).hasSize(ITEMS);
        assertThat(viewed).as("annotation_queue_item_status").isEqualTo(folded);
    }

    private record Row(String item, Instant at, String type, String annotator, int seq, Instant expiresAt) {
    }

    /**
     * Replays the log as stored: claims as intervals [claimed, min(end, expiry)), submissions per annotator; every
     * item completed by {@code perItem} annotators, every acknowledged submit with its event and live scores.
     */
    static void checkLog(ClickHouseStorage storage, UUID queue, List<Ack> acks, int itemCount, int perItem) {
        String db = "`" + storage.database() + "`";
        List<Row> rows = storage.call(dsl -> dsl.fetch("SELECT toString(item_id), toUnixTimestamp64Milli(at), type,"
                + " annotator, seq, toUnixTimestamp64Milli(expires_at) FROM " + db + ".annotation_queue_events"
                + " WHERE queue_id = ? AND type != 'ASSIGNED' ORDER BY at, event_id", queue)
                .map(r -> new Row((String) r.get(0), Instant.ofEpochMilli(((Number) r.get(1)).longValue()),
                        (String) r.get(2), (String) r.get(3), ((Number) r.get(4)).intValue(),
                        r.get(5) == null ? null : Instant.ofEpochMilli(((Number) r.get(5)).longValue()))));
        Map<String, Map<Integer, Row>> claims = new HashMap<>();
        Map<String, Map<Integer, Row>> ends = new HashMap<>();
        for (Row row : rows) {
            if (row.type().equals("CLAIMED")) {
                assertThat(claims.computeIfAbsent(row.item(), k -> new HashMap<>()).put(row.seq(), row))
                        .as("one claim per number").isNull();
            } else {
                assertThat(ends.computeIfAbsent(row.item(), k -> new HashMap<>()).put(row.seq(), row))
                        .as("one end per claim").isNull();
            }
        }
        int maxConcurrent = 0;
        int totalClaims = 0;
        for (Map.Entry<String, Map<Integer, Row>> item : claims.entrySet()) {
            Map<Integer, Row> itemEnds = ends.getOrDefault(item.getKey(), Map.of());
            List<Row> itemClaims = new ArrayList<>(item.getValue().values());
            totalClaims += itemClaims.size();
            Set<String> submitted = new HashSet<>();
            Set<String> skipped = new HashSet<>();
            for (Row claim : itemClaims.stream().sorted(java.util.Comparator.comparing(Row::at)).toList()) {
                assertThat(submitted).as("claimed after submitting").doesNotContain(claim.annotator());
                assertThat(skipped).as("claimed after skipping").doesNotContain(claim.annotator());
                int live = 0;
                int done = 0;
                for (Row other : itemClaims) {
                    Row end = itemEnds.get(other.seq());
                    Instant until = end == null ? other.expiresAt()
                            : end.at().isBefore(other.expiresAt()) ? end.at() : other.expiresAt();
                    boolean ended = end != null && !end.at().isAfter(claim.at());
                    if (ended && end.type().equals("SUBMITTED")) {
                        done++;
                    } else if (other != claim && !other.at().isAfter(claim.at()) && claim.at().isBefore(until)) {
                        live++;
                        assertThat(other.annotator()).as("two live claims of one annotator").isNotEqualTo(claim.annotator());
                    }
                }
                maxConcurrent = Math.max(maxConcurrent, live + 1);
                assertThat(live + done + 1).as("claims and submissions on item %s at %s", item.getKey(), claim.at())
                        .isLessThanOrEqualTo(perItem);
                Row end = itemEnds.get(claim.seq());
                if (end != null && end.type().equals("SUBMITTED")) {
                    submitted.add(claim.annotator());
                } else if (end != null && end.type().equals("SKIPPED")) {
                    skipped.add(claim.annotator());
                }
            }
            assertThat(submitted).as("item %s completed", item.getKey()).hasSize(perItem);
        }
        assertThat(claims).as("every item was worked on").hasSize(itemCount);
        Set<String> submittedEvents = new HashSet<>();
        ends.forEach((item, byClaim) -> byClaim.values().stream().filter(end -> end.type().equals("SUBMITTED"))
                .forEach(end -> submittedEvents.add(item + "|" + end.annotator() + "|" + end.seq())));
        assertThat(submittedEvents).hasSize(itemCount * perItem);
        Set<String> liveScoreIds = new HashSet<>(storage.call(dsl -> dsl.fetch("SELECT toString(id) FROM " + db
                + ".annotation_scores FINAL WHERE queue_id = ? AND is_deleted = 0", queue).map(r -> (String) r.get(0))));
        assertThat(liveScoreIds).as("one live score per submission, none orphaned").hasSize(itemCount * perItem);
        for (Ack ack : acks) {
            assertThat(submittedEvents).as("acknowledged submit has its event").contains(ack.itemId() + "|"
                    + ack.annotator() + "|" + ack.claim());
            assertThat(liveScoreIds).as("acknowledged submit has its scores").containsAll(ack.scoreIds());
        }
        System.out.println("queue invariant log: " + rows.size() + " events, " + totalClaims + " claims, at most "
                + maxConcurrent + " live claims on an item (needed " + perItem + ")");
    }
}
