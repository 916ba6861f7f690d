package dev.annotations.api.score;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.bench.AnalyticsBenchmark;
import dev.annotations.api.bench.BenchmarkService;
import dev.annotations.api.bench.LoadGenerator;
import dev.annotations.api.storage.ClickHouseStorage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Judge calibration's fast-path statement in variants, alternately in one run on the analytics benchmark's
 * labels data (1 000 000 targets, one human and one LLM score each): wall time and this process's CPU per
 * statement (the engine runs inside it), and whether the rows are the same. Not a test: an experiment to run by
 * hand (java … dev.annotations.api.score.JudgeSqlExperiment [pairs] [rounds]).
 */
public final class JudgeSqlExperiment {
    private JudgeSqlExperiment() {
    }

    record Variant(String name, Function<List<Object>, String> sql) {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (AnnotationService service = BenchmarkService.start(Files.createTempDirectory("judge-sql-experiment"),
                java.util.Map.of("ANNOTATION_CLICKHOUSE_ANALYTICS_TIMEOUT_SECONDS", "900"))) {
            ClickHouseStorage storage = service.storage();
            UUID project = UUID.randomUUID();
            UUID config = UUID.randomUUID();
            String humanLabel = "arrayElement(['good','fair','bad'], 1 + number % 3)";
            AnalyticsBenchmark.insert(storage, project, config.toString(), "judged", pairs, "concat('judged-', toString(number))",
                    "'CATEGORICAL'", "NULL", humanLabel, "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
            AnalyticsBenchmark.insert(storage, project, config.toString(), "judged", pairs, "concat('judged-', toString(number))",
                    "'CATEGORICAL'", "NULL", "if(cityHash64(number, 7) % 100 < 80, " + humanLabel
                            + ", arrayElement(['good','fair','bad'], 1 + cityHash64(number, 8) % 3))", "'EVAL'", "'LLM'", "'gpt-judge'");
            RatingSelection judges = new RatingSelection(project, Optional.empty(), "judged", true, Optional.empty(),
                    Optional.empty(), Optional.empty(), Set.of(AnnotatorKind.LLM, AnnotatorKind.CODE), List.of(),
                    RatingSelection.ValueKind.LABEL);
            JudgeQueries.Human human = new JudgeQueries.Human(project, Optional.of(config), "judged", RatingSelection.ValueKind.LABEL,
                    List.of("good", "fair", "bad"));
            JudgeFastPath fast = new JudgeFastPath(storage, judges, human, false, List.of());
            List<Variant> variants = List.of(
                    new Variant("as shipped (ARRAY JOIN into parts)", binds -> fast.cells(TimeBucket.DAY, binds)),
                    new Variant("one row per unit, parts as counts", binds -> withoutArrayJoin(fast, binds)),
                    new Variant("the inner GROUP BY alone", binds -> "SELECT count() AS units FROM (" + fast.units(binds) + ")"));
            double[][] wall = new double[variants.size()][rounds];
            double[][] cpu = new double[variants.size()][rounds];
            List<TreeSet<String>> answers = new ArrayList<>();
            variants.forEach(variant -> answers.add(null));
            for (int round = -1; round < rounds; round++) {
                for (int v = 0; v < variants.size(); v++) {
                    List<Object> binds = new ArrayList<>();
                    String sql = variants.get(v).sql().apply(binds);
                    long cpuStart = LoadGenerator.cpuNanos();
                    long start = System.nanoTime();
                    List<org.jooq.Record> rows = storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray()));
                    if (round >= 0) {
                        wall[v][round] = (System.nanoTime() - start) / 1e6;
                        cpu[v][round] = (LoadGenerator.cpuNanos() - cpuStart) / 1e6;
                    }
                    answers.set(v, canonical(rows));
                }
            }
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            System.out.println("load average at the end: " + load);
            for (int v = 0; v < variants.size(); v++) {
                Arrays.sort(wall[v]);
                Arrays.sort(cpu[v]);
                System.out.printf("%-40s wall median %6.0f ms (min %6.0f)  CPU median %6.0f ms (min %6.0f)  rows %d%n",
                        variants.get(v).name(), wall[v][rounds / 2], wall[v][0], cpu[v][rounds / 2], cpu[v][0],
                        answers.get(v).size());
            }
            System.out.println("same answer: " + answers.get(0).equals(answers.get(1)));
            answers.get(0).stream().limit(3).forEach(System.out::println);
        }
    }

    /** The cells as text and the humans' and slow units' totals, whichever form the rows come in. */
    static TreeSet<String> canonical(List<org.jooq.Record> rows) {
        TreeSet<String> answer = new TreeSet<>();
        long humans = 0;
        long slow = 0;
        for (org.jooq.Record row : rows) {
            if (row.field("part") == null && row.field("is_cell") == null) {
                answer.add("units " + row.get("units"));
                continue;
            }
            boolean cell = row.field("part") != null ? "cell".equals(row.get("part").toString())
                    : AnalyticsSql.flag(row.get("is_cell"));
            if (row.field("part") != null) {
                long units = AnalyticsSql.count(row.get("units"));
                humans += "humans".equals(row.get("part").toString()) ? units : 0;
                slow += "slow".equals(row.get("part").toString()) ? units : 0;
            } else {
                humans += AnalyticsSql.count(row.get("humans"));
                slow += AnalyticsSql.count(row.get("slow_units"));
            }
            if (cell) {
                answer.add(row.get("judge") + "|" + row.get("bucket") + "|" + row.get("judge_key") + "|" + row.get("judge_value")
                        + "|" + AnalyticsSql.flag(row.get("human_present")) + "|" + row.get("human_key") + "|"
                        + row.get("human_value") + "|" + row.get("units"));
            }
        }
        answer.add("humans " + humans);
        answer.add("slow " + slow);
        return answer;
    }

    /** The shipped statement's answer as one row per distinct (slow, cell keys), 'humans' and 'slow' as counts. */
    static String withoutArrayJoin(JudgeFastPath fast, List<Object> binds) {
        String units = fast.units(binds);
        String cell = "(NOT slow AND judged > 0 AND judged_contents[1] != '')";
        return "SELECT slow, " + cell + " AS is_cell, if(is_cell, judge_authors[1], '') AS judge,"
                + " if(is_cell, " + TimeBucket.DAY.startOf("judged_ats[1]") + ", 0) AS bucket,"
                + " if(is_cell, judged_contents[1], '') AS judge_key,"
                + " if(is_cell AND NOT isNaN(judged_numbers[1]), judged_numbers[1], NULL) AS judge_value,"
                + " is_cell AND rated = 1 AS human_present, false AS human_tie,"
                + " if(is_cell AND rated = 1, rating_key, NULL) AS human_key,"
                + " if(is_cell AND rated = 1, rating_value, NULL) AS human_value,"
                + " countIf(is_cell) AS units, countIf(NOT slow AND human_rows > 0 AND all_shaped) AS humans,"
                + " countIf(slow) AS slow_units"
                + " FROM (" + units + ")"
                + " GROUP BY slow, is_cell, judge, bucket, judge_key, judge_value, human_present, human_tie, human_key, human_value";
    }

}
