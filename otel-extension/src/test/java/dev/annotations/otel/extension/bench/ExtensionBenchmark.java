package dev.annotations.otel.extension.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link SpanProcessorBenchmark} for every pipeline and writes a markdown table. Not a test:
 * {@code ./bench extension}. Arguments: output file, rounds (default 4), measurement iterations (default 5).
 *
 * <p>The machine is shared with other builds, whose load comes and goes. So instead of JMH's usual
 * "all forks of A, then all forks of B", each round runs one fork of every pipeline back to back, and a
 * pipeline's ratio is the median over rounds of its score divided by its baseline's score in the same round:
 * load that changes between rounds cancels out.
 */
public final class ExtensionBenchmark {
    /** export/processor pairs, each compared with "without" of the same export. */
    private static final List<String> PIPELINES = List.of("discard/without", "discard/noop", "discard/before",
            "discard/baggage", "discard/rules", "discard/with", "batch/without", "batch/before", "batch/with");
    private static final Map<String, String> LABELS = Map.of(
            "discard/without", "tracer + batch processor, exporter discards; without the processor",
            "discard/noop", "… + a no-op processor registered on its own (what the SDK charges any onStart + onEnding processor)",
            "discard/before", "… + the processor as before issue #15 (10 rules + baggage copy, registered on its own)",
            "discard/baggage", "… + baggage copy only (2 keys)",
            "discard/rules", "… + the 10 rules only",
            "discard/with", "**… + the processor (10 rules + baggage copy)**",
            "batch/without", "the agent's pipeline (batch processor → OTLP marshaling), without the processor",
            "batch/before", "… + the processor as before issue #15",
            "batch/with", "**… + the processor (10 rules + baggage copy)**");

    private ExtensionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/extension.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // a subset, e.g. "batch/without,batch/with" (each listed with its baseline)
        List<String> pipelines = args.length > 3 ? List.of(args[3].split(",")) : PIPELINES;
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        for (int round = 0; round < rounds; round++) {
            for (String pipeline : pipelines) {
                String[] parts = pipeline.split("/");
                RunResult result = run(parts[0], parts[1], iterations);
                results.computeIfAbsent(pipeline, key -> new ArrayList<>()).add(new double[]{
                        result.getPrimaryResult().getScore(),
                        result.getSecondaryResults().get("gc.alloc.rate.norm").getScore(),
                        result.getSecondaryResults().get("cpuNanos").getScore()
                                / result.getSecondaryResults().get("spans").getScore()});
            }
        }
        String loadAfter = loadAverage();
        List<String> rows = new ArrayList<>();
        for (String pipeline : pipelines) {
            rows.add(row(pipeline, results));
        }
        String table = """
                # Agent extension benchmark

                Produced by `./bench extension` (otel-extension/src/test/java/dev/annotations/otel/extension/bench):
                JMH, one thread; %d rounds, each running one fork of every pipeline back to back (5 warm-up + %d
                measured one-second iterations per fork); ratio = median over rounds of score / same-round baseline,
                ns added = median over rounds of 1/score − 1/baseline; CPU per span = CPU time of every thread of the
                benchmark's JVM (this one, the batch worker, GC, JIT) over the measured iterations / spans made, which
                unlike wall time does not count waiting for a core on a shared machine. Each operation starts and ends one span of a
                mix of 8 (HTTP server, database, GenAI chat, embeddings, agent, tool, internal) with 1–4 attributes,
                under baggage holding session.id and user.id. Pipeline: SDK tracer built by the real autoconfiguration
                with the exporter named in `otel.traces.exporter`, so behind the BatchSpanProcessor it builds (its
                defaults); every 512th operation waits for a flush, so no span is dropped and the export thread's CPU
                is in the figure. The exporter discards, or marshals each batch to OTLP protobuf (the agent exporter's
                CPU work, no network). "The processor" = the annotation processor with the 10 rules of
                `SpanProcessorBenchmark.RULES` (9 apply to this service; about 1 span in 8 gets tagged) and the
                default baggage keys, registered as the extension registers it (wrapping the exporters' batch
                processor); "before" = `BaselineSpanProcessor`, the processor as shipped before issue #15.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs, shared with other builds during the run |
                | load average (1, 5, 15 min) at start / end | %s / %s |
                | JDK | %s |

                | pipeline | spans/s (mean ± sd over rounds) | ratio to "without" (median) | ns added per span, wall (median) | CPU ns per span (median) | CPU ns added (median) | allocation per span |
                |---|---|---|---|---|---|---|
                %s
                """.formatted(rounds, iterations, Instant.now(), Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter, System.getProperty("java.version"), String.join("\n", rows));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, table);
        System.out.println(table);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static RunResult run(String export, String processor, int iterations) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SpanProcessorBenchmark.class.getName() + ".span")
                .param("export", export).param("processor", processor)
                .forks(1)
                // the OTLP marshaler takes a few seconds to reach its compiled speed
                .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .threads(1)
                .jvmArgs("-Xmx1g")
                .addProfiler(GCProfiler.class)
                .build();
        return new Runner(options).runSingle();
    }

    private static String row(String pipeline, Map<String, List<double[]>> results) {
        List<double[]> runs = results.get(pipeline);
        List<double[]> baseline = results.get(pipeline.split("/")[0] + "/without");
        double[] scores = runs.stream().mapToDouble(run -> run[0]).toArray();
        double mean = Arrays.stream(scores).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(scores).map(score -> (score - mean) * (score - mean)).sum() / Math.max(1, scores.length - 1));
        double[] ratios = new double[runs.size()];
        double[] added = new double[runs.size()];
        double[] cpu = new double[runs.size()];
        double[] cpuAdded = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            ratios[i] = runs.get(i)[0] / baseline.get(i)[0];
            added[i] = 1e9 / runs.get(i)[0] - 1e9 / baseline.get(i)[0];
            cpu[i] = runs.get(i)[2];
            cpuAdded[i] = runs.get(i)[2] - baseline.get(i)[2];
        }
        double bytes = runs.stream().mapToDouble(run -> run[1]).average().orElse(0);
        double baseBytes = baseline.stream().mapToDouble(run -> run[1]).average().orElse(0);
        boolean isBaseline = runs == baseline;
        String delta = isBaseline ? "" : String.format(Locale.ROOT, " (%+.0f B)", bytes - baseBytes);
        return String.format(Locale.ROOT, "| %s | %,.0f ± %,.0f | %.2f | %s | %.0f | %s | %.0f B%s |", LABELS.get(pipeline), mean, sd,
                median(ratios), isBaseline ? "–" : String.format(Locale.ROOT, "%+.0f", median(added)), median(cpu),
                isBaseline ? "–" : String.format(Locale.ROOT, "%+.0f", median(cpuAdded)), bytes, delta);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
