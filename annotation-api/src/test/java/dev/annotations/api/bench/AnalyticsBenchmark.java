package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.analytics.KappaSideBySide;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.JudgeQueries;
import dev.annotations.api.score.RatingQueries;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.score.TimeBucket;
import dev.annotations.api.storage.ClickHouseStorage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures the analytics endpoints on the embedded engine: agreement over 100 000 units × 3 annotators (a
 * 5-label config and a 1–5 star config) and judge calibration over 1 000 000 (human, judge) pairs (labels and
 * numbers). Data are generated inside the engine with INSERT … SELECT FROM numbers(), not through the API, so
 * set-up takes seconds. Each call is timed over loopback HTTP; the heap it used is the peak of the JVM's used
 * heap during the call above what was in use before it. Not a test: run it with {@code ./bench analytics}.
 */
public final class AnalyticsBenchmark {
    private static final String KEY = BenchmarkService.KEY;
    private static final int RUNS = 5;
    /** The full rule takes a minute a call on a loaded machine: fewer rounds of the side-by-side. */
    private static final int SIDE_BY_SIDE_RUNS = 3;
    /** The longest the benchmark waits for the generated data's background merges before it measures. */
    private static final long MERGE_WAIT_SECONDS = 600;

    private AnalyticsBenchmark() {
    }

