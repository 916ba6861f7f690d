package dev.annotations.api.fault;

import dev.annotations.api.ApiClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Clients hammering the score API while a test breaks things underneath: writers POST scores with ids
 * of their own choosing (as a careful client does, so retries are safe), readers list scores. Every
 * answer is kept — status, detail, how long it took — for the test's invariants.
 */
final class ScoreLoad implements AutoCloseable {
    /** Status recorded when no HTTP answer came (connection refused or reset: the service died). */
    static final int NO_ANSWER = -1;

    enum Kind { WRITE, READ }

    record Answer(Kind kind, String id, int status, String detail, long startedNanos, Duration took) {
        boolean acknowledged() {
            return kind == Kind.WRITE && (status == 201 || status == 200);
        }
    }

    private final ApiClient client;
    private final String key;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    ScoreLoad(ApiClient client, String key, int writers, int readers) {
        this.client = client;
        this.key = key;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("load-writer-" + i).start(this::write));
        }
        for (int i = 0; i < readers; i++) {
            threads.add(Thread.ofPlatform().name("load-reader-" + i).start(this::read));
        }
    }

    /** The body every post of {@code id} sends: the same content each time, so a repeat answers 200. */
    static String score(String id) {
        return "{\"id\":\"" + id + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"},"
                + "\"name\":\"fault\",\"value\":" + Math.floorMod(id.hashCode(), 5) + ",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    }

    private void write() {
        while (running.get()) {
            String id = UUID.randomUUID().toString();
            long started = System.nanoTime();
            try {
                ApiClient.Response response = client.postJson("/api/v1/scores", key, score(id));
                record(Kind.WRITE, id, response, started);
            } catch (RuntimeException noAnswer) {
                answers.add(new Answer(Kind.WRITE, id, NO_ANSWER, noAnswer.toString(), started, since(started)));
                pause();
            }
        }
    }

    private void read() {
        while (running.get()) {
            long started = System.nanoTime();
            try {
                record(Kind.READ, null, client.get("/api/v1/scores?limit=20", key), started);
            } catch (RuntimeException noAnswer) {
                answers.add(new Answer(Kind.READ, null, NO_ANSWER, noAnswer.toString(), started, since(started)));
            }
            pause();
        }
    }

    private void record(Kind kind, String id, ApiClient.Response response, long started) {
        String detail = response.status() >= 400 && response.body().startsWith("{") ? response.json().path("detail").asText()
                : "";
        answers.add(new Answer(kind, id, response.status(), detail, started, since(started)));
        if (response.status() >= 500) {
            pause();
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    long acknowledgedCount() {
        return answers.stream().filter(Answer::acknowledged).count();
    }

    Set<String> acknowledgedIds() {
        return answers.stream().filter(Answer::acknowledged).map(Answer::id).collect(Collectors.toSet());
    }

    /** Every id a writer sent, whatever became of it. */
    Set<String> writtenIds() {
        return answers.stream().filter(answer -> answer.kind() == Kind.WRITE).map(Answer::id).collect(Collectors.toSet());
    }

    Map<Integer, Long> statusCounts() {
        return answers.stream().collect(Collectors.groupingBy(Answer::status, java.util.TreeMap::new, Collectors.counting()));
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(3));
        }
    }
}
