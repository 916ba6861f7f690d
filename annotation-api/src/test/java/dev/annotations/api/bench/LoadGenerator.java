package dev.annotations.api.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator of the score benchmark, in a process of its own so that its CPU is not the service's:
 * {@code LoadGenerator <base url> <key> <health|score> <clients> <requests> [config id]} sends the requests
 * from that many concurrent clients over loopback and prints one line:
 * {@code requests seconds p50_ms p99_ms cpu_seconds}, its own CPU included. {@link #run} starts it from the
 * benchmark's JVM with the same class path.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    /** What one run of the generator measured, and what it cost itself. */
    record Result(int requests, double seconds, double p50Millis, double p99Millis, double cpuSeconds) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** Runs the generator as a child process and waits for its line. */
    static Result run(String base, String kind, int clients, int requests, String configId) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(), base, BenchmarkService.KEY, kind, Integer.toString(clients),
                Integer.toString(requests), configId == null ? "-" : configId)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) {
            throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
        }
        String[] f = line.trim().split(" ");
        return new Result(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]));
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        String kind = args[2];
        int clients = Integer.parseInt(args[3]);
        int total = Integer.parseInt(args[4]);
        String configId = args[5];
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + (kind.equals("health")
                            ? "/health" : "/api/v1/scores"))).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key);
                    if (!kind.equals("health")) {
                        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(score(configId)));
                    }
                    long begin = System.nanoTime();
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    latencies[i] = System.nanoTime() - begin;
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuBefore) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%d %.4f %.3f %.3f %.3f%n", total, seconds, latencies[total / 2] / 1e6,
                latencies[Math.min(total - 1, (int) (total * 0.99))] / 1e6, cpu);
        System.exit(0);
    }

    static String score(String configId) {
        String trace = UUID.randomUUID().toString().replace("-", "");
        return "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"},\"name\":\"helpfulness\",\"configId\":\""
                + configId + "\",\"value\":4,\"comment\":\"clear and correct\",\"metadata\":{\"model\":\"gpt-4o\"}}";
    }

    /** This process's CPU time so far (user + system, every thread, the embedded engine's included), from /proc. */
    public static long cpuNanos() {
        return processCpuNanos("self");
    }

    static long processCpuNanos(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
