package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Where the time of a trace fetch and a span search goes: each API call next to its statements run straight
 * on the engine (no HTTP, no JDBC), on 1 000 000 stored spans. Run under JFR to see the service's side:
 * {@code java -XX:StartFlightRecording=... ReadProfile}. Prints its figures; not a test.
 */
public final class ReadProfile {
    private ReadProfile() {
    }

    public static void main(String[] args) throws Exception {
        int storedSpans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        java.nio.file.Path kept = args.length > 2 ? java.nio.file.Path.of(args[2]) : java.nio.file.Files.createTempDirectory("read-profile");
        java.nio.file.Path idsFile = kept.resolve("trace-ids.txt");
        boolean filled = java.nio.file.Files.exists(idsFile);
        try (AnnotationService service = BenchmarkService.start(kept)) {
            String base = "http://127.0.0.1:" + service.port();
            EmbeddedClickHouse engine = service.storage().embedded().orElseThrow();
            String db = "`" + service.storage().database() + "`";
            String table = db + ".otel_traces";
            long weekStartNow = Instant.now().minus(Duration.ofDays(7)).toEpochMilli() * 1_000_000L;
            long weekStart = weekStartNow;
            SyntheticTraces generator = new SyntheticTraces(42);
            List<String> traceIds = new ArrayList<>();
            int traces = storedSpans / SyntheticTraces.SPANS_PER_TRACE;
            long spacing = Duration.ofDays(7).toNanos() / traces;
            long fillStart = System.nanoTime();
            if (filled) {
                traceIds.addAll(java.nio.file.Files.readAllLines(idsFile));
                weekStart = Long.parseLong(traceIds.removeFirst());
            }
            for (int r = 0; !filled && r < traces / 64; r++) {
                ExportTraceServiceRequest request = generator.request(64, weekStart + (long) r * 64 * spacing, spacing, traceIds);
                SpanBenchmark.insertRaw(engine, table, request);
            }
            if (!filled) {
                List<String> lines = new ArrayList<>(List.of(Long.toString(weekStart)));
                lines.addAll(traceIds);
                java.nio.file.Files.write(idsFile, lines);
            }
            long origin = weekStart;
            System.out.printf("filled %s spans in %.0f s%n", engine.directQuery("SELECT count() FROM " + table).strip(),
                    (System.nanoTime() - fillStart) / 1e9);
            HttpClient http = HttpClient.newHttpClient();
            SplittableRandom random = new SplittableRandom(3);
            String project = engine.directQuery("SELECT id FROM " + db + ".annotation_projects LIMIT 1").strip();

            time("GET /api/v1/traces/{id}", rounds, i -> base + "/api/v1/traces/" + traceIds.get(random.nextInt(traceIds.size())), http, null);
            time("  bounds (engine)", rounds, i -> "SELECT count(), toUnixTimestamp(min(Start)), toUnixTimestamp(max(End)) FROM "
                    + db + ".otel_traces_trace_id_ts WHERE TraceId = '" + traceIds.get(random.nextInt(traceIds.size())) + "' FORMAT Null", null, engine);
            time("  spans, all columns (engine)", rounds, i -> {
                String id = traceIds.get(random.nextInt(traceIds.size()));
                String bounds = engine.directQuery("SELECT min(Start), max(End) + 1 FROM " + db + ".otel_traces_trace_id_ts WHERE TraceId = '" + id + "'").strip();
                String[] b = bounds.split("\t");
                return "SELECT TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName,"
                        + " ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage, toUnixTimestamp64Nano(Timestamp),"
                        + " arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp), Events.Name, toJSONString(Events.Attributes),"
                        + " Links.TraceId, Links.SpanId, Links.TraceState, toJSONString(Links.Attributes) FROM " + table
                        + " WHERE TraceId = '" + id + "' AND Timestamp >= '" + b[0] + "' AND Timestamp < '" + b[1]
                        + "' ORDER BY Timestamp, SpanId LIMIT 10001 FORMAT Null";
            }, null, engine);
            time("  live scores on the trace, FINAL (engine)", rounds, i -> "SELECT * FROM " + db + ".annotation_scores FINAL WHERE project_id = '"
                    + project + "' AND is_deleted = 0 AND target_type IN ('TRACE', 'SPAN', 'DOCUMENT') AND trace_id = '"
                    + traceIds.get(random.nextInt(traceIds.size())) + "' ORDER BY timestamp, id FORMAT Null", null, engine);
            new dev.annotations.api.trace.TraceReadProbe(service.storage(), UUID.fromString(project)).probe(traceIds, origin, rounds);
            IntFunction<long[]> window = i -> {
                long from = origin + (long) (random.nextDouble() * (Duration.ofDays(6).toNanos()));
                return new long[]{from, from + Duration.ofHours(1).toNanos()};
            };
            time("GET /api/v1/spans (1 h, limit 100)", rounds, i -> {
                long[] w = window.apply(i);
                return base + "/api/v1/spans?limit=100&from=" + Instant.ofEpochSecond(0, w[0]) + "&to=" + Instant.ofEpochSecond(0, w[1]);
            }, http, null);
            time("  search, summary columns (engine)", rounds, i -> {
                long[] w = window.apply(i);
                return "SELECT TraceId, SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, toUnixTimestamp64Nano(Timestamp), Duration,"
                        + " StatusCode, StatusMessage, SpanAttributes FROM " + table + " WHERE Timestamp >= fromUnixTimestamp64Nano(" + w[0]
                        + ") AND Timestamp < fromUnixTimestamp64Nano(" + w[1] + ") ORDER BY Timestamp DESC, SpanId DESC LIMIT 100"
                        + " SETTINGS use_top_k_dynamic_filtering = 0 FORMAT Null";
            }, null, engine);
            time("  search, without SpanAttributes (engine)", rounds, i -> {
                long[] w = window.apply(i);
                return "SELECT TraceId, SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, toUnixTimestamp64Nano(Timestamp), Duration,"
                        + " StatusCode, StatusMessage FROM " + table + " WHERE Timestamp >= fromUnixTimestamp64Nano(" + w[0]
                        + ") AND Timestamp < fromUnixTimestamp64Nano(" + w[1] + ") ORDER BY Timestamp DESC, SpanId DESC LIMIT 100"
                        + " SETTINGS use_top_k_dynamic_filtering = 0 FORMAT Null";
            }, null, engine);
            System.out.println("load average: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
        }
        System.exit(0);
    }

    private static void time(String what, int rounds, IntFunction<String> next, HttpClient http, EmbeddedClickHouse engine) throws Exception {
        long[] nanos = new long[rounds];
        for (int i = -5; i < rounds; i++) {
            String target = next.apply(i);
            long start = System.nanoTime();
            if (http != null) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target))
                        .header("Authorization", "Bearer " + BenchmarkService.KEY).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
            } else {
                engine.directQuery(target);
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-50s p50 %6.1f ms  p90 %6.1f ms%n", what, nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6);
    }
}
