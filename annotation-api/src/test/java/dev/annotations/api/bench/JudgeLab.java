package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scratch: the analytics benchmark's judge data on a kept data directory, the engine's HTTP port left open. */
public final class JudgeLab {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pairs = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        try (AnnotationService service = BenchmarkService.start(dir)) {
            ClickHouseStorage storage = service.storage();
            EmbeddedClickHouse engine = storage.embedded().orElseThrow();
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newHttpClient();
            String count = engine.directQuery("SELECT count() FROM " + storage.qualified("annotation_scores")).strip();
            if (count.equals("0")) {
                String project = AnalyticsBenchmark.field(AnalyticsBenchmark.send(http, base + "/api/v1/projects", "GET", null), "id");
                String judged = AnalyticsBenchmark.config(http, base, "{\"name\":\"bench-judged\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                        + "{\"label\":\"good\",\"value\":1},{\"label\":\"fair\",\"value\":0.5},{\"label\":\"bad\",\"value\":0}]}");
                String graded = AnalyticsBenchmark.config(http, base, "{\"name\":\"bench-graded\",\"dataType\":\"NUMERIC\",\"min\":0,\"max\":6}");
                java.util.UUID p = java.util.UUID.fromString(project);
                String humanLabel = "arrayElement(['good','fair','bad'], 1 + number % 3)";
                AnalyticsBenchmark.insert(storage, p, judged, "bench-judged", pairs, "concat('judged-', toString(number))", "'CATEGORICAL'",
                        "NULL", humanLabel, "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
                AnalyticsBenchmark.insert(storage, p, judged, "bench-judged", pairs, "concat('judged-', toString(number))", "'CATEGORICAL'",
                        "NULL", "if(cityHash64(number, 7) % 100 < 80, " + humanLabel + ", arrayElement(['good','fair','bad'], 1 + cityHash64(number, 8) % 3))",
                        "'EVAL'", "'LLM'", "'gpt-judge'");
                AnalyticsBenchmark.insert(storage, p, graded, "bench-graded", pairs, "concat('graded-', toString(number))", "'NUMERIC'",
                        "toFloat64(1 + number % 5)", "''", "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
                AnalyticsBenchmark.insert(storage, p, graded, "bench-graded", pairs, "concat('graded-', toString(number))", "'NUMERIC'",
                        "toFloat64(number % 5 + cityHash64(number, 9) % 3)", "''", "'EVAL'", "'LLM'", "'gpt-judge'");
            }
            var account = engine.credentials();
            Files.writeString(dir.resolve("conn"), engine.httpUrl() + "\n" + account.user() + "\n" + account.password() + "\n"
                    + ProcessHandle.current().pid() + "\n" + storage.database() + "\n" + base + "\n");
            System.out.println("ready " + engine.httpUrl());
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
