package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures annotation queues on the embedded engine: a queue of 100 000 items, 50 annotators working at once
 * (next, then submit), {@code next} p50/p99 and submit throughput. Not a test: run it with {@code ./bench queues}.
 */
public final class QueueBenchmark {
    private static final String KEY = BenchmarkService.KEY;
    private static final int ANNOTATORS = 50;

    private QueueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/queues.md");
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        try (AnnotationService service = BenchmarkService.start("queue-benchmark")) {
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            String project = field(send(http, "GET", base + "/api/v1/projects", KEY, null), "id");
            String configId = field(send(http, "POST", base + "/api/v1/score-configs", KEY,
                    "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}"), "id");
            List<String> keys = new ArrayList<>();
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < ANNOTATORS; i++) {
                keys.add(field(send(http, "POST", base + "/api/v1/projects/" + project + "/keys", KEY,
                        "{\"name\":\"bench-" + i + "\",\"role\":\"ANNOTATOR\"}"), "key"));
                members.append(i == 0 ? "" : ",").append("\"bench-").append(i).append('"');
            }
            String queue = field(send(http, "POST", base + "/api/v1/queues", KEY, "{\"name\":\"bench\",\"scoreConfigIds\":[\""
                    + configId + "\"],\"annotators\":[" + members + "],\"strategy\":\"LOAD_BALANCED\","
                    + "\"annotatorsPerItem\":1,\"reservationTimeoutSeconds\":600}"), "id");
            long addStart = System.nanoTime();
            for (int added = 0; added < items; added += 1_000) {
                StringBuilder targets = new StringBuilder();
                for (int i = 0; i < Math.min(1_000, items - added); i++) {
                    targets.append(i == 0 ? "" : ",").append("{\"type\":\"TRACE\",\"traceId\":\"")
                            .append(UUID.randomUUID().toString().replace("-", "")).append("\"}");
                }
                send(http, "POST", base + "/api/v1/queues/" + queue + "/items", KEY, "{\"targets\":[" + targets + "]}");
            }
            double addSeconds = (System.nanoTime() - addStart) / 1e9;

            Phase paced = work(http, base, queue, configId, keys, seconds, 2_000, 6_000);
            Phase saturated = work(http, base, queue, configId, keys, seconds, 0, 0);
            String report = """
                    # Queue benchmark

                    Produced by `./bench queues` (annotation-api/src/test/java/dev/annotations/api/bench/QueueBenchmark.java):
                    the service on the embedded engine, clients in the same process over loopback HTTP, one run.

                    | | |
                    |---|---|
                    | date | %s |
                    | machine | %d CPUs (nproc) — clients and server share them |
                    | JDK | %s |

                    | measurement | result |
                    |---|---|
                    | items added (1 000 per request, LOAD_BALANCED designation) | %,d in %.1f s (%,.0f items/s) |
                    | **paced**: %d annotators, each spending 2–6 s on an item between `next` and `submit`, %.0f s | |
                    | `next` p50 / p99 / max | %.1f ms / %.1f ms / %.1f ms (%,d calls) |
                    | `submit` p50 / p99 | %.1f ms / %.1f ms |
                    | submit throughput | %,.1f submissions/s (%,d submitted, %,d failed calls) |
                    | **saturated**: %d annotators calling `next` then `submit` back to back, %.0f s | |
                    | `next` p50 / p99 / max | %.1f ms / %.1f ms / %.1f ms (%,d calls) |
                    | `submit` p50 / p99 | %.1f ms / %.1f ms |
                    | submit throughput | %,.1f submissions/s (%,d submitted, %,d failed calls) |
                    | target `next` p99 < 25 ms | paced: %s; saturated: %s |
                    """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"), items, addSeconds, items / addSeconds,
                    ANNOTATORS, paced.seconds, pct(paced.next, 0.50), pct(paced.next, 0.99), pct(paced.next, 1.0),
                    paced.next.length, pct(paced.submit, 0.50), pct(paced.submit, 0.99), paced.submitted / paced.seconds,
                    paced.submitted, paced.failures,
                    ANNOTATORS, saturated.seconds, pct(saturated.next, 0.50), pct(saturated.next, 0.99),
                    pct(saturated.next, 1.0), saturated.next.length, pct(saturated.submit, 0.50),
                    pct(saturated.submit, 0.99), saturated.submitted / saturated.seconds, saturated.submitted,
                    saturated.failures, pct(paced.next, 0.99) < 25 ? "met" : "not met",
                    pct(saturated.next, 0.99) < 25 ? "met" : "not met");
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        }
        System.exit(0);
    }

    private record Phase(long[] next, long[] submit, int submitted, int failures, double seconds) {
    }

    /**
     * 50 annotators work for {@code seconds}: next, then {@code thinkMin..thinkMax} ms "annotating", then submit.
     * A caller that gets no item waits 100 ms before asking again, as the UI would.
     */
    private static Phase work(HttpClient http, String base, String queue, String configId, List<String> keys, int seconds,
                              int thinkMin, int thinkMax) throws Exception {
        ConcurrentLinkedQueue<Long> nextNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(ANNOTATORS);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long workStart = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (String key : keys) {
            workers.add(pool.submit(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(key.hashCode());
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> next = request(http, "POST", base + "/api/v1/queues/" + queue + "/next", key, "{}");
                    nextNanos.add(System.nanoTime() - t0);
                    if (next.statusCode() != 200) {
                        failures.incrementAndGet();
                        Thread.sleep(100);
                        continue;
                    }
                    String item = next.body().split("\"item\":\\{\"id\":\"")[1].substring(0, 36);
                    if (thinkMax > 0) {
                        Thread.sleep(thinkMin + random.nextInt(thinkMax - thinkMin + 1));
                    }
                    long t1 = System.nanoTime();
                    HttpResponse<String> submit = request(http, "POST", base + "/api/v1/queues/" + queue + "/items/"
                            + item + "/submit", key, "{\"scores\":[{\"configId\":\"" + configId + "\",\"value\":4}]}");
                    submitNanos.add(System.nanoTime() - t1);
                    if (submit.statusCode() == 201) {
                        submitted.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double workSeconds = (System.nanoTime() - workStart) / 1e9;
        pool.shutdown();
        return new Phase(nextNanos.stream().mapToLong(Long::longValue).sorted().toArray(),
                submitNanos.stream().mapToLong(Long::longValue).sorted().toArray(), submitted.get(), failures.get(),
                workSeconds);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String field(String json, String name) {
        return json.split("\"" + name + "\":\"")[1].split("\"")[0];
    }

    private static String send(HttpClient http, String method, String url, String key, String body) {
        HttpResponse<String> response = request(http, method, url, key, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> request(HttpClient http, String method, String url, String key, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
