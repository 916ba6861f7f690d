package dev.annotations.api.bench;

import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Issue #15's "fewer files per write", measured side by side in one run on the embedded engine (no HTTP):
 * the cost of one 1-row INSERT of a score version, and the files each makes, for the ways of keeping every
 * version — the shipped table + view into a history copied with the table's skip indexes, the same view into
 * a history without them, one versioned MergeTree table that keeps all versions (reads pick the newest with
 * {@code LIMIT 1 BY}), the table alone and a {@code Null} table — and then the reads each layout needs: a
 * score's newest version by id, and a page of a project's newest live scores. Variants take turns insert by
 * insert, so the machine's noise falls on all alike. Not a test: {@code ./bench score-tables}.
 */
public final class ScoreTableExperiment {
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

    private ScoreTableExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/score-tables.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int stored = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Path data = Files.createTempDirectory("score-table-experiment");
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(data))) {
            engine.directQuery("CREATE DATABASE x");
            Map<String, String> targets = new LinkedHashMap<>();
            // A: as shipped (V003): the history copies the table's 5 skip indexes
            engine.directQuery("CREATE TABLE x.a (" + COLUMNS + INDEXES + ") ENGINE = ReplacingMergeTree(version, is_deleted) ORDER BY " + SORT);
            engine.directQuery("CREATE TABLE x.a_history AS x.a ENGINE = MergeTree ORDER BY (project_id, id, version)");
            engine.directQuery("CREATE MATERIALIZED VIEW x.a_mv TO x.a_history AS SELECT * FROM x.a");
            targets.put("table + view → history with the 5 copied skip indexes (shipped)", "x.a");
            // B: the history without skip indexes (V050)
            engine.directQuery("CREATE TABLE x.b (" + COLUMNS + INDEXES + ") ENGINE = ReplacingMergeTree(version, is_deleted) ORDER BY " + SORT);
            engine.directQuery("CREATE TABLE x.b_history (" + COLUMNS + ") ENGINE = MergeTree ORDER BY (project_id, id, version)");
            engine.directQuery("CREATE MATERIALIZED VIEW x.b_mv TO x.b_history AS SELECT * FROM x.b");
            targets.put("table + view → history without skip indexes", "x.b");
            // C: one versioned table keeping every version; the newest is picked at read time
            engine.directQuery("CREATE TABLE x.c (" + COLUMNS + INDEXES + ") ENGINE = MergeTree ORDER BY " + SORT);
            targets.put("one versioned MergeTree table (all versions, read with LIMIT 1 BY)", "x.c");
            engine.directQuery("CREATE TABLE x.d (" + COLUMNS + INDEXES + ") ENGINE = ReplacingMergeTree(version, is_deleted) ORDER BY " + SORT);
            targets.put("the table alone, no history (reference)", "x.d");
            engine.directQuery("CREATE TABLE x.e (" + COLUMNS + ") ENGINE = Null");
            targets.put("Null engine (no storage: the statement's own cost)", "x.e");

            UUID project = UUID.randomUUID();
            Map<String, long[]> nanos = new LinkedHashMap<>();
            targets.keySet().forEach(name -> nanos.put(name, new long[rounds]));
            for (int warm = 0; warm < 20; warm++) {
                for (String table : targets.values()) {
                    engine.directExecute(insert(table, project, 1));
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, String> target : targets.entrySet()) {
                    byte[] statement = insert(target.getValue(), project, 1);
                    long start = System.nanoTime();
                    engine.directExecute(statement);
                    nanos.get(target.getKey())[round] = System.nanoTime() - start;
                }
            }
            StringBuilder report = new StringBuilder("""
                    # Score tables: files and time per 1-row INSERT

                    Produced by `./bench score-tables` (annotation-api/src/test/java/dev/annotations/api/bench/ScoreTableExperiment.java):
                    the embedded engine alone (no HTTP, no service), %d rounds in which each layout takes one 1-row INSERT in
                    turn, so the machine's noise falls on all alike. Files: those of the newest part of each table the INSERT
                    writes (table + history), counted on disk. %s, %d CPUs, load average before: %s.

                    | layout | median | p90 | files per INSERT |
                    |---|---|---|---|
                    """.formatted(rounds, Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage()));
            double shipped = 0;
            for (Map.Entry<String, String> target : targets.entrySet()) {
                long[] sorted = nanos.get(target.getKey()).clone();
                Arrays.sort(sorted);
                double median = sorted[rounds / 2] / 1e6;
                if (shipped == 0) {
                    shipped = median;
                }
                report.append("| %s | %.2f ms (%.2f×) | %.2f ms | %s |\n".formatted(target.getKey(), median, median / shipped,
                        sorted[rounds * 9 / 10] / 1e6, files(engine, target.getValue())));
            }

            // reads: fill B and C with the same versions (every score twice: an edit), then ask each the reads it needs
            engine.directQuery("TRUNCATE TABLE x.b");
            engine.directQuery("TRUNCATE TABLE x.b_history");
            engine.directQuery("TRUNCATE TABLE x.c");
            String fill = "SELECT toUUID('" + project + "') AS project_id, generateUUIDv4(number % " + stored + ") AS id, 'TRACE' AS target_type,"
                    + " hex(cityHash64(number % " + stored + ")) AS trace_id, '' AS span_id, '' AS session_id, '' AS dataset_id, '' AS item_id,"
                    + " -1 AS document_position, 'helpfulness' AS name, 'NUMERIC' AS data_type, toFloat64(number % 5) AS value, '' AS string_value,"
                    + " [] AS labels, 'ok' AS comment, map('model', 'gpt-4o') AS metadata, NULL AS config_id, NULL AS queue_id, 'API' AS source,"
                    + " 'HUMAN' AS annotator_kind, 'bench' AS author, 'bench' AS created_by,"
                    + " toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number % " + stored + ") AS timestamp,"
                    + " timestamp AS created_at, timestamp AS updated_at, 'bench' AS changed_by, 1 + intDiv(number, " + stored + ") AS version,"
                    + " 0 AS is_deleted FROM numbers(" + (2L * stored) + ")";
            engine.directQuery("INSERT INTO x.b " + fill);
            engine.directQuery("INSERT INTO x.c " + fill);
            engine.directQuery("OPTIMIZE TABLE x.b FINAL");
            String someId = engine.directQuery("SELECT id FROM x.c LIMIT 1 OFFSET 12345").strip();
            Map<String, String> reads = new LinkedHashMap<>();
            reads.put("B: newest version of one id (table, as ScoreRepository)",
                    "SELECT * FROM x.b WHERE id = '" + someId + "' AND project_id = '" + project + "' FORMAT Null");
            reads.put("C: newest version of one id (LIMIT 1 BY)",
                    "SELECT * FROM x.c WHERE id = '" + someId + "' AND project_id = '" + project + "' ORDER BY version DESC LIMIT 1 BY id FORMAT Null");
            reads.put("B: history of one id", "SELECT * FROM x.b_history WHERE project_id = '" + project + "' AND id = '" + someId + "' ORDER BY version FORMAT Null");
            reads.put("C: history of one id", "SELECT * FROM x.c WHERE project_id = '" + project + "' AND id = '" + someId + "' ORDER BY version FORMAT Null");
            reads.put("B: 100 newest live scores (FINAL)",
                    "SELECT * FROM x.b FINAL WHERE project_id = '" + project + "' AND is_deleted = 0 ORDER BY timestamp DESC, id DESC LIMIT 100 FORMAT Null");
            reads.put("C: 100 newest live scores (LIMIT 1 BY, then live)",
                    "SELECT * FROM (SELECT * FROM x.c WHERE project_id = '" + project + "' ORDER BY version DESC LIMIT 1 BY id)"
                            + " WHERE is_deleted = 0 ORDER BY timestamp DESC, id DESC LIMIT 100 FORMAT Null");
            reads.put("B: count of live scores (FINAL)", "SELECT count() FROM x.b FINAL WHERE project_id = '" + project + "' AND is_deleted = 0 FORMAT Null");
            reads.put("C: count of live scores (argMax)",
                    "SELECT countIf(deleted = 0) FROM (SELECT id, argMax(is_deleted, version) AS deleted FROM x.c WHERE project_id = '" + project + "' GROUP BY id) FORMAT Null");
            report.append("\nReads with %,d scores stored as %,d versions (B merged: one version each; C keeps both):\n\n".formatted(stored, 2 * stored));
            report.append("| read | median | p90 |\n|---|---|---|\n");
            for (Map.Entry<String, String> read : reads.entrySet()) {
                long[] times = new long[15];
                engine.directQuery(read.getValue());
                for (int i = 0; i < times.length; i++) {
                    long start = System.nanoTime();
                    engine.directQuery(read.getValue());
                    times[i] = System.nanoTime() - start;
                }
                Arrays.sort(times);
                report.append("| %s | %.1f ms | %.1f ms |\n".formatted(read.getKey(), times[7] / 1e6, times[13] / 1e6));
            }
            report.append(fileCosts(data, rounds));
            report.append("\nLoad average after: ").append(loadAverage()).append('\n');
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        }
        System.exit(0);
    }

    /**
     * What the front's insert spool and a local write-ahead log would cost per write, on the data directory's
     * disk and in memory: a new file created, written (1 KiB) and removed; and 1 KiB appended to one log
     * file and made durable with fdatasync ({@code FileChannel.force(false)}).
     */
    private static String fileCosts(Path disk, int rounds) throws IOException {
        StringBuilder table = new StringBuilder("\nFile costs per write (1 KiB), %d rounds:\n\n| operation | median | p90 |\n|---|---|---|\n".formatted(rounds));
        byte[] kib = new byte[1024];
        Path memory = Path.of("/dev/shm");
        List<Path> directories = new ArrayList<>(List.of(disk));
        if (Files.isDirectory(memory) && Files.isWritable(memory)) {
            directories.add(memory);
        }
        for (Path directory : directories) {
            Path spool = Files.createTempDirectory(directory, "spool-cost-");
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                Path file = Files.createTempFile(spool, "insert-", ".data");
                Files.write(file, kib);
                Files.delete(file);
                nanos[i] = System.nanoTime() - start;
            }
            Files.delete(spool);
            table.append(row("new file created, written, removed in " + (directory.equals(memory) ? "/dev/shm (memory)" : "the data directory (disk)"), nanos));
        }
        Path log = Files.createTempFile(disk, "wal-cost-", ".log");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)) {
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                channel.write(java.nio.ByteBuffer.wrap(kib));
                channel.force(false);
                nanos[i] = System.nanoTime() - start;
            }
            table.append(row("1 KiB appended to a log on the data directory's disk + fdatasync", nanos));
        }
        Files.delete(log);
        return table.toString();
    }

    private static String row(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return "| %s | %.3f ms | %.3f ms |\n".formatted(what, sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6);
    }

    private static byte[] insert(String table, UUID project, int rows) {
        StringBuilder statement = new StringBuilder("INSERT INTO " + table + " FORMAT JSONEachRow\n");
        String now = Instant.now().toString().replace("T", " ").replace("Z", "");
        for (int i = 0; i < rows; i++) {
            statement.append("{\"project_id\":\"").append(project).append("\",\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"target_type\":\"TRACE\",\"trace_id\":\"").append(UUID.randomUUID().toString().replace("-", ""))
                    .append("\",\"span_id\":\"\",\"session_id\":\"\",\"dataset_id\":\"\",\"item_id\":\"\",\"document_position\":-1,")
                    .append("\"name\":\"helpfulness\",\"data_type\":\"NUMERIC\",\"value\":4,\"string_value\":\"\",\"labels\":[],")
                    .append("\"comment\":\"clear and correct\",\"metadata\":{\"model\":\"gpt-4o\"},\"config_id\":null,\"queue_id\":null,")
                    .append("\"source\":\"API\",\"annotator_kind\":\"HUMAN\",\"author\":\"bench\",\"created_by\":\"bench\",\"timestamp\":\"")
                    .append(now).append("\",\"created_at\":\"").append(now).append("\",\"updated_at\":\"").append(now)
                    .append("\",\"changed_by\":\"bench\",\"version\":1,\"is_deleted\":0}\n");
        }
        return statement.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Files of the newest active part of {@code table} and, where it has one, of its history. */
    private static String files(EmbeddedClickHouse engine, String qualified) throws IOException {
        String table = qualified.substring(2);
        List<String> counts = new ArrayList<>();
        int total = 0;
        for (String name : List.of(table, table + "_history")) {
            String path = engine.directQuery("SELECT path FROM system.parts WHERE database = 'x' AND table = '" + name
                    + "' AND active ORDER BY modification_time DESC, name DESC LIMIT 1").strip();
            if (path.isEmpty()) {
                continue;
            }
            try (Stream<Path> files = Files.list(Path.of(path))) {
                long count = files.count();
                counts.add(Long.toString(count));
                total += (int) count;
            }
        }
        return counts.isEmpty() ? "0" : total + (counts.size() > 1 ? " (" + String.join(" + ", counts) + ")" : "");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
