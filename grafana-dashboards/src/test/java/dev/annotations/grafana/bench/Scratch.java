package dev.annotations.grafana.bench;

import dev.annotations.clickhouse.EmbeddedClickHouse;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.engine.Schema;
import dev.annotations.grafana.engine.SqlClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Temporary: time candidate queries on benchmark-sized data. */
public final class Scratch {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dir))) {
            Schema.migrate(engine);
            SqlClient sql = new SqlClient(engine.httpUrl(), "otel");
            long spans = Long.parseLong(args[1]);
            if (sql.query("SELECT count() FROM otel_traces").rows().get(0).get(0).asLong() == 0) {
                BenchmarkData data = new BenchmarkData(sql, Instant.parse("2026-11-26T00:00:00Z"));
                long t0 = System.nanoTime();
                data.project();
                data.spans(spans);
                System.out.println("spans " + (System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                data.scores(spans, spans / 5);
                System.out.println("scores " + (System.nanoTime() - t0) / 1e9);
                sql.execute("OPTIMIZE TABLE annotation_scores FINAL");
            }
            for (String block : Files.readString(Path.of(args[2])).split("\n;\n")) {
                if (block.isBlank()) continue;
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    try {
                        QueryResult r = sql.query(block);
                        System.out.printf("%.3f s rows=%d %s%n", (System.nanoTime() - t0) / 1e9, r.size(),
                                r.size() > 0 ? r.rows().get(0) : "");
                    } catch (RuntimeException e) {
                        System.out.println("FAIL " + e.getMessage().lines().findFirst().orElse(""));
                        break;
                    }
                }
                System.out.println("--- " + block.strip().lines().findFirst().orElse(""));
            }
        }
    }
}
