package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.collector.CollectorRows;
import dev.annotations.api.collector.SpanRows;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures spans side by side in one run, on the embedded engine: OTLP/HTTP protobuf ingest from
 * concurrent senders versus the same rows inserted straight into the engine; then, with at least
 * 1 000 000 spans stored over 7 days, {@code GET /api/v1/traces/{id}} and {@code GET /api/v1/spans}
 * over one-hour windows. Not a test: run it with {@code ./bench spans}. Writes a markdown table.
 */
public final class SpanBenchmark {
    private static final String KEY = BenchmarkService.KEY;
    private static final int SENDERS = 4;
    /** Traces per OTLP request: 64 × 8 = 512 spans, the SDK's default export batch. */
    private static final int TRACES_PER_REQUEST = 64;
    private static final long WEEK_NANOS = Duration.ofDays(7).toNanos();

    private SpanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/spans.md");
        int ingestSpans = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int storedSpans = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        try (AnnotationService service = BenchmarkService.start("span-benchmark")) {
            String base = "http://127.0.0.1:" + service.port();
            EmbeddedClickHouse engine = service.storage().embedded().orElseThrow();
            String table = "`" + service.storage().database() + "`.otel_traces";
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(SENDERS)).build();
            long weekStart = Instant.now().minus(Duration.ofDays(7)).toEpochMilli() * 1_000_000L;
            SyntheticTraces generator = new SyntheticTraces(42);
            List<String> traceIds = new ArrayList<>();

