package dev.annotations.clickhouse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The DDL and sample data for {@link TypedRow} tables, shared by the JDBC and jOOQ tests. */
final class TypedTable {
    static final String MERGE_TREE = "MergeTree";
    static final String REPLACING_MERGE_TREE = "ReplacingMergeTree(version, is_deleted)";

    /** The column list in insert order; {@code events.name}/{@code events.value} are the Nested column. */
    static final String COLUMNS = "id, service, attributes, tags, comment, status, ts, `events.name`, `events.value`, "
            + "version, is_deleted";

    private TypedTable() {
    }

    static String createStatement(String table, String engine) {
        return "CREATE TABLE " + table + " ("
                + "id UUID, "
                + "service LowCardinality(String), "
                + "attributes Map(LowCardinality(String), String), "
                + "tags Array(String), "
                + "comment Nullable(String), "
                + "status Enum8('unset' = 0, 'ok' = 1, 'error' = 2), "
                // UTC pins the wall-clock text the driver writes and reads to one instant on any machine
                + "ts DateTime64(9, 'UTC'), "
                + "events Nested(name String, value UInt32), "
                + "version UInt64, "
                + "is_deleted UInt8"
                + ") ENGINE = " + engine + " ORDER BY id";
    }

    /**
     * Rows chosen to break naive encodings: unicode and emoji, quotes, backslashes, tabs and newlines,
     * an empty map, an empty array, a NULL next to an empty string, and timestamps whose last
     * nanosecond digit matters.
     */
    static List<TypedRow> sampleRows() {
        return List.of(
                new TypedRow(UUID.fromString("00000000-0000-4000-8000-000000000001"), "checkout",
                        orderedMap("gen_ai.request.model", "gpt-4o", "http.route", "/api/v1/scores"),
                        List.of("a", "b"), "first", TypedRow.Status.ok,
                        Instant.parse("2024-05-01T12:34:56.123456789Z"),
                        List.of("tool_call", "retry"), List.of(1L, 4_000_000_000L), 1, false),
                new TypedRow(UUID.fromString("00000000-0000-4000-8000-000000000002"), "Zürich-サービス",
                        orderedMap("emoji", "👍🏽 thumbs", "quote", "it's \"quoted\" \\ back\\slash"),
                        List.of("tab\there", "new\nline", ""), "", TypedRow.Status.error,
                        Instant.parse("1999-12-31T23:59:59.999999999Z"),
                        List.of(), List.of(), 7, false),
                new TypedRow(UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"), "",
                        Map.of(), List.of(), null, TypedRow.Status.unset,
                        Instant.parse("2262-04-11T23:47:16.000000001Z"),
                        List.of("only"), List.of(0L), 0, false),
                new TypedRow(UUID.fromString("123e4567-e89b-42d3-a456-426614174000"), "x",
                        Map.of("k", ""), List.of("日本語", "ünïcødé"), "multi\nline\tcomment '; DROP TABLE x; --",
                        TypedRow.Status.ok, Instant.parse("1970-01-01T00:00:00.000000001Z"),
                        List.of("a", "b", "c"), List.of(1L, 2L, 3L), Long.MAX_VALUE, false));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
