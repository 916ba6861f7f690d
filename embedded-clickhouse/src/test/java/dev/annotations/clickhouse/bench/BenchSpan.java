package dev.annotations.clickhouse.bench;

import dev.annotations.clickhouse.RowBinaryWriter;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A realistic span row, the shape the Collector writes into {@code otel_traces}, trimmed to the benchmark's types. */
record BenchSpan(Instant timestamp, String traceId, String spanId, String parentSpanId, String serviceName,
                 String spanName, Map<String, String> attributes, long durationNanos) {

    static final String COLUMNS = "Timestamp, TraceId, SpanId, ParentSpanId, ServiceName, SpanName, SpanAttributes, Duration";

    private static final List<String> SERVICES = List.of("checkout", "cart", "frontend", "payments", "recommendation",
            "llm-gateway", "search", "auth");
    private static final List<String> SPAN_NAMES = IntStream.range(0, 20)
            .mapToObj(i -> i % 2 == 0 ? "chat gpt-4o-mini " + i : "GET /api/v1/items/" + i).toList();
    private static final List<String> MODELS = List.of("gpt-4o-mini", "claude-sonnet", "llama-3.1-70b");
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    static String createTable(String table) {
        return "CREATE TABLE " + table + " ("
                + "Timestamp DateTime64(9, 'UTC'), "
                + "TraceId String, "
                + "SpanId String, "
                + "ParentSpanId String, "
                + "ServiceName LowCardinality(String), "
                + "SpanName LowCardinality(String), "
                + "SpanAttributes Map(LowCardinality(String), String), "
                + "Duration UInt64"
                + ") ENGINE = MergeTree ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))";
    }

    /** {@code count} spans, the same for every run (fixed seed), so the three insert paths get equal work. */
    static BenchSpan[] generate(int count) {
        SplittableRandom random = new SplittableRandom(42);
        HexFormat hex = HexFormat.of();
        BenchSpan[] spans = new BenchSpan[count];
        for (int i = 0; i < count; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("http.method", i % 3 == 0 ? "POST" : "GET");
            attributes.put("gen_ai.request.model", MODELS.get(random.nextInt(MODELS.size())));
            attributes.put("user.id", "user-" + random.nextInt(10_000));
            if (i % 4 == 0) {
                attributes.put("session.id", hex.toHexDigits(random.nextLong()));
            }
            spans[i] = new BenchSpan(
                    BASE.plusNanos(i * 1_237L),
                    hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()),
                    hex.toHexDigits(random.nextLong()),
                    i % 5 == 0 ? "" : hex.toHexDigits(random.nextLong()),
                    SERVICES.get(random.nextInt(SERVICES.size())),
                    SPAN_NAMES.get(random.nextInt(SPAN_NAMES.size())),
                    attributes,
                    random.nextLong(1_000, 5_000_000_000L));
        }
        return spans;
    }

    void bind(PreparedStatement insert) throws SQLException {
        insert.setObject(1, LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
        insert.setString(2, traceId);
        insert.setString(3, spanId);
        insert.setString(4, parentSpanId);
        insert.setString(5, serviceName);
        insert.setString(6, spanName);
        insert.setObject(7, attributes);
        insert.setLong(8, durationNanos);
    }

    void writeTo(RowBinaryWriter out) {
        out.dateTime64Nanos(timestamp)
                .string(traceId)
                .string(spanId)
                .string(parentSpanId)
                .string(serviceName)
                .string(spanName)
                .stringMap(attributes)
                .uint64(durationNanos);
    }
}
