package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the score API side by side in one run, on the embedded engine: single-score POSTs from 64
 * concurrent clients (throughput, p50/p99), the batch endpoint, and the same rows inserted straight into
 * the engine. Not a test: run it with {@code ./bench}. Writes a markdown table.
 */
public final class ScoreBenchmark {
    private static final String KEY = BenchmarkService.KEY;
    private static final int CLIENTS = 64;
    /** Concurrent senders in the second batch phase: a bulk loader keeps a few requests in flight. */
    private static final int BATCH_CLIENTS = 4;
    private static final int WARM_UP_REQUESTS = 8_000;
    private static final int WARM_UP_BATCHES = 30;

    private ScoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/scores.md");
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int batchRows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        String durability = args.length > 3 ? args[3] : "log";
        // the score log's load interval (ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS); empty: the service's default
        String loadInterval = args.length > 4 ? args[4] : "";
        Map<String, String> settings = new java.util.HashMap<>(Map.of("ANNOTATION_SCORE_DURABILITY", durability));
        if (!loadInterval.isEmpty()) {
            settings.put("ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS", loadInterval);
        }
        String title = durability + (durability.equals("log")
                ? ", load interval " + (loadInterval.isEmpty() ? "default (1 000 ms)" : loadInterval + " ms") : "");
        try (AnnotationService service = BenchmarkService.start(Files.createTempDirectory("score-benchmark"), settings)) {
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            String config1 = post(http, base + "/api/v1/score-configs",
                    "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}").split("\"id\":\"")[1].substring(0, 36);

            warmUp(http, base, config1);
            double loadBefore = loadAverage();
            List<String> rows = new ArrayList<>();
            double ratio64 = 0;
            String threads = "";
            for (int clients : new int[]{CLIENTS, 8}) {
                Phase health = phase(base, "health", clients, singles, null);
                Map<String, Long> before = ThreadCpu.snapshot();
                Phase single = phase(base, "score", clients, singles, config1);
                if (clients == CLIENTS) {
                    threads = ThreadCpu.perRequest(before, ThreadCpu.snapshot(), singles);
                }
                if (clients == CLIENTS) {
                    ratio64 = single.load.perSecond() / health.load.perSecond();
                }
                rows.add(health.row("`GET /health`", clients));
                rows.add(single.row("single-score POST", clients));
                rows.add("| ratio single-score POST / `GET /health`, %d clients | %.2f |".formatted(clients,
                        single.load.perSecond() / health.load.perSecond()));
            }
            Batches sequential = batches(service, http, base, config1, batchRows, 1);
            Batches concurrent = batches(service, http, base, config1, batchRows, BATCH_CLIENTS);
            double raw = raw(service.storage().embedded().orElseThrow(), service.storage().database(), batchRows);
            var stats = service.scoreWriterStatistics();

            String report = """
                    # Score API benchmark — durability `%s`

                    Produced by `./bench scores` (annotation-api/src/test/java/dev/annotations/api/bench/ScoreBenchmark.java):
                    the service on the embedded engine in this JVM; the load generator (`LoadGenerator`) in a JVM of its own,
                    over loopback HTTP, started once per row. Each row's CPU is read from /proc for both processes over that
                    row alone: "service" is the benchmark JVM (service + embedded engine), "generator" the client process.
                    `GET /health` from the same generator, in the same run, is the ceiling for any request on this machine.
                    Every row follows an untimed warm-up (%,d health checks and %,d single-score POSTs from the generator
                    at 8 clients, %d batches), so it shows the service's steady state, not its JIT compiler's.

                    | | |
                    |---|---|
                    | date | %s |
                    | machine | %d CPUs (nproc) — clients and server share them; load average %.2f before, %.2f after |
                    | JDK | %s |

                    | measurement | result |
                    |---|---|
                    %s
                    | batch POST (1 000 scores per request, bodies made before the clock starts), 1 client, %,d scores | %s |
                    | batch POST, %d concurrent clients, %,d scores | %s |
                    | raw engine insert of the same rows (JSONEachRow, no HTTP, one call) | %,.0f rows/s |
                    | ratio batch API / raw engine, 1 client | %.2f (acknowledged), %.2f (in ClickHouse) |
                    | ratio batch API / raw engine, %d clients | %.2f (acknowledged), %.2f (in ClickHouse) |
                    | INSERTs over the whole run (durability `%s`) | %,d INSERTs for %,d rows (%.1f rows per INSERT, %.1f ms per INSERT) |
                    | log appends + fdatasync over the whole run | %s |

                    Where the service JVM's CPU went during the single-score POSTs from %d clients, by thread (from
                    /proc/self/task; the engine runs in this process, on the statement threads that call it and on
                    its own workers):

                    %s
                    """.formatted(title, WARM_UP_REQUESTS, WARM_UP_REQUESTS, WARM_UP_BATCHES, Instant.now(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                    System.getProperty("java.vm.version"), String.join("\n", rows), batchRows, sequential.row(),
                    BATCH_CLIENTS, batchRows, concurrent.row(), raw,
                    sequential.acknowledged() / raw, sequential.loaded() / raw,
                    BATCH_CLIENTS, concurrent.acknowledged() / raw, concurrent.loaded() / raw, durability,
                    stats.inserts(), stats.rows(), (double) stats.rows() / Math.max(1, stats.inserts()),
                    stats.insertNanos() / 1e6 / Math.max(1, stats.inserts()),
                    service.scoreLogStatistics().map(log -> "%,d appends, %.2f ms each on average".formatted(log.appends(),
                            log.appendNanos() / 1e6 / Math.max(1, log.appends()))).orElse("— (durability insert)"),
                    CLIENTS, threads);
            System.out.println("durability " + durability + ": ratio single / health at " + CLIENTS + " clients: " + ratio64);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        }
        System.exit(0);
    }

