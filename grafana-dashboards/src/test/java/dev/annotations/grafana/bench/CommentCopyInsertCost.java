package dev.annotations.grafana.bench;

import dev.annotations.clickhouse.EmbeddedClickHouse;
import dev.annotations.grafana.engine.Schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What V081's materialized view (annotation_feedback_comments_mv) adds to a score write, issue #15's concern: a
 * 1-row INSERT into annotation_scores of two copies of the service's schema in one engine, built by the real
 * migrations, one of them without that view (as before V081). Both keep every other view on the table (the history
 * and annotation_score_facts). Rows: a FEEDBACK score with a comment (the view copies it) and an EVAL score without
 * one (the view's filter drops it); layouts take turns insert by insert, so the machine's noise falls on both alike.
 * Usage: CommentCopyInsertCost output.md [rounds]; {@code ./bench comments-insert}.
 */
public final class CommentCopyInsertCost {
    private static final List<String> DATABASES = List.of("before_v081", "with_v081");

    private CommentCopyInsertCost() {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path data = Files.createTempDirectory("comment-copy-insert-cost");
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(data))) {
            DATABASES.forEach(database -> Schema.migrate(engine, database));
            engine.directQuery("DROP VIEW before_v081.annotation_feedback_comments_mv");
            String loadBefore = loadAverage();
            StringBuilder table = new StringBuilder();
            for (boolean comment : List.of(true, false)) {
                long[][] nanos = new long[DATABASES.size()][rounds];
                for (int round = -20; round < rounds; round++) {
                    for (int d = 0; d < DATABASES.size(); d++) {
                        byte[] statement = insert(DATABASES.get(d), comment);
                        long start = System.nanoTime();
                        engine.directExecute(statement);
                        if (round >= 0) {
                            nanos[d][round] = System.nanoTime() - start;
                        }
                    }
                }
                Arrays.stream(nanos).forEach(Arrays::sort);
                double before = nanos[0][rounds / 2] / 1e6;
                double with = nanos[1][rounds / 2] / 1e6;
                String row = comment ? "a FEEDBACK score with a comment (copied)" : "an EVAL score without a comment (filtered out)";
                table.append("| %s | %.2f ms / %.2f ms | %.2f ms / %.2f ms | %.2f× |\n".formatted(row, before,
                        nanos[0][rounds * 9 / 10] / 1e6, with, nanos[1][rounds * 9 / 10] / 1e6, with / before));
            }
            long copied = Long.parseLong(engine.directQuery("SELECT count() FROM with_v081.annotation_feedback_comments").strip());
            String page = """
                    # V081's comment copy: cost of a 1-row score INSERT

                    Produced by `./bench comments-insert` (grafana-dashboards/src/test/java/dev/annotations/grafana/bench/CommentCopyInsertCost.java):
                    a 1-row INSERT (JSONEachRow, straight into the engine) into `annotation_scores` of two copies of the schema built by the
                    migrations, one without `annotation_feedback_comments_mv`; %d rounds per row kind after 20 warm-up rounds, the two copies
                    taking turns. %s, %d CPUs, load average %s before, %s after; rows copied by the view: %d.

                    | row | before V081: median / p90 | with V081's view: median / p90 | ratio of medians |
                    |---|---|---|---|
                    %s""".formatted(rounds, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), copied, table);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, page);
            System.out.print(page);
        }
    }

    private static byte[] insert(String database, boolean feedback) {
        String at = "2026-12-01 10:00:00.000";
        String row = "{\"project_id\":\"11111111-1111-4111-8111-111111111111\",\"id\":\"" + UUID.randomUUID() + "\","
                + "\"target_type\":\"SPAN\",\"trace_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\","
                + "\"span_id\":\"00f067aa0ba902b7\",\"session_id\":\"\",\"dataset_id\":\"\",\"item_id\":\"\",\"document_position\":-1,"
                + "\"name\":\"thumbs\",\"data_type\":\"BOOLEAN\",\"value\":0,\"string_value\":\"down\",\"labels\":[],"
                + "\"comment\":\"" + (feedback ? "wrong refund amount, not helpful" : "") + "\",\"metadata\":{},"
                + "\"config_id\":null,\"queue_id\":null,\"source\":\"" + (feedback ? "FEEDBACK" : "EVAL") + "\","
                + "\"annotator_kind\":\"" + (feedback ? "HUMAN" : "LLM") + "\",\"author\":\"user-1\",\"created_by\":\"bench\","
                + "\"timestamp\":\"" + at + "\",\"created_at\":\"" + at + "\",\"updated_at\":\"" + at + "\",\"changed_by\":\"bench\","
                + "\"version\":1,\"is_deleted\":0}";
        return ("INSERT INTO " + database + ".annotation_scores FORMAT JSONEachRow\n" + row).getBytes(StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
