package dev.annotations.e2e;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The end-to-end benchmark's load generator, in a process of its own so its CPU is not the demo's:
 * {@code ChatLoad <base url> <clients> <seconds>} sends {@code POST /chat} from that many closed-loop clients
 * over loopback for that long, each request carrying W3C baggage ({@code session.id}, {@code user.id}: the
 * entries the extension copies), and prints one line: {@code requests seconds p50_ms p99_ms cpu_seconds}.
 */
public final class ChatLoad {
    private ChatLoad() {
    }

    record Result(int requests, double seconds, double p50Millis, double p99Millis, double cpuSeconds) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** Runs the generator as a child process with this JVM's class path and waits for its line. */
    static Result run(String base, int clients, int seconds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ChatLoad.class.getName(), base, Integer.toString(clients), Integer.toString(seconds))
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
        int clients = Integer.parseInt(args[1]);
        long durationNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpuBefore = processCpuNanos("self");
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        List<Future<long[]>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int count = 0;
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/chat")).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("baggage", "session.id=session-" + client + ",user.id=user-" + client)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"What is the answer to everything?\", \"userId\": \"user-"
                                + client + "\"}")).build();
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = System.nanoTime() - begin;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : running) {
            all.add(future.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos("self") - cpuBefore) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int total = latencies.length;
        System.out.printf("%d %.4f %.3f %.3f %.3f%n", total, seconds, latencies[total / 2] / 1e6,
                latencies[Math.min(total - 1, (int) (total * 0.99))] / 1e6, cpu);
        System.exit(0);
    }

    /** A process's CPU time so far (user + system, every thread), from /proc. */
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
