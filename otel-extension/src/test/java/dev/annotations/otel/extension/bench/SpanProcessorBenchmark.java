package dev.annotations.otel.extension.bench;

import dev.annotations.otel.extension.BaselineSpanProcessor;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spans per second through an SDK tracer as the agent sets it up (the exporter named in
 * {@code otel.traces.exporter}, which the autoconfiguration puts behind a BatchSpanProcessor with its defaults),
 * without and with the annotation processor holding ten realistic rules — measured as a pair in one thread: it
 * starts and ends spans through a tracer without the processor and through one with it in turn, a block of
 * 2 048 spans each, and the CPU time of every thread of the JVM during a block is that side's ({@link Blocks}).
 * On a machine shared with other builds, load then falls on both sides alike, which one JVM after another (or
 * wall time) does not achieve: at load average 15–38 those gave the same pipeline ratios of 0.46 to 1.22. Every
 * operation starts and ends one span of a realistic mix (HTTP server, database, GenAI chat/embeddings/agent/
 * tool, internal) whose parent context holds session and user ids in its baggage; every 512th (the batch size)
 * also waits for its batch processor to export what it holds, so no span is dropped and the export thread's
 * work is inside the figure. The processor reaches the tracer through the real autoconfiguration path
 * ({@code otel.annotation.rules}), as in the agent. Run with {@code ./bench extension}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpanProcessorBenchmark {
    /** Ten rules of the kind a team writes: GenAI operations by attribute, routes by name, a service filter. */
    static final String RULES = """
            - {name: health, match: {spanName: ["GET /health", "GET /ready"]}, sampleRate: 0}
            - {name: chat, match: {kind: CLIENT, attributes: {gen_ai.operation.name: chat}}, queue: chat-review, sampleRate: 0.2, setAttributes: {review.reason: sampled-chat}}
            - {name: agents, match: {attributes: {gen_ai.operation.name: invoke_agent}}, queue: agent-review, sampleRate: 0.5}
            - {name: tools, match: {spanName: "execute_tool *", attributesExist: [gen_ai.tool.name]}, queue: tool-review, sampleRate: 0.1}
            - {name: big-answers, match: {attributes: {gen_ai.usage.output_tokens: 4096}}, queue: long-answers}
            - {name: new-model, match: {attributes: {gen_ai.request.model: gpt-5-preview}}, queue: new-model}
            - {name: chat-routes, match: {kind: SERVER, spanNameRegex: "POST /(chat|answer|complete)"}, queue: http-review, sampleRate: 0.05}
            - {name: retrieval, match: {kind: CLIENT, attributes: {gen_ai.operation.name: retrieval}}, queue: rag-review, sampleRate: 0.1}
            - {name: other-service, match: {service: billing, kind: SERVER}, queue: billing}
            - {name: workflows, match: {kind: INTERNAL, spanName: "invoke_workflow *"}, queue: workflows, sampleRate: 0.3}
            """;

    /** The two tracers compared, used in turn by one thread. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Pair {
        /**
         * with (the rules + default baggage keys, registered as the extension registers them now); before (the
         * same rules and keys in the processor as shipped before issue #15, {@code BaselineSpanProcessor},
         * registered on its own as it was); rules (no baggage keys); baggage (default keys, no rules); noop (a
         * processor, registered on its own, that asks for onStart and onEnding and does nothing: what the SDK
         * charges any such processor); perCallLocks (as with, in a JVM started with
         * {@code -Dotel.annotation.span.monitor=false}: every span call takes the span's lock on its own, as before
         * the processor held it once per callback).
         */
        @Param({"with"})
        public String processor;

        /**
         * discard: the exporter drops spans, so the tracer and batch processor themselves are measured; batch:
         * the agent's real pipeline — the exporter marshals each batch to OTLP protobuf as the agent's does (no
         * network). Both behind the BatchSpanProcessor the autoconfiguration makes (queue 2 048, batches of 512).
         */
        @Param({"discard", "batch"})
        public String export;

        Pipeline without;
        Pipeline variant;

        @Setup(Level.Trial)
        public void setUp() {
            without = new Pipeline(export, "without");
            variant = new Pipeline(export, processor);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            without.close();
            variant.close();
        }
    }

    /**
     * The CPU time of every thread of this JVM (the span thread, the batch worker, GC, JIT), attributed to the
     * side whose block of {@link #BLOCK} spans was running, with the spans and the bytes this thread allocated:
     * CPU per span = cpuNanos / spans for each side. Blocks are a few milliseconds, so load on the shared machine
     * that comes and goes falls on both sides alike, and CPU time does not count waiting for a core. The other
     * side's batch worker is idle meanwhile: every block ends with its pipeline's flush.
     */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Blocks {
        static final int BLOCK = 2048;
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        public long withoutSpans;
        public long withoutCpuNanos;
        public long withoutBytes;
        public long variantSpans;
        public long variantCpuNanos;
        public long variantBytes;
        boolean onVariant;
        int inBlock;
        private long blockCpu;
        private long blockBytes;

        @Setup(Level.Iteration)
        public void begin() {
            withoutSpans = withoutCpuNanos = withoutBytes = 0;
            variantSpans = variantCpuNanos = variantBytes = 0;
            inBlock = 0;
            blockCpu = allThreadsCpu();
            blockBytes = THREADS.getCurrentThreadAllocatedBytes();
        }

        /** Closes the running block (the last one partial, at the iteration's end) and starts the other side's. */
        @TearDown(Level.Iteration)
        public void switchSides() {
            long cpu = allThreadsCpu();
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            if (onVariant) {
                variantSpans += inBlock;
                variantCpuNanos += cpu - blockCpu;
                variantBytes += bytes - blockBytes;
            } else {
                withoutSpans += inBlock;
                withoutCpuNanos += cpu - blockCpu;
                withoutBytes += bytes - blockBytes;
            }
            onVariant = !onVariant;
            inBlock = 0;
            blockCpu = cpu;
            blockBytes = bytes;
        }

        private static long allThreadsCpu() {
            long total = 0;
            for (long cpu : THREADS.getThreadCpuTime(THREADS.getAllThreadIds())) {
                total += Math.max(0, cpu);
            }
            return total;
        }
    }

    /** One span through one side of the pair, the sides taking turns every {@link Blocks#BLOCK} spans. */
    @Benchmark
    public void interleaved(Pair pair, Blocks blocks) {
        (blocks.onVariant ? pair.variant : pair.without).span();
        if (++blocks.inBlock == Blocks.BLOCK) {
            blocks.switchSides();
        }
    }

    /** One autoconfigured SDK, used by one thread. */
    static final class Pipeline {
        private final OpenTelemetrySdk sdk;
        private final Tracer tracer;
        private final Context parent;
        private SpanProcessor batchProcessor;
        private CompletableResultCode lastFlush;
        private int next;

        Pipeline(String export, String processor) {
            Map<String, String> properties = new HashMap<>(Map.of("otel.service.name", "checkout",
                    "otel.traces.exporter", export.equals("batch") ? BenchExporters.Marshaling.NAME : BenchExporters.Discarding.NAME,
                    "otel.metrics.exporter", "none", "otel.logs.exporter", "none"));
            switch (processor) {
                case "with", "perCallLocks" -> properties.put("otel.annotation.rules", RULES);
                case "rules" -> {
                    properties.put("otel.annotation.rules", RULES);
                    properties.put("otel.annotation.baggage.keys", "");
                }
                case "baggage" -> properties.put("otel.annotation.baggage.keys", "session.id,user.id");
                default -> {
                }
            }
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    // runs before the extension's customizer: sees the batch processor itself
                    .addSpanProcessorCustomizer((made, config) -> {
                        batchProcessor = made;
                        return made;
                    })
                    .addTracerProviderCustomizer((builder, config) -> {
                        if (processor.equals("noop")) {
                            builder.addSpanProcessorFirst(new NoopProcessor());
                        } else if (processor.equals("before")) {
                            builder.addSpanProcessorFirst(BaselineSpanProcessor.create(RULES, "checkout", List.of("session.id", "user.id")));
                        }
                        return builder;
                    })
                    .build().getOpenTelemetrySdk();
            String pipeline = sdk.getSdkTracerProvider().toString();
            boolean registered = pipeline.contains("AnnotationSpanProcessor");
            boolean expected = !List.of("without", "noop", "before").contains(processor);
            if (registered != expected || !pipeline.contains("BatchSpanProcessor")) {
                throw new IllegalStateException("annotation processor registered: " + registered + ", expected for " + processor
                        + ": " + pipeline);
            }
            tracer = sdk.getTracer("bench");
            parent = Context.root().with(Baggage.builder().put("session.id", "session-1234").put("user.id", "user-42").build());
        }

        void span() {
            int shape = next++ & 7;
            SpanBuilder builder;
            switch (shape) {
                case 0 -> builder = tracer.spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER)
                            .setAttribute("http.request.method", "GET").setAttribute("http.route", "/api/orders/{id}")
                            .setAttribute("url.path", "/api/orders/42").setAttribute("http.response.status_code", 200L);
                case 1 -> builder = tracer.spanBuilder("SELECT shop.orders").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("db.system.name", "postgresql").setAttribute("db.namespace", "shop")
                            .setAttribute("db.operation.name", "SELECT").setAttribute("db.collection.name", "orders");
                case 2 -> builder = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.provider.name", "openai")
                            .setAttribute("gen_ai.request.model", "gpt-4o").setAttribute("gen_ai.usage.output_tokens", 512L);
                case 3 -> builder = tracer.spanBuilder("embeddings text-embedding-3-small").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("gen_ai.operation.name", "embeddings").setAttribute("gen_ai.provider.name", "openai")
                            .setAttribute("gen_ai.request.model", "text-embedding-3-small");
                case 4 -> builder = tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER)
                            .setAttribute("http.request.method", "POST").setAttribute("http.route", "/chat")
                            .setAttribute("http.response.status_code", 200L);
                case 5 -> builder = tracer.spanBuilder("invoke_agent support-bot").setSpanKind(SpanKind.INTERNAL)
                            .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "support-bot");
                case 6 -> builder = tracer.spanBuilder("execute_tool lookup_order").setSpanKind(SpanKind.INTERNAL)
                            .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", "lookup_order");
                default -> builder = tracer.spanBuilder("OrderService.validate").setSpanKind(SpanKind.INTERNAL)
                            .setAttribute("code.function.name", "validate");
            }
            builder.setParent(parent).startSpan().end();
            if ((next & 511) == 0) {
                flush();
            }
        }

        /**
         * Every batch (512 spans) is exported before more arrive, so the queue (2 048) never overflows. The batch
         * processor hands back its pending flush while its worker has completed it but not yet cleared it (a
         * worker descheduled on a busy machine); waiting on that would not wait, so a flush returned twice is
         * asked again.
         */
        private void flush() {
            for (int attempt = 0; attempt < 100; attempt++) {
                CompletableResultCode flush = batchProcessor.forceFlush();
                boolean stale = flush == lastFlush || flush == CompletableResultCode.ofSuccess();
                lastFlush = flush;
                if (!stale) {
                    flush.join(10, TimeUnit.SECONDS);
                    return;
                }
                Thread.yield();
            }
        }

        void close() {
            sdk.close();
        }
    }

    /** The cost of any processor that asks for onStart and onEnding, doing nothing: the floor. */
    static final class NoopProcessor implements io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor {
        @Override
        public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnding(io.opentelemetry.sdk.trace.ReadWriteSpan span) {
        }

        @Override
        public boolean isOnEndingRequired() {
            return true;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
