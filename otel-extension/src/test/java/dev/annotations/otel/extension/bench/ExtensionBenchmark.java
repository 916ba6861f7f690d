package dev.annotations.otel.extension.bench;

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
 * Runs {@link SpanProcessorBenchmark} for every pair and writes a markdown table. Not a test:
 * {@code ./bench extension}. Arguments: output file, rounds (default 4), measurement iterations (default 5),
 * pipelines (default all; e.g. "batch/with,discard/before").
 *
 * <p>The machine is shared with other builds, whose load comes and goes. So each pipeline is measured next to
 * its "without" in the same thread, in alternating blocks of 2 048 spans, by CPU time (see
 * {@link SpanProcessorBenchmark}); each round runs one fork of every pair, and a figure is the median over rounds.
 */
public final class ExtensionBenchmark {
    /** export/processor, each measured alongside "without" of the same export. */
    private static final List<String> PIPELINES = List.of("discard/noop", "discard/before", "discard/perCallLocks",
            "discard/baggage", "discard/rules", "discard/with", "batch/before", "batch/perCallLocks", "batch/with");
    private static final Map<String, String> LABELS = Map.of(
            "discard/noop", "a no-op processor registered on its own (what the SDK charges any onStart + onEnding processor)",
            "discard/before", "the processor as before issue #15 (10 rules + baggage copy, registered on its own)",
            "discard/perCallLocks", "the processor, each span call taking the span's lock on its own (without SpanMonitor)",
            "batch/perCallLocks", "the processor, each span call taking the span's lock on its own",
            "discard/baggage", "baggage copy only (2 keys)",
            "discard/rules", "the 10 rules only",
            "discard/with", "**the processor (10 rules + baggage copy)**",
            "batch/before", "the processor as before issue #15",
            "batch/with", "**the processor (10 rules + baggage copy)**");
    private static final Map<String, String> EXPORTS = Map.of(
            "discard", "tracer + batch processor, exporter discards",
            "batch", "the agent's pipeline: batch processor → OTLP marshaling");

    private ExtensionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/extension.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> pipelines = args.length > 3 ? List.of(args[3].split(",")) : PIPELINES;
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        for (int round = 0; round < rounds; round++) {
            for (String pipeline : pipelines) {
                String[] parts = pipeline.split("/");
                RunResult result = run(parts[0], parts[1], iterations);
                Map<String, org.openjdk.jmh.results.Result> secondary = result.getSecondaryResults();
                results.computeIfAbsent(pipeline, key -> new ArrayList<>()).add(new double[]{
                        secondary.get("withoutCpuNanos").getScore() / secondary.get("withoutSpans").getScore(),
                        secondary.get("variantCpuNanos").getScore() / secondary.get("variantSpans").getScore(),
                        secondary.get("withoutBytes").getScore() / secondary.get("withoutSpans").getScore(),
                        secondary.get("variantBytes").getScore() / secondary.get("variantSpans").getScore()});
            }
        }
        String loadAfter = loadAverage();
        List<String> rows = new ArrayList<>();
        for (String pipeline : pipelines) {
            rows.add(row(pipeline, results.get(pipeline)));
        }
        String table = """
                # Agent extension benchmark

                Produced by `./bench extension` (otel-extension/src/test/java/dev/annotations/otel/extension/bench):
                JMH; each pipeline measured as a pair with its "without" in one thread of one JVM: blocks of 2 048 spans
                through a tracer without the processor and through one with it, in turn, and the CPU time of every
                thread of the JVM (span thread, batch worker, GC, JIT) during a block counted for that side — so the
                shared machine's load falls on both alike and waiting for a core does not count; %d rounds, each running
                one fork of every pair (5 warm-up + %d measured one-second iterations); CPU ns per span = CPU / spans
                of a side, ns added = median over rounds of with − without, ratio = without / with (the throughput
                ratio of a CPU-bound thread). Each operation starts and ends one
                span of a mix of 8 (HTTP server, database, GenAI chat, embeddings, agent, tool, internal) with 1–4
                attributes, under a parent context whose baggage holds session.id and user.id. Pipeline: SDK tracer built
                by the real autoconfiguration with the exporter named in `otel.traces.exporter`, so behind the
                BatchSpanProcessor it builds (its defaults); every 512th operation waits for a flush, so no span is dropped
                and the export thread's work is in the figure. The exporter discards, or marshals each batch to OTLP
                protobuf (the agent exporter's CPU work, no network). "The processor" = the annotation processor with the
                10 rules of `SpanProcessorBenchmark.RULES` (9 apply to this service; about 1 span in 8 gets tagged) and
                the default baggage keys, registered as the extension registers it (wrapping the exporters' batch
                processor); "before" = `BaselineSpanProcessor`, the processor as shipped before issue #15, registered
                on its own as it was; "each span call taking the span's lock on its own" = the processor in a JVM started with
                `-Dotel.annotation.span.monitor=false`. Allocation = bytes allocated by the thread making the spans, per span.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs, shared with other builds during the run |
                | load average (1, 5, 15 min) at start / end | %s / %s |
                | JDK | %s |

                | pipeline | CPU ns per span without → with (median) | ratio (median; per round) | **CPU ns added per span** (median) | allocation per span without → with |
                |---|---|---|---|---|
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
                .include(SpanProcessorBenchmark.class.getName() + ".interleaved")
                .param("export", export).param("processor", processor)
                .forks(1)
                // the OTLP marshaler takes a few seconds to reach its compiled speed
                .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .jvmArgs(processor.equals("perCallLocks") ? new String[]{"-Xmx1g", "-Dotel.annotation.span.monitor=false"}
                        : new String[]{"-Xmx1g"})
                .build();
        return new Runner(options).runSingle();
    }

    private static String row(String pipeline, List<double[]> runs) {
        double[] without = runs.stream().mapToDouble(run -> run[0]).toArray();
        double[] with = runs.stream().mapToDouble(run -> run[1]).toArray();
        double[] ratios = new double[runs.size()];
        double[] added = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            ratios[i] = without[i] / with[i];
            added[i] = with[i] - without[i];
        }
        String perRound = String.join(", ", Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        double bytesWithout = median(runs.stream().mapToDouble(run -> run[2]).toArray());
        double bytesWith = median(runs.stream().mapToDouble(run -> run[3]).toArray());
        return String.format(Locale.ROOT, "| %s: %s | %.0f → %.0f | %.2f (%s) | **%+.0f** | %.0f → %.0f B (%+.0f B) |",
                EXPORTS.get(pipeline.split("/")[0]), LABELS.get(pipeline), median(without), median(with), median(ratios),
                perRound, median(added), bytesWithout, bytesWith, bytesWith - bytesWithout);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