            int requests = Math.max(1, ingestSpans / (TRACES_PER_REQUEST * SyntheticTraces.SPANS_PER_TRACE));
            int totalTraces = storedSpans / SyntheticTraces.SPANS_PER_TRACE;
            long spacing = WEEK_NANOS / totalTraces;
            List<ExportTraceServiceRequest> otlp = new ArrayList<>();
            List<ExportTraceServiceRequest> rawCopies = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                otlp.add(generator.request(TRACES_PER_REQUEST, weekStart + (long) r * TRACES_PER_REQUEST * spacing, spacing, traceIds));
            }
            for (int r = 0; r < requests; r++) {
                // the same shape and size for the raw insert, as different traces (a second copy of each trace would double its spans)
                rawCopies.add(generator.request(TRACES_PER_REQUEST, weekStart + (long) (requests + r) * TRACES_PER_REQUEST * spacing,
                        spacing, traceIds));
            }
            byte[][] bodies = otlp.stream().map(ExportTraceServiceRequest::toByteArray).toArray(byte[][]::new);

            warmUp(http, base, generator, weekStart, engine, table);
            double otlpRate = ingest(http, base, bodies);
            double rawRate = raw(engine, table, rawCopies);
            int ingested = 2 * requests * TRACES_PER_REQUEST * SyntheticTraces.SPANS_PER_TRACE;

            int fillRequests = (totalTraces - 2 * requests * TRACES_PER_REQUEST) / TRACES_PER_REQUEST;
            for (int r = 0; r < fillRequests; r++) {
                long start = weekStart + (long) (2 * requests + r) * TRACES_PER_REQUEST * spacing;
                insertRaw(engine, table, generator.request(TRACES_PER_REQUEST, start, spacing, traceIds));
            }
            long stored = Long.parseLong(engine.directQuery("SELECT count() FROM " + table).strip());

            Latency traces = traceLookups(http, base, traceIds, 300);
            SplittableRandom random = new SplittableRandom(7);
            String[] filters = {"", "&service=support-bot&name=" + encode("chat gpt-4o"),
                    "&attr=" + encode("gen_ai.request.model=gpt-4o"), "&candidate=true", "&lacksScore=helpfulness"};
            List<String> searchRows = new ArrayList<>();
            for (String filter : filters) {
                Latency search = spanSearches(http, base, weekStart, random, filter, 50);
                searchRows.add("| span search, 1-hour window%s, limit 100 | p50 %.1f ms, p99 %.1f ms (%d queries) |".formatted(
                        filter.isEmpty() ? "" : " + `" + java.net.URLDecoder.decode(filter.substring(1), StandardCharsets.UTF_8) + "`",
                        search.p50Millis, search.p99Millis, search.count));
            }

            String report = """
                    # Span benchmark

                    Produced by `./bench spans` (annotation-api/src/test/java/dev/annotations/api/bench/SpanBenchmark.java):
                    the service on the embedded engine, clients in the same process over loopback HTTP, one run.
                    Spans are agent traces of 8 spans (server, agent, 3 chat completions with ~1 KB input/output
                    messages, 2 tool calls, a retrieval), spread evenly over 7 days.

                    | | |
                    |---|---|
                    | date | %s |
                    | machine | %d CPUs (nproc) — clients and server share them |
                    | JDK | %s |

                    | measurement | result |
                    |---|---|
                    | OTLP/HTTP protobuf ingest, %d senders, 512 spans per request, %,d spans | %,.0f spans/s |
                    | raw engine insert of the same kind of rows (JSONEachRow, 512 per INSERT, no HTTP, no decoding) | %,.0f spans/s |
                    | ratio OTLP / raw engine | %.2f |
                    | spans stored for the read measurements | %,d (%,d through the two ingest paths) |
                    | `GET /api/v1/traces/{id}` (8 spans), %d random traces | p50 %.1f ms, p99 %.1f ms |
                    %s
                    """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
                    SENDERS, requests * TRACES_PER_REQUEST * SyntheticTraces.SPANS_PER_TRACE, otlpRate, rawRate,
                    otlpRate / rawRate, stored, ingested, traces.count, traces.p50Millis, traces.p99Millis,
                    String.join("\n", searchRows));
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        }
        System.exit(0);
    }

    private record Latency(double p50Millis, double p99Millis, int count) {
        static Latency of(long[] nanos) {
            Arrays.sort(nanos);
            return new Latency(nanos[nanos.length / 2] / 1e6, nanos[Math.min(nanos.length - 1, (int) (nanos.length * 0.99))] / 1e6,
                    nanos.length);
        }
    }

    private static void warmUp(HttpClient http, String base, SyntheticTraces generator, long start,
                               EmbeddedClickHouse engine, String table) throws Exception {
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ExportTraceServiceRequest request = generator.request(TRACES_PER_REQUEST, start, 1, ignored);
            send(http, base + "/v1/traces", "application/x-protobuf", request.toByteArray());
            insertRaw(engine, table, request);
        }
    }

    private static double ingest(HttpClient http, String base, byte[][] bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            running.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.length; i = next.getAndIncrement()) {
                    String answer = send(http, base + "/v1/traces", "application/x-protobuf", bodies[i]);
                    if (!answer.isEmpty()) {
                        throw new IllegalStateException("partial success: " + answer);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        return bodies.length * (double) TRACES_PER_REQUEST * SyntheticTraces.SPANS_PER_TRACE / seconds;
    }

    private static double raw(EmbeddedClickHouse engine, String table, List<ExportTraceServiceRequest> requests) {
        List<byte[]> statements = requests.stream().map(request -> statement(table, request)).toList();
        long start = System.nanoTime();
        for (byte[] statement : statements) {
            engine.directExecute(statement);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return requests.size() * (double) TRACES_PER_REQUEST * SyntheticTraces.SPANS_PER_TRACE / seconds;
    }

    static void insertRaw(EmbeddedClickHouse engine, String table, ExportTraceServiceRequest request) {
        engine.directExecute(statement(table, request));
    }

    private static byte[] statement(String table, ExportTraceServiceRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("INSERT INTO " + table + " FORMAT JSONEachRow\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(CollectorRows.spans(SpanRows.map(request, java.util.Map.of()).rows()));
        return out.toByteArray();
    }

    private static Latency traceLookups(HttpClient http, String base, List<String> traceIds, int count) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            get(http, base + "/api/v1/traces/" + traceIds.get(random.nextInt(traceIds.size())));
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            String id = traceIds.get(random.nextInt(traceIds.size()));
            long begin = System.nanoTime();
            get(http, base + "/api/v1/traces/" + id);
            nanos[i] = System.nanoTime() - begin;
        }
        return Latency.of(nanos);
    }

    private static Latency spanSearches(HttpClient http, String base, long weekStart, SplittableRandom random, String filter,
                                        int count) throws Exception {
        long[] nanos = new long[count];
        for (int i = -5; i < count; i++) {
            long from = weekStart + (long) (random.nextDouble() * (WEEK_NANOS - Duration.ofHours(1).toNanos()));
            String url = base + "/api/v1/spans?limit=100&from=" + Instant.ofEpochSecond(0, from)
                    + "&to=" + Instant.ofEpochSecond(0, from + Duration.ofHours(1).toNanos()) + filter;
            long begin = System.nanoTime();
            get(http, url);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - begin;
            }
        }
        return Latency.of(nanos);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String send(HttpClient http, String url, String contentType, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " → " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length == 0 ? "" : new String(response.body(), StandardCharsets.UTF_8);
    }
}
