package dev.annotations.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The soak's mixed load, as careful clients send it: scores with ids of their own, OTLP exports of 20 spans,
 * annotators working a queue (a submit answered 503 is retried, as the UI would), readers of score lists and
 * traces. Every answer is recorded, and what was acknowledged is remembered for checking against storage.
 */
final class SoakClients implements AutoCloseable {
    static final int SPANS_PER_EXPORT = 20;
    private static final int SUBMIT_ATTEMPTS = 5;

    record Sample(String kind, int status, long startNanos, long nanos) {
    }

    /** No HTTP answer at all (the client's own 120 s timeout, or a broken connection). */
    static final int NO_ANSWER = -1;

    private final ApiClient client;
    private final String adminKey;
    private final String queueId;
    private final String configId;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    final Set<String> acknowledgedScores = ConcurrentHashMap.newKeySet();
    final Set<String> sentScores = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledgedTraces = ConcurrentHashMap.newKeySet();
    /** "itemId annotator" of every submit answered 201 or 200. */
    final Set<String> acknowledgedSubmissions = ConcurrentHashMap.newKeySet();
    private final List<String> traceList = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    SoakClients(ApiClient client, String adminKey, String queueId, String configId, List<Annotator> annotators,
                int scoreWriters, int otlpSenders, int readers) {
        this.client = client;
        this.adminKey = adminKey;
        this.queueId = queueId;
        this.configId = configId;
        for (int i = 0; i < scoreWriters; i++) {
            threads.add(Thread.ofPlatform().name("soak-scores-" + i).start(this::writeScores));
        }
        for (int i = 0; i < otlpSenders; i++) {
            threads.add(Thread.ofPlatform().name("soak-otlp-" + i).start(this::exportSpans));
        }
        for (Annotator annotator : annotators) {
            threads.add(Thread.ofPlatform().name("soak-annotator-" + annotator.name()).start(() -> annotate(annotator)));
        }
        for (int i = 0; i < readers; i++) {
            int seed = i;
            threads.add(Thread.ofPlatform().name("soak-reader-" + i).start(() -> read(seed)));
        }
    }

    record Annotator(String name, String key) {
    }

    private void writeScores() {
        while (running.get()) {
            String id = UUID.randomUUID().toString();
            sentScores.add(id);
            int status = send("score write", () -> client.postJson("/api/v1/scores", adminKey, "{\"id\":\"" + id
                    + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + hex32() + "\"},\"name\":\"soak\",\"value\":"
                    + Math.floorMod(id.hashCode(), 5) + "}"));
            if (status == 201 || status == 200) {
                acknowledgedScores.add(id);
            }
            pause(status, 20);
        }
    }

    private void exportSpans() {
        while (running.get()) {
            String trace = hex32();
            long now = System.currentTimeMillis() * 1_000_000L;
            StringBuilder spans = new StringBuilder();
            for (int i = 0; i < SPANS_PER_EXPORT; i++) {
                spans.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(trace).append("\",\"spanId\":\"")
                        .append("%016x".formatted(i + 1)).append("\",\"name\":\"soak ").append(i % 4)
                        .append("\",\"kind\":2,\"startTimeUnixNano\":\"").append(now + i * 1_000L)
                        .append("\",\"endTimeUnixNano\":\"").append(now + i * 1_000L + 500_000L).append("\"}");
            }
            String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                    + "{\"stringValue\":\"soak\"}}]},\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
            int status = send("OTLP export", () -> client.post("/v1/traces", adminKey, "application/json", body));
            if (status == 200) {
                acknowledgedTraces.add(trace);
                traceList.add(trace);
            }
            pause(status, 100);
        }
    }

    private void annotate(Annotator annotator) {
        while (running.get()) {
            ApiClient.Response[] next = new ApiClient.Response[1];
            int status = send("queue next", () -> next[0] = client.postJson("/api/v1/queues/" + queueId + "/next",
                    annotator.key(), "{}"));
            if (status != 200) {
                pause(503, 0);
                continue;
            }
            JsonNode item = next[0].json().path("item");
            if (item.isMissingNode() || item.isNull()) {
                pause(503, 0);
                continue;
            }
            String itemId = item.get("id").asText();
            for (int attempt = 0; attempt < SUBMIT_ATTEMPTS && running.get(); attempt++) {
                int submitted = send("queue submit", () -> client.postJson("/api/v1/queues/" + queueId + "/items/" + itemId
                        + "/submit", annotator.key(), "{\"scores\":[{\"configId\":\"" + configId + "\",\"value\":4}]}"));
                if (submitted == 201 || submitted == 200) {
                    acknowledgedSubmissions.add(itemId + " " + annotator.name());
                }
                if (submitted != 503 && submitted != NO_ANSWER) {
                    break;
                }
                pause(503, 0);
            }
        }
    }

    private void read(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (running.get()) {
            if (random.nextBoolean() || traceList.isEmpty()) {
                pause(send("score list", () -> client.get("/api/v1/scores?limit=20", adminKey)), 50);
            } else {
                String trace = traceList.get(random.nextInt(traceList.size()));
                pause(send("trace read", () -> client.get("/api/v1/traces/" + trace, adminKey)), 50);
            }
        }
    }

    private int send(String kind, java.util.function.Supplier<ApiClient.Response> request) {
        long start = System.nanoTime();
        int status;
        try {
            status = request.get().status();
        } catch (RuntimeException noAnswer) {
            status = NO_ANSWER;
        }
        samples.add(new Sample(kind, status, start, System.nanoTime() - start));
        return status;
    }

    private void pause(int status, long millis) {
        long wait = status >= 500 || status == NO_ANSWER ? 200 : millis;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(java.time.Duration.ofMinutes(3));
        }
    }
}