    /** One endpoint's figures: median and slowest call, peak heap above the baseline, and the SQL alone. */
    private record Figure(String what, double medianMs, double maxMs, double heapMb, double sqlMs) {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/analytics.md");
        int units = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        // the full rule's judge query took 44–93 s under load 17–21 and more at 40: past the service's 90 s bound
        try (AnnotationService service = BenchmarkService.start(Files.createTempDirectory("analytics-benchmark"),
                java.util.Map.of("ANNOTATION_CLICKHOUSE_ANALYTICS_TIMEOUT_SECONDS", "900"))) {
            String base = "http://127.0.0.1:" + service.port();
            HttpClient http = HttpClient.newHttpClient();
            ClickHouseStorage storage = service.storage();
            UUID project = UUID.fromString(field(send(http, base + "/api/v1/projects", "GET", null), "id"));
            String verdict = config(http, base, "{\"name\":\"bench-verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                    + "{\"label\":\"l1\",\"value\":1},{\"label\":\"l2\",\"value\":2},{\"label\":\"l3\",\"value\":3},"
                    + "{\"label\":\"l4\",\"value\":4},{\"label\":\"l5\",\"value\":5}]}");
            String stars = config(http, base, "{\"name\":\"bench-stars\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1,\"widget\":\"STARS\"}");
            String judged = config(http, base, "{\"name\":\"bench-judged\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                    + "{\"label\":\"good\",\"value\":1},{\"label\":\"fair\",\"value\":0.5},{\"label\":\"bad\",\"value\":0}]}");
            String graded = config(http, base, "{\"name\":\"bench-graded\",\"dataType\":\"NUMERIC\",\"min\":0,\"max\":6}");
            String crowded = config(http, base, "{\"name\":\"bench-crowded\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                    + "{\"label\":\"good\",\"value\":1},{\"label\":\"fair\",\"value\":0.5},{\"label\":\"bad\",\"value\":0}]}");

            String loadBefore = loadAverage();
            long setupStart = System.nanoTime();
            // three annotators per unit; 70 % of ratings follow the unit's "true" value, the rest are random
            String noisy = "if(cityHash64(number) % 10 < 7, intDiv(number, 3) % 5, cityHash64(number, 1) % 5)";
            insert(storage, project, verdict, "bench-verdict", 3L * units, "concat('unit-', toString(intDiv(number, 3)))",
                    "'CATEGORICAL'", "NULL", "arrayElement(['l1','l2','l3','l4','l5'], 1 + " + noisy + ")",
                    "'API'", "'HUMAN'", "concat('annotator-', toString(number % 3))");
            insert(storage, project, stars, "bench-stars", 3L * units, "concat('star-', toString(intDiv(number, 3)))",
                    "'NUMERIC'", "toFloat64(1 + " + noisy + ")", "''", "'API'", "'HUMAN'", "concat('annotator-', toString(number % 3))");
            // one human and one judge per target; the judge agrees with the human 80 % of the time
            String humanLabel = "arrayElement(['good','fair','bad'], 1 + number % 3)";
            insert(storage, project, judged, "bench-judged", pairs, "concat('judged-', toString(number))", "'CATEGORICAL'",
                    "NULL", humanLabel, "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
            insert(storage, project, judged, "bench-judged", pairs, "concat('judged-', toString(number))", "'CATEGORICAL'",
                    "NULL", "if(cityHash64(number, 7) % 100 < 80, " + humanLabel + ", arrayElement(['good','fair','bad'], 1 + cityHash64(number, 8) % 3))",
                    "'EVAL'", "'LLM'", "'gpt-judge'");
            insert(storage, project, graded, "bench-graded", pairs, "concat('graded-', toString(number))", "'NUMERIC'",
                    "toFloat64(1 + number % 5)", "''", "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
            insert(storage, project, graded, "bench-graded", pairs, "concat('graded-', toString(number))", "'NUMERIC'",
                    "toFloat64(number % 5 + cityHash64(number, 9) % 3)", "''", "'EVAL'", "'LLM'", "'gpt-judge'");
            // the same shape, but 30 % of the targets (the first) have two more human ratings, each agreeing with
            // the first one 70 % of the time: majorities, ties and several humans — the fast path's slow units
            long crowdedExtra = 2L * (pairs * 3L / 10);
            insert(storage, project, crowded, "bench-crowded", pairs, "concat('crowded-', toString(number))", "'CATEGORICAL'",
                    "NULL", humanLabel, "'API'", "'HUMAN'", "concat('human-', toString(number % 20))");
            insert(storage, project, crowded, "bench-crowded", crowdedExtra, "concat('crowded-', toString(intDiv(number, 2)))",
                    "'CATEGORICAL'", "NULL", "if(cityHash64(number, 11) % 100 < 70, arrayElement(['good','fair','bad'], 1 + intDiv(number, 2) % 3),"
                    + " arrayElement(['good','fair','bad'], 1 + cityHash64(number, 12) % 3))",
                    "'API'", "'HUMAN'", "concat('second-opinion-', toString(number % 2))");
            insert(storage, project, crowded, "bench-crowded", pairs, "concat('crowded-', toString(number))", "'CATEGORICAL'",
                    "NULL", "if(cityHash64(number, 7) % 100 < 80, " + humanLabel + ", arrayElement(['good','fair','bad'], 1 + cityHash64(number, 8) % 3))",
                    "'EVAL'", "'LLM'", "'gpt-judge'");
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            double mergeSeconds = awaitMerges(storage);

            RatingQueries ratings = new RatingQueries(storage);
            JudgeQueries judges = new JudgeQueries(storage);
            RatingSelection verdicts = selection(project, verdict, "bench-verdict", RatingSelection.ValueKind.LABEL);
            RatingSelection starRatings = selection(project, stars, "bench-stars", RatingSelection.ValueKind.NUMBER);
            List<Figure> figures = List.of(
                    measure(http, base + "/api/v1/analytics/agreement?configId=" + verdict,
                            "agreement, 5-label config (nominal α + 1 000 bootstrap draws, Fleiss, 3 pairs)",
                            () -> sql(ratings, verdicts)),
                    measure(http, base + "/api/v1/analytics/agreement?configId=" + stars,
                            "agreement, 1–5 stars (interval α + bootstrap, weighted κ per pair)", () -> sql(ratings, starRatings)),
                    measure(http, base + "/api/v1/analytics/agreement?configId=" + stars + "&level=ordinal",
                            "agreement, 1–5 stars at level=ordinal", () -> sql(ratings, starRatings)),
                    measure(http, base + "/api/v1/analytics/judges?name=bench-judged",
                            "judge calibration, labels (confusion, κ, per-label F1, daily series)",
                            () -> judgeSql(judges, project, judged, "bench-judged", RatingSelection.ValueKind.LABEL)),
                    measure(http, base + "/api/v1/analytics/judges?name=bench-graded",
                            "judge calibration, numbers (Pearson, Spearman, MAE, RMSE, bias, daily series)",
                            () -> judgeSql(judges, project, graded, "bench-graded", RatingSelection.ValueKind.NUMBER)),
                    measure(http, base + "/api/v1/analytics/judges?name=bench-crowded",
                            "judge calibration, labels, 30 % of the targets with 3 humans (a second pass tallies those)",
                            () -> judgeSql(judges, project, crowded, "bench-crowded", RatingSelection.ValueKind.LABEL)));
            List<SideBySide> judgeSql = List.of(
                    sideBySide("judge calibration, labels",
                            () -> judgeSqlFullRule(judges, project, judged, "bench-judged", RatingSelection.ValueKind.LABEL),
                            () -> judgeSql(judges, project, judged, "bench-judged", RatingSelection.ValueKind.LABEL)),
                    sideBySide("judge calibration, numbers",
                            () -> judgeSqlFullRule(judges, project, graded, "bench-graded", RatingSelection.ValueKind.NUMBER),
                            () -> judgeSql(judges, project, graded, "bench-graded", RatingSelection.ValueKind.NUMBER)),
                    sideBySide("judge calibration, labels, 30 % of the targets with 3 humans",
                            () -> judgeSqlFullRule(judges, project, crowded, "bench-crowded", RatingSelection.ValueKind.LABEL),
                            () -> judgeSql(judges, project, crowded, "bench-crowded", RatingSelection.ValueKind.LABEL)));
            List<KappaFigure> kappas = List.of(
                    kappa("judge calibration, labels", judges, project, judged, "bench-judged"),
                    kappa("judge calibration, labels, 30 % of the targets with 3 humans", judges, project, crowded, "bench-crowded"));
            String sample = send(http, base + "/api/v1/analytics/agreement?configId=" + verdict, "GET", null);
            write(output, units, pairs, setupSeconds, mergeSeconds, figures, judgeSql, kappas, loadBefore, loadAverage(), sample);
        }
    }

    private static RatingSelection selection(UUID project, String configId, String name, RatingSelection.ValueKind kind) {
        return new RatingSelection(project, Optional.of(UUID.fromString(configId)), name, false, Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(AnnotatorKind.HUMAN), List.of(), kind);
    }

    private static RatingSelection judgeSelection(UUID project, String name, RatingSelection.ValueKind kind) {
        return new RatingSelection(project, Optional.empty(), name, true, Optional.empty(), Optional.empty(),
                Optional.empty(), Set.of(AnnotatorKind.LLM, AnnotatorKind.CODE), List.of(), kind);
    }

    /** The labels of the judged configs (each has good, fair and bad), as the endpoint reads them off the config. */
    static List<String> labels(RatingSelection.ValueKind kind) {
        return kind == RatingSelection.ValueKind.NUMBER ? List.of() : List.of("good", "fair", "bad");
    }

    /** What the endpoint runs: the fast path (JudgeQueries.compare). */
    static int judgeSql(JudgeQueries judges, UUID project, String configId, String name,
                                RatingSelection.ValueKind kind) {
        JudgeQueries.Human humans = new JudgeQueries.Human(project, Optional.of(UUID.fromString(configId)), name, kind, labels(kind));
        JudgeQueries.Comparison comparison = judges.compare(judgeSelection(project, name, kind), humans, TimeBucket.DAY);
        return comparison.cells().size() + (int) comparison.humanUnits();
    }

    /** What the endpoint ran before the fast path: the full rule for every unit (the view, joined). */
    static int judgeSqlFullRule(JudgeQueries judges, UUID project, String configId, String name,
                                        RatingSelection.ValueKind kind) {
        JudgeQueries.Human humans = new JudgeQueries.Human(project, Optional.of(UUID.fromString(configId)), name, kind, labels(kind));
        return JudgeQueries.merged(judges.cells(judgeSelection(project, name, kind), humans, TimeBucket.DAY)).size()
                + (int) judges.humanUnits(humans);
    }

    /** The κ of a labels call (overall and per day) by DKPro's measure before and after CellCohenKappa. */
    record KappaFigure(String what, KappaSideBySide.Result result) {
    }

    static KappaFigure kappa(String what, JudgeQueries judges, UUID project, String configId, String name) {
        JudgeQueries.Human humans = new JudgeQueries.Human(project, Optional.of(UUID.fromString(configId)), name,
                RatingSelection.ValueKind.LABEL, labels(RatingSelection.ValueKind.LABEL));
        List<JudgeQueries.Cell> cells = judges.compare(judgeSelection(project, name, RatingSelection.ValueKind.LABEL), humans,
                TimeBucket.DAY).cells();
        KappaSideBySide.Result result = KappaSideBySide.measure(cells, RUNS);
        System.out.printf("%s: κ before %.0f ms, now %.0f ms, same %s%n", what, result.beforeMs(), result.nowMs(), result.same());
        return new KappaFigure(what, result);
    }

    /** The full rule's and the fast path's SQL, alternately in one run: wall time and this process's CPU. */
    record SideBySide(String what, double fullMs, double fullCpuMs, double fastMs, double fastCpuMs, boolean same) {
    }

    static SideBySide sideBySide(String what, Supplier<Integer> full, Supplier<Integer> fast) {
        double[][] figures = new double[4][SIDE_BY_SIDE_RUNS];
        boolean same = true;
        for (int run = 0; run < SIDE_BY_SIDE_RUNS; run++) {
            long cpu = LoadGenerator.cpuNanos();
            long start = System.nanoTime();
            int fullAnswer = full.get();
            figures[0][run] = (System.nanoTime() - start) / 1e6;
            figures[1][run] = (LoadGenerator.cpuNanos() - cpu) / 1e6;
            cpu = LoadGenerator.cpuNanos();
            start = System.nanoTime();
            int fastAnswer = fast.get();
            figures[2][run] = (System.nanoTime() - start) / 1e6;
            figures[3][run] = (LoadGenerator.cpuNanos() - cpu) / 1e6;
            same &= fullAnswer == fastAnswer;
        }
        for (double[] figure : figures) {
            Arrays.sort(figure);
        }
        int median = SIDE_BY_SIDE_RUNS / 2;
        SideBySide result = new SideBySide(what, figures[0][median], figures[1][median], figures[2][median],
                figures[3][median], same);
        System.out.printf("%s: full rule %.0f ms (CPU %.0f ms), fast path %.0f ms (CPU %.0f ms)%n", what, result.fullMs(),
                result.fullCpuMs(), result.fastMs(), result.fastCpuMs());
        return result;
    }


    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static int sql(RatingQueries ratings, RatingSelection selection) {
        return ratings.counts(selection).patterns().size();
    }

    /**
     * Waits (up to {@link #MERGE_WAIT_SECONDS}) until the engine has no merge running: the generated data's parts are
     * merged in the background for a while after the inserts, and calls measured meanwhile share the cores with it.
     * Returns the seconds waited.
     */
    private static double awaitMerges(ClickHouseStorage storage) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < MERGE_WAIT_SECONDS * 1_000_000_000L) {
            long running = storage.call(sql -> sql.fetchOne("SELECT count() FROM system.merges").get(0, Long.class));
            if (running == 0) {
                break;
            }
            Thread.sleep(500);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    public static void insert(ClickHouseStorage storage, UUID project, String configId, String name, long rows,
                               String unit, String dataType, String value, String label, String source, String kind,
                               String author) {
        storage.executeStatement("INSERT INTO " + storage.qualified("annotation_scores") + " (project_id, id, target_type,"
                + " trace_id, span_id, session_id, dataset_id, item_id, document_position, name, data_type, value, string_value,"
                + " labels, comment, metadata, config_id, queue_id, source, annotator_kind, author, created_by, timestamp,"
                + " created_at, updated_at, changed_by, version, is_deleted)"
                + " SELECT toUUID('" + project + "'), generateUUIDv4(number), 'TRACE', lower(hex(MD5(" + unit + "))), '', '', '',"
                + " '', -1, '" + name + "', " + dataType + ", " + value + ", " + label + ", [], '', map(), toUUID('" + configId
                + "'), NULL, " + source + ", " + kind + ", " + author + ", " + author + ","
                + " toDateTime64('2026-10-01 00:00:00', 3, 'UTC') + toIntervalSecond(cityHash64(number, 3) % 2592000),"
                + " now64(3), now64(3), 'benchmark', 1, 0 FROM numbers(" + rows + ")");
    }

    private static Figure measure(HttpClient http, String url, String what, Supplier<Integer> sqlOnly) throws Exception {
        send(http, url, "GET", null);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double[] times = new double[RUNS];
        double peakHeap = 0;
        for (int run = 0; run < RUNS; run++) {
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            send(http, url, "GET", null);
            times[run] = (System.nanoTime() - start) / 1e6;
            running.set(false);
            sampler.join();
            peakHeap = Math.max(peakHeap, (peak.get() - baseline) / 1e6);
        }
        double[] sql = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            sqlOnly.get();
            sql[run] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        Arrays.sort(sql);
        Figure figure = new Figure(what, times[RUNS / 2], times[RUNS - 1], peakHeap, sql[RUNS / 2]);
        System.out.printf("%s: median %.0f ms, max %.0f ms, heap +%.0f MB, SQL %.0f ms%n", what, figure.medianMs(),
                figure.maxMs(), figure.heapMb(), figure.sqlMs());
        return figure;
    }

    private static void write(Path output, int units, int pairs, double setupSeconds, double mergeSeconds, List<Figure> figures,
                              List<SideBySide> judgeSql, List<KappaFigure> kappas, String loadBefore, String loadAfter, String sample)
            throws Exception {
        StringBuilder rows = new StringBuilder();
        for (Figure figure : figures) {
            rows.append(String.format("| %s | %,.0f ms | %,.0f ms | %,.0f ms | +%,.0f MB |%n", figure.what(), figure.medianMs(),
                    figure.maxMs(), figure.sqlMs(), figure.heapMb()));
        }
        StringBuilder sides = new StringBuilder();
        for (SideBySide side : judgeSql) {
            sides.append(String.format("| %s | %,.0f ms | %,.0f ms | %,.0f ms | %,.0f ms | %.1f× | %.1f× | %s |%n", side.what(),
                    side.fullMs(), side.fullCpuMs(), side.fastMs(), side.fastCpuMs(), side.fullMs() / side.fastMs(),
                    side.fullCpuMs() / side.fastCpuMs(), side.same() ? "yes" : "**no**"));
        }
        StringBuilder kappaRows = new StringBuilder();
        for (KappaFigure kappa : kappas) {
            KappaSideBySide.Result k = kappa.result();
            kappaRows.append(String.format("| %s | %,d units, %d studies | %,.0f ms | %,.0f ms | %.0f× | %s |%n", kappa.what(),
                    k.units(), k.studies(), k.beforeMs(), k.nowMs(), k.beforeMs() / Math.max(k.nowMs(), 0.001),
                    k.same() ? "yes, to the bit" : "**no**"));
        }
        String report = """
                # Analytics benchmark

                Produced by `./bench analytics` (annotation-api/src/test/java/dev/annotations/api/bench/AnalyticsBenchmark.java):
                the service on the embedded engine, the client in the same process over loopback HTTP, %d calls per endpoint
                after one warm-up. Data generated in the engine (INSERT … SELECT FROM numbers()) in %.1f s;
                measured once its background merges were done (%.1f s later).

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs (nproc) — client and server share them |
                | JDK | %s, -Xmx %s MB |
                | data | agreement: %,d units × 3 annotators, per config; judges: %,d targets with one human and one LLM score each, per config; and a labels config whose first 30 %% of %,d targets have two more humans |
                | load average (1, 5, 15 min) | %s at the start, %s at the end |

                | call | median | slowest | SQL alone (median) | heap used during the call (peak) |
                |---|---|---|---|---|
                %s

                Judge calibration's SQL side by side, alternately in one run (%d each): the full rule for every unit (the
                judges' latest scores LEFT JOIN the view annotation_consensus, and the human units counted apart: what the
                endpoint ran before) against the fast path (JudgeQueries.compare: one pass by unit; a second pass, tallying
                units with several human ratings, when those are left over — none in the first two, 30 %% of the targets in the third). CPU: this process's user + system time during
                the call (/proc/self/stat), the embedded engine's threads included — the client is idle meanwhile.

                | call | full rule, median | its CPU | fast path, median | its CPU | wall ratio | CPU ratio | same answer |
                |---|---|---|---|---|---|---|---|
                %s

                A labels call's Cohen's κ (overall and one per day of the series, over the cells with a human label), by
                DKPro's CohenKappaAgreement on the WeightedStudy (which hands DKPro every unit: what the endpoint ran
                before) and by CellCohenKappa (the same DKPro measure, its per-unit agreement computed once per cell: what
                it runs now), alternately in one run (%d each, medians):

                | call | κ computed over | before | now | ratio | same κ |
                |---|---|---|---|---|---|
                %s

                "SQL alone" runs the feature's queries straight (RatingQueries.counts: patterns, pairs and annotators in one
                query; JudgeQueries.compare), without HTTP or statistics; the rest of a call is DKPro / Commons Math and JSON. Heap: peak used
                heap sampled every 5 ms during the call minus the used heap after a GC before it (includes garbage).

                A response (5-label config):

                ```json
                %s
                ```
                """.formatted(RUNS, setupSeconds, mergeSeconds, Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1_000_000, units, pairs, pairs,
                loadBefore, loadAfter, rows.toString().strip(), SIDE_BY_SIDE_RUNS, sides.toString().strip(), RUNS,
                kappaRows.toString().strip(), sample);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        System.out.println(report);
    }

    static String config(HttpClient http, String base, String json) throws Exception {
        return field(send(http, base + "/api/v1/score-configs", "POST", json), "id");
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(at, json.indexOf('"', at));
    }

    static String send(HttpClient http, String url, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY);
        request = body == null ? request.GET() : request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