    /** One row: the generator's figures and both processes' CPU over it. */
    private record Phase(LoadGenerator.Result load, double serviceCpuSeconds) {
        String row(String what, int clients) {
            return "| %s, %d clients, %,d requests | %,.0f /s, p50 %.1f ms, p99 %.1f ms; CPU per request: service %.2f ms, generator %.2f ms |"
                    .formatted(what, clients, load.requests(), load.perSecond(), load.p50Millis(), load.p99Millis(),
                            serviceCpuSeconds * 1e3 / load.requests(), load.cpuSeconds() * 1e3 / load.requests());
        }
    }

    private static Phase phase(String base, String kind, int clients, int requests, String configId) throws Exception {
        long before = LoadGenerator.cpuNanos();
        LoadGenerator.Result result = LoadGenerator.run(base, kind, clients, requests, configId);
        // the generator's JVM start and JIT warm-up fall outside its timed loop but inside this window: both
        // processes' CPU is counted over the whole run of the child, so the service's share is not flattered
        return new Phase(result, (LoadGenerator.cpuNanos() - before) / 1e9);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    private static String score(String configId, String trace) {
        return "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"},\"name\":\"helpfulness\",\"configId\":\""
                + configId + "\",\"value\":4,\"comment\":\"clear and correct\",\"metadata\":{\"model\":\"gpt-4o\"}}";
    }

    private static String trace() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Untimed, so the figures are the service's steady state rather than its JIT compiler's: both kinds of request
     * from the load generator as measured, then batches (the raw insert it is compared with runs no Java).
     */
    private static void warmUp(HttpClient http, String base, String configId) throws Exception {
        LoadGenerator.run(base, "health", 8, WARM_UP_REQUESTS, null);
        LoadGenerator.run(base, "score", 8, WARM_UP_REQUESTS, configId);
        for (int i = 0; i < WARM_UP_BATCHES; i++) {
            post(http, base + "/api/v1/scores/batch", batchBody(configId));
        }
    }

    /** One batch phase: scores/s acknowledged and until all were in ClickHouse, and the service's CPU per score. */
    private record Batches(double acknowledged, double loaded, double serviceCpuMicrosPerScore) {
        String row() {
            return "%,.0f scores/s acknowledged, %,.0f scores/s until all are in ClickHouse; service CPU %.1f µs per score"
                    .formatted(acknowledged, loaded, serviceCpuMicrosPerScore);
        }
    }

    /**
     * Sends {@code total} scores as 1 000-score batches from {@code clients} threads. The bodies are made before
     * the clock starts, as the raw insert's statement is: the figure is the service's, not the body builder's.
     */
    private static Batches batches(AnnotationService service, HttpClient http, String base, String configId,
                                   int total, int clients) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int sent = 0; sent < total; sent += 1000) {
            bodies.add(batchBody(configId));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        long cpuBefore = LoadGenerator.cpuNanos();
        long start = System.nanoTime();
        List<Future<Object>> sending = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sending.add(senders.submit(() -> {
                for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                    String answer = post(http, base + "/api/v1/scores/batch", bodies.get(b));
                    if (!answer.startsWith("{\"stored\":1000,")) {
                        throw new IllegalStateException("batch not fully stored: " + answer.substring(0, 200));
                    }
                }
                return null;
            }));
        }
        for (Future<Object> sender : sending) {
            sender.get();
        }
        double acknowledged = total / ((System.nanoTime() - start) / 1e9);
        senders.shutdown();
        // with the log, a batch is acknowledged before it is in ClickHouse: also time until the loader is done
        while (service.scoreLogStatistics().map(log -> log.pendingRows() > 0).orElse(false)) {
            Thread.sleep(5);
        }
        double loaded = total / ((System.nanoTime() - start) / 1e9);
        return new Batches(acknowledged, loaded, (LoadGenerator.cpuNanos() - cpuBefore) / 1e3 / total);
    }

    private static String batchBody(String configId) {
        StringBuilder body = new StringBuilder("{\"scores\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",").append(score(configId, trace()));
        }
        return body.append("]}").toString();
    }

    private static double raw(EmbeddedClickHouse engine, String database, int total) {
        StringBuilder rows = new StringBuilder("INSERT INTO `" + database + "`.annotation_scores FORMAT JSONEachRow\n");
        String now = Instant.now().toString().replace("T", " ").replace("Z", "");
        for (int i = 0; i < total; i++) {
            rows.append("{\"project_id\":\"").append(UUID.randomUUID()).append("\",\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"target_type\":\"TRACE\",\"trace_id\":\"").append(trace())
                    .append("\",\"span_id\":\"\",\"session_id\":\"\",\"dataset_id\":\"\",\"item_id\":\"\",\"document_position\":-1,")
                    .append("\"name\":\"helpfulness\",\"data_type\":\"NUMERIC\",\"value\":4,\"string_value\":\"\",\"labels\":[],")
                    .append("\"comment\":\"clear and correct\",\"metadata\":{\"model\":\"gpt-4o\"},\"config_id\":\"")
                    .append(UUID.randomUUID()).append("\",\"queue_id\":null,\"source\":\"API\",\"annotator_kind\":\"HUMAN\",")
                    .append("\"author\":\"bench\",\"created_by\":\"bench\",\"timestamp\":\"").append(now).append("\",\"created_at\":\"")
                    .append(now).append("\",\"updated_at\":\"").append(now).append("\",\"changed_by\":\"bench\",\"version\":1,\"is_deleted\":0}\n");
        }
        byte[] statement = rows.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        engine.directExecute(statement);
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
