package dev.annotations.api.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The queue benchmark's annotators, in a process of its own so that their CPU is not the service's:
 * {@code QueueLoad <bases, comma-separated> <queue> <config id> <keys file> <warm-up seconds> <seconds>
 * <think min ms> <think max ms> <out file>}. Each key is one annotator: next, then "annotating" for think min..max
 * ms, then submit; a caller that gets no item waits 100 ms, as the UI would. A probe asks {@code GET /health} every
 * 100 ms. The annotators work for the warm-up unrecorded (this process's JIT compiler, its connections, each key's
 * first lookup by the service: 50 annotators' first calls arrive together), then print {@link #MEASURING} and are
 * recorded for the given seconds. The results go to the out file: one line each of next, submit and health
 * latencies (nanoseconds), then {@code submitted failures empty seconds cpu_seconds}, all of the recorded part.
 * {@link #run} starts it from the benchmark's JVM.
 */
public final class QueueLoad {
    private QueueLoad() {
    }

    /** What one run of the annotators measured (latencies sorted), and what they cost their own process. */
    /** @param empty {@code next} calls answered 204 (nothing left for the annotator: the queue ran out) */
    record Result(long[] next, long[] submit, long[] health, int submitted, int failures, int empty, double seconds,
                  double cpuSeconds) {
    }

    /** The line printed when the warm-up ends and recording starts. */
    static final String MEASURING = "queue-load: measuring";

    /**
     * Runs the annotators and waits for them.
     *
     * @param measuring called when the warm-up is over and recording starts (the benchmark reads its own CPU then)
     */
    static Result run(List<String> bases, String queue, String configId, List<String> keys, int warmupSeconds,
                      int seconds, int thinkMin, int thinkMax, Runnable measuring) throws IOException, InterruptedException {
        Path keysFile = Files.createTempFile("queue-load-keys", ".txt");
        Path out = Files.createTempFile("queue-load-result", ".txt");
        Files.write(keysFile, keys);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                QueueLoad.class.getName(), String.join(",", bases), queue, configId, keysFile.toString(),
                Integer.toString(warmupSeconds), Integer.toString(seconds), Integer.toString(thinkMin),
                Integer.toString(thinkMax), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals(MEASURING)) {
                    measuring.run();
                } else {
                    System.out.println(line);
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the queue load generator failed (exit " + process.exitValue() + ")");
        }
        List<String> lines = Files.readAllLines(out);
        String[] counts = lines.get(3).split(" ");
        Files.delete(keysFile);
        Files.delete(out);
        return new Result(longs(lines.get(0)), longs(lines.get(1)), longs(lines.get(2)), Integer.parseInt(counts[0]),
                Integer.parseInt(counts[1]), Integer.parseInt(counts[2]), Double.parseDouble(counts[3]),
                Double.parseDouble(counts[4]));
    }

    private static long[] longs(String line) {
        return line.isBlank() ? new long[0] : Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    public static void main(String[] args) throws Exception {
        List<String> bases = List.of(args[0].split(","));
        String queue = args[1];
        String configId = args[2];
        List<String> keys = Files.readAllLines(Path.of(args[3]));
        int warmupSeconds = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int thinkMin = Integer.parseInt(args[6]);
        int thinkMax = Integer.parseInt(args[7]);
        Path out = Path.of(args[8]);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        ConcurrentLinkedQueue<Long> nextNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> healthNanos = new ConcurrentLinkedQueue<>();
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(keys.size() + 1);
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
        long deadline = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            int first = k;
            workers.add(pool.submit(() -> {
                int request = first;
                SplittableRandom random = new SplittableRandom(key.hashCode());
                while (System.nanoTime() < deadline) {
                    String base = bases.get(request++ % bases.size());
                    long t0 = System.nanoTime();
                    HttpResponse<String> next = request(http, "POST", base + "/api/v1/queues/" + queue + "/next", key, "{}");
                    boolean recorded = t0 >= warmupEnd;
                    if (recorded) {
                        nextNanos.add(System.nanoTime() - t0);
                    }
                    if (next.statusCode() != 200) {
                        if (recorded) {
                            // 204: nothing left for this annotator (the queue ran out), not a failure
                            (next.statusCode() == 204 ? empty : failures).incrementAndGet();
                        }
                        Thread.sleep(100);
                        continue;
                    }
                    String item = next.body().split("\"item\":\\{\"id\":\"")[1].substring(0, 36);
                    if (thinkMax > 0) {
                        Thread.sleep(thinkMin + random.nextInt(thinkMax - thinkMin + 1));
                    }
                    String submitBase = bases.get(request++ % bases.size());
                    long t1 = System.nanoTime();
                    HttpResponse<String> submit = request(http, "POST", submitBase + "/api/v1/queues/" + queue + "/items/"
                            + item + "/submit", key, "{\"scores\":[{\"configId\":\"" + configId + "\",\"value\":4}]}");
                    if (t1 >= warmupEnd) {
                        submitNanos.add(System.nanoTime() - t1);
                        if (submit.statusCode() == 201) {
                            submitted.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        workers.add(pool.submit(() -> {
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                request(http, "GET", bases.getFirst() + "/health", null, null);
                if (t0 >= warmupEnd) {
                    healthNanos.add(System.nanoTime() - t0);
                }
                Thread.sleep(100);
            }
            return null;
        }));
        long sleep = warmupEnd - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        long cpuBefore = LoadGenerator.cpuNanos();
        long start = System.nanoTime();
        System.out.println(MEASURING);
        System.out.flush();
        for (Future<?> worker : workers) {
            worker.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (LoadGenerator.cpuNanos() - cpuBefore) / 1e9;
        Files.writeString(out, String.join("\n", sorted(nextNanos), sorted(submitNanos), sorted(healthNanos),
                "%d %d %d %.4f %.3f".formatted(submitted.get(), failures.get(), empty.get(), elapsed, cpu)) + "\n", StandardCharsets.UTF_8);
        System.exit(0);
    }

    private static String sorted(ConcurrentLinkedQueue<Long> nanos) {
        return nanos.stream().sorted().map(String::valueOf).collect(Collectors.joining(" "));
    }

    /** One request; {@code key} and {@code body} may be null. Also the benchmark's set-up calls. */
    static HttpResponse<String> request(HttpClient http, String method, String url, String key, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
