package dev.annotations.otel.extension.bench;

import dev.annotations.otel.extension.BenchProcessors;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the processor's per-span CPU goes (issue #15): the SDK span operations it is made of, each measured in
 * isolation, and the processor's two callbacks on the benchmark's span mix without any batch processor or
 * exporter, in a JVM started with {@code -Dotel.annotation.span.monitor=false} (so the processor rows are its calls each
 * taking the span's lock, and the last row what holding it once per callback, as the processor does, saves). CPU time of this thread over blocks of calls, the variants in turn within every round (so the shared
 * machine's load falls on all alike), median over rounds. Run by {@code ./bench extension}, written to
 * {@code bench-results/extension-span-access.md}.
 */
public final class SpanAccessCost {
    private static final AttributeKey<String> PRESENT = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> ABSENT = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<String> WRITTEN = AttributeKey.stringKey("session.id");
    private static final List<AttributeKey<?>> FIVE = List.of(AttributeKey.stringKey("gen_ai.operation.name"),
            AttributeKey.stringKey("gen_ai.usage.output_tokens"), AttributeKey.longKey("gen_ai.usage.output_tokens"),
            AttributeKey.doubleKey("gen_ai.usage.output_tokens"), AttributeKey.stringKey("gen_ai.request.model"));
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static Object sink;

    private SpanAccessCost() {
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/extension-span-access.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessorBenchmark.NoopProcessor()).build().get("bench");
        ReadWriteSpan span = (ReadWriteSpan) tracer.spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", "GET").setAttribute("http.route", "/api/orders/{id}")
                .setAttribute("url.path", "/api/orders/42").setAttribute("http.response.status_code", 200L).startSpan();
        span.setAttribute(WRITTEN, "s");
        // measurement only: the SDK span's private monitor, to see what its lock costs next to the lookup
        Field lockField = span.getClass().getDeclaredField("lock");
        lockField.setAccessible(true);
        Object lock = lockField.get(span);
        Context parent = Context.root().with(Baggage.builder().put("session.id", "session-1234").put("user.id", "user-42").build());
        ExtendedSpanProcessor both = BenchProcessors.current(SpanProcessorBenchmark.RULES, "checkout", List.of("session.id", "user.id"));
        ExtendedSpanProcessor rules = BenchProcessors.current(SpanProcessorBenchmark.RULES, "checkout", List.of());
        ExtendedSpanProcessor baggage = BenchProcessors.current("", "checkout", List.of("session.id", "user.id"));

        List<String> names = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        List<Integer> per = new ArrayList<>();
        add(names, ops, per, "an empty call (this harness's own cost, included in every row)", 1, i -> sink = span);
        add(names, ops, per, "`getAttribute`, attribute present (span lock + lookup)", 1, i -> sink = span.getAttribute(PRESENT));
        add(names, ops, per, "`getAttribute`, attribute absent", 1, i -> sink = span.getAttribute(ABSENT));
        add(names, ops, per, "`getName` (span lock)", 1, i -> sink = span.getName());
        add(names, ops, per, "`setAttribute`, same value again (span lock + put)", 1, i -> span.setAttribute(WRITTEN, "s"));
        add(names, ops, per, "5 `getAttribute` (what a span no rule matches costs the 10 rules), per read", 5, i -> {
            for (AttributeKey<?> key : FIVE) {
                sink = span.getAttribute(key);
            }
        });
        add(names, ops, per, "the same 5 reads while this thread holds the span's lock (re-entered: no atomic operation), per read", 5, i -> {
            synchronized (lock) {
                for (AttributeKey<?> key : FIVE) {
                    sink = span.getAttribute(key);
                }
            }
        });
        add(names, ops, per, "`getAttributes()` (one lock, and a copy while the span is not ended)", 1, i -> sink = span.getAttributes());
        add(names, ops, per, "`Baggage.fromContext` + 2 `getEntryValue`", 1, i -> {
            Baggage bag = Baggage.fromContext(parent);
            sink = bag.getEntryValue("session.id");
            sink = bag.getEntryValue("user.id");
        });
        // the processor's callbacks, on fresh spans of SpanProcessorBenchmark's mix; "none" makes and ends the same spans
        int[] next = {0};
        ExtendedSpanProcessor[] variants = {null, both, rules, baggage};
        String[] labels = {"span made and ended, no processor call (the base of the three rows below)",
                "**the processor: onStart + onEnding, 10 rules + baggage copy** (minus the base)",
                "the processor, 10 rules only (minus the base)", "the processor, baggage copy only, 2 keys (minus the base)"};
        int firstSpanRow = names.size();
        for (int v = 0; v < variants.length; v++) {
            ExtendedSpanProcessor processor = variants[v];
            add(names, ops, per, labels[v], 1, i -> {
                ReadWriteSpan made = (ReadWriteSpan) shape(tracer, next[0]++ & 7).setParent(parent).startSpan();
                if (processor != null) {
                    processor.onStart(parent, made);
                    processor.onEnding(made);
                }
                made.end();
                sink = made;
            });
        }

        // the same, with the callbacks called while this thread holds the span's own lock (so every span call inside
        // re-enters it): does the lock's atomic pair explain the cost? Its base takes the lock the same way, empty.
        int lockedBaseRow = names.size();
        for (ExtendedSpanProcessor processor : new ExtendedSpanProcessor[]{null, both}) {
            add(names, ops, per, processor == null ? "span made, its lock taken once (by reflection) and ended (the base of the row below)"
                    : "the processor, 10 rules + baggage copy, called while holding the span's lock (minus the base above)", 1, i -> {
                ReadWriteSpan made = (ReadWriteSpan) shape(tracer, next[0]++ & 7).setParent(parent).startSpan();
                synchronized (lockField.get(made)) {
                    if (processor != null) {
                        processor.onStart(parent, made);
                        processor.onEnding(made);
                    }
                }
                made.end();
                sink = made;
            });
        }

        String loadBefore = loadAverage();
        int warmup = 8;
        int calls = 200_000;
        double[][] results = new double[ops.size()][rounds];
        for (int round = 0; round < warmup + rounds; round++) {
            for (int o = 0; o < ops.size(); o++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    ops.get(o).run(i);
                }
                long cpu = THREADS.getCurrentThreadCpuTime() - start;
                if (round >= warmup) {
                    results[o][round - warmup] = (double) cpu / calls / per.get(o);
                }
            }
        }
        StringBuilder rows = new StringBuilder();
        for (int o = 0; o < ops.size(); o++) {
            double[] sorted = results[o].clone();
            int base = o > lockedBaseRow ? lockedBaseRow : o > firstSpanRow && o < lockedBaseRow ? firstSpanRow : -1;
            if (base >= 0) {
                for (int r = 0; r < rounds; r++) {
                    sorted[r] = results[o][r] - results[base][r];
                }
            }
            double value = median(sorted);
            Arrays.sort(sorted);
            rows.append(String.format(Locale.ROOT, "| %s | %s%.0f | %.0f – %.0f |%n", names.get(o), base >= 0 ? "+" : "",
                    value, sorted[rounds / 10], sorted[rounds - 1 - rounds / 10]));
        }
        String table = """
                # Where the extension's CPU per span goes

                Produced by `./bench extension` (otel-extension/src/test/java/dev/annotations/otel/extension/bench/SpanAccessCost.java):
                CPU time of one thread over blocks of %,d calls, every variant in turn in each of %d rounds (after %d
                warm-up rounds), median over rounds (the spread is the 10th–90th percentile of the rounds; the processor
                rows are each round's difference to the base row). SDK %s, started span of 4 attributes
                (the operation rows); the processor rows make, call and end spans of `SpanProcessorBenchmark`'s mix of 8
                under a parent whose baggage holds session.id and user.id, with no batch processor or exporter, in a JVM
                started with `-Dotel.annotation.span.monitor=false` (each span call takes the span's lock on its own);
                the last row holds the span's lock around both callbacks, as `SpanMonitor` makes the processor do.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs, shared with other builds during the run |
                | load average (1, 5, 15 min) at start / end | %s / %s |
                | JDK | %s |

                | operation | CPU ns (median) | spread over rounds |
                |---|---|---|
                %s""".formatted(calls, rounds, warmup, io.opentelemetry.sdk.common.internal.OtelVersion.VERSION, Instant.now(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), System.getProperty("java.version"), rows);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, table);
        System.out.println(table);
    }

    private static void add(List<String> names, List<Op> ops, List<Integer> per, String name, int perCall, Op op) {
        names.add(name);
        ops.add(op);
        per.add(perCall);
    }

    /** The span mix of {@link SpanProcessorBenchmark.Pipeline#span}. */
    static SpanBuilder shape(Tracer tracer, int shape) {
        return switch (shape) {
            case 0 -> tracer.spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").setAttribute("http.route", "/api/orders/{id}")
                    .setAttribute("url.path", "/api/orders/42").setAttribute("http.response.status_code", 200L);
            case 1 -> tracer.spanBuilder("SELECT shop.orders").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system.name", "postgresql").setAttribute("db.namespace", "shop")
                    .setAttribute("db.operation.name", "SELECT").setAttribute("db.collection.name", "orders");
            case 2 -> tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.provider.name", "openai")
                    .setAttribute("gen_ai.request.model", "gpt-4o").setAttribute("gen_ai.usage.output_tokens", 512L);
            case 3 -> tracer.spanBuilder("embeddings text-embedding-3-small").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "embeddings").setAttribute("gen_ai.provider.name", "openai")
                    .setAttribute("gen_ai.request.model", "text-embedding-3-small");
            case 4 -> tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "POST").setAttribute("http.route", "/chat")
                    .setAttribute("http.response.status_code", 200L);
            case 5 -> tracer.spanBuilder("invoke_agent support-bot").setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "support-bot");
            case 6 -> tracer.spanBuilder("execute_tool lookup_order").setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", "lookup_order");
            default -> tracer.spanBuilder("OrderService.validate").setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("code.function.name", "validate");
        };
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
