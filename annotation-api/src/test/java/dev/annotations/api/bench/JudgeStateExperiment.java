package dev.annotations.api.bench;

import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Issue #12's lever "keep state on write", costed on the write side: a 1-row score INSERT into the score table as
 * shipped (ReplacingMergeTree + view into the history without skip indexes, V003/V050) against the same with one
 * more materialized view into a table of each author's latest rating per (project, name, config, unit) — a
 * ReplacingMergeTree by recency, which is what a judge call would read instead of every version. Layouts take
 * turns insert by insert, so the machine's noise falls on both alike. Not a test: {@code ./bench judge-state}.
 */
public final class JudgeStateExperiment {
    private static final String COLUMNS = """
            project_id UUID, id UUID,
            target_type Enum8('TRACE' = 1, 'SPAN' = 2, 'SESSION' = 3, 'DATASET_ITEM' = 4, 'DOCUMENT' = 5),
            trace_id String, span_id String, session_id String, dataset_id String, item_id String, document_position Int32,
            name LowCardinality(String), data_type Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4),
            value Nullable(Float64), string_value String, labels Array(String), comment String,
            metadata Map(LowCardinality(String), String), config_id Nullable(UUID), queue_id Nullable(UUID),
            source Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4),
            annotator_kind Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3), author String, created_by String,
            timestamp DateTime64(3, 'UTC'), created_at DateTime64(3, 'UTC'), updated_at DateTime64(3, 'UTC'),
            changed_by String, version UInt64, is_deleted UInt8""";
    private static final String INDEXES = """
            , INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1,
            INDEX idx_name name TYPE set(1000) GRANULARITY 4,
            INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
            INDEX idx_author author TYPE bloom_filter(0.01) GRANULARITY 4,
            INDEX idx_config config_id TYPE bloom_filter(0.01) GRANULARITY 4""";
    private static final String SORT = "(project_id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position, name, id)";

    /** As JudgeFastPath.RECENCY: (timestamp, id, version) packed into one UInt256. */
    private static final String RECENCY = "bitShiftLeft(toUInt256(toInt128(toUnixTimestamp64Milli(timestamp))"
            + " + toInt128('9223372036854775808')), 192)"
            + " + bitShiftLeft(toUInt256(bitAnd(toUInt128(id), toUInt128('18446744073709551615'))), 128)"
            + " + bitShiftLeft(toUInt256(bitShiftRight(toUInt128(id), 64)), 64) + version";

    private JudgeStateExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path data = Files.createTempDirectory("judge-state-experiment");
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(data))) {
            String loadBefore = loadAverage();
            engine.directQuery("CREATE DATABASE x");
            String[] tables = {"x.shipped", "x.stateful"};
            for (String table : tables) {
                engine.directQuery("CREATE TABLE " + table + " (" + COLUMNS + INDEXES + ") ENGINE = ReplacingMergeTree(version, is_deleted) ORDER BY " + SORT);
                engine.directQuery("CREATE TABLE " + table + "_history (" + COLUMNS + ") ENGINE = MergeTree ORDER BY (project_id, id, version)");
                engine.directQuery("CREATE MATERIALIZED VIEW " + table + "_history_mv TO " + table + "_history AS SELECT * FROM " + table);
            }
            engine.directQuery("""
                    CREATE TABLE x.latest_ratings (project_id UUID, name LowCardinality(String), config_id Nullable(UUID),
                        target_type Enum8('TRACE' = 1, 'SPAN' = 2, 'SESSION' = 3, 'DATASET_ITEM' = 4, 'DOCUMENT' = 5),
                        trace_id String, span_id String, session_id String, dataset_id String, item_id String,
                        document_position Int32, author String, annotator_kind Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3),
                        id UUID, timestamp DateTime64(3, 'UTC'), version UInt64, data_type Enum8('NUMERIC' = 1,
                        'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4), value Nullable(Float64), string_value String,
                        labels Array(String), queue_id Nullable(UUID), source Enum8('ANNOTATION' = 1, 'API' = 2,
                        'EVAL' = 3, 'FEEDBACK' = 4), is_deleted UInt8, recency UInt256)
                    ENGINE = ReplacingMergeTree(recency, is_deleted)
                    ORDER BY (project_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position, author)
                    """);
            engine.directQuery("CREATE MATERIALIZED VIEW x.latest_ratings_mv TO x.latest_ratings AS SELECT project_id, name,"
                    + " config_id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position, author,"
                    + " annotator_kind, id, timestamp, version, data_type, value, string_value, labels, queue_id, source,"
                    + " is_deleted, " + RECENCY + " AS recency FROM x.stateful");

            UUID project = UUID.randomUUID();
            long[][] nanos = new long[tables.length][rounds];
            for (int warm = 0; warm < 20; warm++) {
                for (String table : tables) {
                    engine.directExecute(insert(table, project));
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < tables.length; t++) {
                    byte[] statement = insert(tables[t], project);
                    long start = System.nanoTime();
                    engine.directExecute(statement);
                    nanos[t][round] = System.nanoTime() - start;
                }
            }
            for (long[] series : nanos) {
                Arrays.sort(series);
            }
            double shipped = nanos[0][rounds / 2] / 1e6;
            double stateful = nanos[1][rounds / 2] / 1e6;
            System.out.printf("""
                    # Judge state on write: cost of a 1-row score INSERT

                    %s, %d CPUs, %d rounds taking turns, load average %s before, %s after.

                    | layout | median | p90 |
                    |---|---|---|
                    | score table + history view (as shipped) | %.2f ms (1.00×) | %.2f ms |
                    | the same + a view into latest_ratings (ReplacingMergeTree by recency) | %.2f ms (%.2f×) | %.2f ms |
                    %n""", Instant.now(), Runtime.getRuntime().availableProcessors(), rounds, loadBefore, loadAverage(),
                    shipped, nanos[0][rounds * 9 / 10] / 1e6, stateful, stateful / shipped, nanos[1][rounds * 9 / 10] / 1e6);
        }
        System.exit(0);
    }

    private static byte[] insert(String table, UUID project) {
        String row = "{\"project_id\":\"" + project + "\",\"id\":\"" + UUID.randomUUID() + "\",\"target_type\":\"TRACE\","
                + "\"trace_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"span_id\":\"\",\"session_id\":\"\","
                + "\"dataset_id\":\"\",\"item_id\":\"\",\"document_position\":-1,\"name\":\"helpfulness\",\"data_type\":\"CATEGORICAL\","
                + "\"value\":1,\"string_value\":\"good\",\"labels\":[],\"comment\":\"\",\"metadata\":{\"model\":\"gpt-4o\"},"
                + "\"config_id\":null,\"queue_id\":null,\"source\":\"API\",\"annotator_kind\":\"HUMAN\",\"author\":\"bench\","
                + "\"created_by\":\"bench\",\"timestamp\":\"2026-12-01 10:00:00.000\",\"created_at\":\"2026-12-01 10:00:00.000\","
                + "\"updated_at\":\"2026-12-01 10:00:00.000\",\"changed_by\":\"bench\",\"version\":1,\"is_deleted\":0}";
        return ("INSERT INTO " + table + " FORMAT JSONEachRow\n" + row).getBytes(StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
