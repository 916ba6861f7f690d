package dev.annotations.grafana.bench;

import dev.annotations.clickhouse.EmbeddedClickHouse;
import dev.annotations.grafana.alerting.AlertRules;
import dev.annotations.grafana.dashboard.Dashboard;
import dev.annotations.grafana.dashboard.Scenario;
import dev.annotations.grafana.dashboard.Variables;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.engine.Rollups;
import dev.annotations.grafana.engine.Schema;
import dev.annotations.grafana.engine.SqlClient;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.expand.Variable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every dashboard panel's, variable's and alert rule's query timed on 10 M spans and 10 M scores (plus 100 000 queue
 * items and 1 M log records) in the embedded engine, for "last 24 hours" of 7 days of data, with all variables
 * "All" and with one value each; next to them the same questions asked without this module's pre-aggregations.
 * Usage: DashboardBenchmark output.md [spans] [scores]; DASHBOARD_BENCH_DATA=dir keeps the generated data there
 * for the next run.
 */
public final class DashboardBenchmark {
    private static final int RUNS = 5;
    /** The baselines take seconds each: fewer runs. */
    private static final int BASELINE_RUNS = 2;
    private static final double TARGET_SECONDS = 0.5;
    /** This process's CPU time: the engine (chDB) runs in it, beside the one client thread. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final SqlClient sql;
    private final Instant now;
    private final List<String> lines = new ArrayList<>();
    private int met;
    private int measured;
    private int runs = RUNS;
    private String loadAtStart = "";

    private DashboardBenchmark(SqlClient sql, Instant now) {
        this.sql = sql;
        this.now = now;
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        long spans = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        long scores = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000;
        String kept = System.getenv("DASHBOARD_BENCH_DATA");
        Path data = kept != null ? Path.of(kept) : Files.createTempDirectory("dashboard-bench");
        Path stamp = data.resolve("generated-at");
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(data.resolve("clickhouse")))) {
            Schema.migrate(engine);
            SqlClient sql = new SqlClient(engine.httpUrl(), Schema.DATABASE, engine.credentials());
            List<String> setup = new ArrayList<>();
            Instant now;
            Path generation = data.resolve("generation.md");
            if (Files.exists(stamp)) {
                now = Instant.parse(Files.readString(stamp).strip());
                setup.add("| data | generated at " + now + " by an earlier run, kept in DASHBOARD_BENCH_DATA |");
                if (Files.exists(generation)) {
                    setup.addAll(Files.readAllLines(generation));
                }
            } else {
                now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
                BenchmarkData generator = new BenchmarkData(sql, now);
                long traces = spans / BenchmarkData.SPANS_PER_TRACE;
                generator.project();
                setup.add(timed("spans generated (otel_traces, through its materialized view into annotation_span_dims)",
                        () -> generator.spans(spans)));
                setup.add(timed("scores generated (annotation_scores, through its views into history and annotation_score_facts)",
                        () -> generator.scores(scores, traces)));
                setup.add(timed("queue items and events generated", () -> generator.queues(100_000, traces)));
                setup.add(timed("log records generated", () -> generator.logs(1_000_000, traces)));
                Files.write(generation, setup);
                Files.writeString(stamp, now.toString());
            }
            // the views' own first refreshes (started when the migrations created them) end first, so each timing
            // below is one refresh alone
            Rollups.VIEWS.forEach(view -> sql.execute("SYSTEM WAIT VIEW " + view));
            for (String view : Rollups.VIEWS) {
                setup.add(timed("one refresh of `" + view + "`, alone", () -> Rollups.refresh(sql, view)));
            }
            DashboardBenchmark benchmark = new DashboardBenchmark(sql, now);
            benchmark.sizes();
            // the refreshes (timed alone above) pause while queries are timed: the engine runs in this process, so its
            // CPU time around a query is that query's alone
            Rollups.VIEWS.forEach(view -> sql.execute("SYSTEM STOP VIEW " + view));
            benchmark.loadAtStart = loadAverage();
            benchmark.dashboards();
            benchmark.alerts();
            benchmark.withoutPreAggregation();
            Rollups.VIEWS.forEach(view -> sql.execute("SYSTEM START VIEW " + view));
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, benchmark.report(engine.version(), setup));
            System.out.println("wrote " + output);
        }
    }

    private static String timed(String what, Runnable step) {
        long start = System.nanoTime();
        step.run();
        String line = "| %s | %.1f s |".formatted(what, (System.nanoTime() - start) / 1e9);
        System.out.println(line);
        return line;
    }

    private QueryContext context(Scenario scenario) {
        return QueryContext.last(Duration.ofHours(24), now, scenario.interval());
    }

    private void sizes() {
        lines.add("\n| table | rows |\n|---|---|");
        for (String table : List.of("otel_traces", "annotation_span_dims", "annotation_scores", "annotation_score_facts",
                "annotation_feedback_comments", "annotation_score_rollup_hourly", "annotation_judge_rollup_hourly", "annotation_annotator_agreement_hourly",
                "annotation_retrieval_rollup", "annotation_trace_quality_hourly", "annotation_queue_items", "annotation_queue_events",
                "annotation_queue_changes_hourly", "otel_logs")) {
            long rows = sql.query("SELECT count() FROM " + table).rows().getFirst().getFirst().asLong();
            lines.add("| `%s` | %,d |".formatted(table, rows));
        }
    }

    private void dashboards() {
        for (Dashboard dashboard : Dashboard.all()) {
            lines.add("\n### " + dashboard.title() + "\n\n| panel · query | All: median / max | one value each: median / max | rows (All) |\n|---|---|---|---|");
            List<Variable> all = Variables.resolve(dashboard, Scenario.ALL, context(Scenario.ALL), sql);
            List<Variable> one = Variables.resolve(dashboard, Scenario.ONE, context(Scenario.ONE), sql);
            for (Dashboard.VariableDefinition variable : dashboard.variables()) {
                if (variable.type().equals("query")) {
                    int index = dashboard.variables().indexOf(variable);
                    measure("variable `" + variable.name() + "`",
                            Expansion.panelQuery(variable.rawSql(), all.subList(0, index), context(Scenario.ALL)),
                            Expansion.panelQuery(variable.rawSql(), one.subList(0, index), context(Scenario.ONE)));
                }
            }
            for (Dashboard.Panel panel : dashboard.panels()) {
                for (Dashboard.Target target : panel.targets()) {
                    measure(panel.title() + (panel.targets().size() > 1 ? " · " + target.refId() : ""),
                            Expansion.panelQuery(target.rawSql(), all, context(Scenario.ALL)),
                            Expansion.panelQuery(target.rawSql(), one, context(Scenario.ONE)));
                }
                Optional<String> earlier = earlierQuery(panel.title());
                if (earlier.isPresent()) {
                    measure(panel.title() + " — before: its earlier query (test resource `bench/earlier/`)",
                            Expansion.panelQuery(earlier.get(), all, context(Scenario.ALL)),
                            Expansion.panelQuery(earlier.get(), one, context(Scenario.ONE)));
                }
            }
        }
    }

    /**
     * A panel's (or alert rule's) query as it was before its rewrite, kept in test resources as
     * bench/earlier/{title as kebab-case, or the rule's uid}.sql, so that before and after are measured side by side in
     * one run.
     */
    private static Optional<String> earlierQuery(String title) {
        String file = "bench/earlier/" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".sql";
        try (InputStream in = DashboardBenchmark.class.getClassLoader().getResourceAsStream(file)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void alerts() {
        lines.add("\n### Alert rules\n\n| rule | median / max | | rows |\n|---|---|---|---|");
        for (AlertRules.Rule rule : AlertRules.all()) {
            measure(rule.uid(), Expansion.alertQuery(rule.rawSql(), rule.context(now)), null);
            Optional<String> earlier = earlierQuery(rule.uid());
            if (earlier.isPresent()) {
                measure(rule.uid() + " — before: its earlier query (test resource `bench/earlier/`)",
                        Expansion.alertQuery(earlier.get(), rule.context(now)), null);
            }
        }
    }

    /** The same questions on the documented tables and views alone: why V020–V022 exist. */
    private void withoutPreAggregation() {
        String range = "toDateTime(" + now.minus(Duration.ofHours(24)).getEpochSecond() + ") AND toDateTime(" + now.getEpochSecond() + ")";
        lines.add("\n### Without the pre-aggregations\n\n| question | median / max | | rows |\n|---|---|---|---|");
        runs = BASELINE_RUNS;
        measure("scores per hour by name from `annotation_scores_current` (FINAL over the target-sorted table)",
                "SELECT toStartOfHour(timestamp) AS time, name, count() FROM annotation_scores_current WHERE timestamp BETWEEN "
                        + range + " GROUP BY time, name ORDER BY time", null);
        measure("the same from `annotation_scores_by_time` (V020)",
                "SELECT toStartOfHour(timestamp) AS time, name, count() FROM annotation_scores_by_time WHERE timestamp BETWEEN "
                        + range + " GROUP BY time, name ORDER BY time", null);
        measure("models of the last 24 h from `otel_traces` (reads every SpanAttributes map)",
                "SELECT DISTINCT SpanAttributes['gen_ai.request.model'] AS m FROM otel_traces WHERE Timestamp BETWEEN " + range
                        + " AND m != ''", null);
        measure("quality by model and name from `annotation_scores_with_spans` (joins every span)",
                "SELECT request_model, name, avg(value), count() FROM annotation_scores_with_spans WHERE timestamp BETWEEN "
                        + range + " GROUP BY request_model, name", null);
        measure("items by state now from `annotation_queue_item_status` (folds the whole event log)",
                "SELECT queue_id, status, count() FROM annotation_queue_item_status GROUP BY queue_id, status", null);
        measure("the same as a join of the slim copies (`annotation_scores_by_time` × `annotation_span_dims`, both 24 h + 1 day)",
                "SELECT t.request_model, s.name, avg(s.value), count() FROM (SELECT trace_id, span_id, name, value FROM "
                        + "annotation_scores_by_time WHERE timestamp BETWEEN " + range + ") AS s INNER JOIN (SELECT TraceId, SpanId, "
                        + "request_model FROM annotation_span_dims WHERE Timestamp BETWEEN " + range.replaceFirst("\\)", ") - INTERVAL 1 DAY")
                        + ") AS t ON t.TraceId = s.trace_id AND t.SpanId = s.span_id GROUP BY t.request_model, s.name", null);
    }

    private void measure(String what, String sqlAll, String sqlOne) {
        Timing all = time(sqlAll);
        Timing one = sqlOne == null ? null : time(sqlOne);
        measured++;
        boolean fast = all.max < TARGET_SECONDS && (one == null || one.max < TARGET_SECONDS);
        if (fast) {
            met++;
        }
        String line = "| %s | %s | %s | %,d |".formatted(what, all, one == null ? "" : one.toString(), all.rows)
                + (fast ? "" : " ⚠");
        lines.add(line);
        System.out.println(line);
    }

    private record Timing(double median, double max, double cpuMedian, int rows) {
        @Override
        public String toString() {
            return "%.3f s / %.3f s · CPU %.2f s".formatted(median, max, cpuMedian);
        }
    }

    private Timing time(String query) {
        QueryResult warm = sql.query(query);
        double[] seconds = new double[runs];
        double[] cpu = new double[runs];
        for (int run = 0; run < runs; run++) {
            long cpuStart = CPU.getProcessCpuTime();
            long start = System.nanoTime();
            sql.query(query);
            seconds[run] = (System.nanoTime() - start) / 1e9;
            cpu[run] = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
        }
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        return new Timing(seconds[(runs - 1) / 2], seconds[runs - 1], cpu[(runs - 1) / 2], warm.size());
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private String report(String clickHouseVersion, List<String> setup) throws IOException {
        StringBuilder page = new StringBuilder()
                .append("# Dashboard benchmark\n\n")
                .append("Produced by `./bench dashboards` (grafana-dashboards/src/test/java/dev/annotations/grafana/bench/")
                .append("DashboardBenchmark.java): every panel, variable and alert query of the provisioned dashboards, prepared as ")
                .append("Grafana and the ClickHouse plugin prepare it, sent over the embedded engine's HTTP interface (one ")
                .append("client, queries one after another; one warm-up run, then ").append(RUNS).append(" timed runs, ")
                .append(BASELINE_RUNS).append(" for the baselines at the end; the rollups' refresh schedules paused meanwhile). ")
                .append("Each cell: wall time median / max, and the median CPU time of the process (the engine runs in it) per ")
                .append("run — what the query costs, whatever else the shared machine runs. Range: ")
                .append("the last 24 hours of 7 days of data (agent traces of 5 spans over 4 services and 4 models, ~1 KB GenAI ")
                .append("messages; scores of every type and source on them; ").append("2 % edited, 0.4 % deleted). ")
                .append("\"All\": every variable All; \"one value each\": the dashboards' test scenario ONE. Target: < ")
                .append(TARGET_SECONDS).append(" s; ⚠ marks a query over it.\n\n")
                .append("| | |\n|---|---|\n")
                .append("| date | ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" |\n")
                .append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), shared with other builds |\n")
                .append("| load average (1, 5, 15 min) at the start of the queries → at the end | ").append(loadAtStart)
                .append(" → ").append(loadAverage()).append(" |\n")
                .append("| JDK | ").append(Runtime.version()).append(" |\n")
                .append("| ClickHouse (chDB) | ").append(clickHouseVersion).append(" |\n");
        setup.forEach(line -> page.append(line).append('\n'));
        page.append("| queries under ").append(TARGET_SECONDS).append(" s (max of runs, both scenarios) | ")
                .append(met).append(" of ").append(measured).append(" (the last section's baselines included) |\n");
        lines.forEach(line -> page.append(line).append('\n'));
        return page.toString();
    }
}
