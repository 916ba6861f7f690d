package dev.annotations.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The extension's cost end to end: examples/demo-app under the real OpenTelemetry Java agent, twice — the
 * agent alone, and the agent with {@code -Dotel.javaagent.extensions=otel-extension.jar} and the JMH
 * benchmark's 10 rules — both running and loaded at the same time, each by a {@link ChatLoad} process of its
 * own, with {@code POST /chat} carrying baggage: load on the machine that comes and goes falls on both alike
 * (one after the other, the rounds' ratios ranged 0.3–1.1 at load average 20). Which generator starts first
 * alternates by round. Each demo exports OTLP/HTTP to a sink of its own in this JVM that reads every request and
 * answers 200 with an empty body (an empty {@code ExportTraceServiceResponse}). Not a test:
 * {@code ./bench extension}. Arguments: output file (its "End to end" section is replaced), rounds (default 8),
 * seconds per phase (default 10), clients (default 8). System properties {@code e2e.agent.jar},
 * {@code e2e.extension.jar}, {@code e2e.demo.jar}.
 */
public final class AgentOverheadBenchmark {
    /** The rules of otel-extension's SpanProcessorBenchmark, so the two benchmarks measure the same work. */
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

    private AgentOverheadBenchmark() {
    }

    /** One demo JVM, its OTLP sink, and what each phase measured. */
    private record Side(String name, DemoProcess demo, Sink sink, List<Phase> phases) {
        String base() {
            return "http://127.0.0.1:" + demo.port();
        }
    }

    private record Phase(ChatLoad.Result load, double demoCpuSeconds, long otlpBytes) {
        double cpuMicrosPerRequest() {
            return demoCpuSeconds * 1e6 / load.requests();
        }
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/extension.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Path agent = Path.of(System.getProperty("e2e.agent.jar"));
        Path extension = Path.of(System.getProperty("e2e.extension.jar"));
        Path demoJar = Path.of(System.getProperty("e2e.demo.jar"));
        Path logs = Files.createDirectories(Path.of(System.getProperty("e2e.log.dir", "e2e-tests/target/bench-logs")));
        Path rules = Files.writeString(logs.resolve("annotation-rules.yaml"), RULES);

        String loadBefore = loadAverage();
        try (Sink withoutSink = Sink.start(); Sink withSink = Sink.start();
             DemoProcess without = DemoProcess.start(agent, null, demoJar, env(withoutSink, null), logs.resolve("demo-without.log"));
             DemoProcess with = DemoProcess.start(agent, extension, demoJar, env(withSink, rules), logs.resolve("demo-with.log"))) {
            if (!with.output().contains("otel.annotation: tagging spans with 9 rule(s)")
                    || without.output().contains("otel.annotation")) {
                throw new IllegalStateException("the extension is not loaded as expected:\n" + with.output());
            }
            Side a = new Side("without", without, withoutSink, new ArrayList<>());
            Side b = new Side("with", with, withSink, new ArrayList<>());
            // warm-up: the agent's instrumentation and both JITs, untimed
            for (int i = 0; i < 2; i++) {
                together(List.of(a, b), clients, seconds);
            }
            for (int round = 0; round < rounds; round++) {
                List<Phase> phases = together(round % 2 == 0 ? List.of(a, b) : List.of(b, a), clients, seconds);
                if (round % 2 != 0) {
                    phases = List.of(phases.get(1), phases.get(0));
                }
                a.phases().add(phases.get(0));
                b.phases().add(phases.get(1));
            }
            String loadAfter = loadAverage();
            if (withSink.traceBytes.get() == 0 || withoutSink.traceBytes.get() == 0) {
                throw new IllegalStateException("no spans reached a sink");
            }
            for (DemoProcess demo : List.of(without, with)) {
                if (demo.output().contains("dropped")) {
                    throw new IllegalStateException("a demo dropped spans, the comparison would not hold:\n" + demo.output());
                }
            }
            write(output, section(a, b, rounds, seconds, clients, loadBefore, loadAfter));
        }
    }

    private static Map<String, String> env(Sink sink, Path rules) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "OTEL_SERVICE_NAME", "demo-app",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sink.port(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                // the default 2 048 overflows when the export thread waits for a core on a loaded machine, and a
                // dropped span is an export not done: both sides get a queue that holds every span
                "OTEL_BSP_MAX_QUEUE_SIZE", "262144",
                "ORG_SLF4J_SIMPLELOGGER_DEFAULTLOGLEVEL", "warn"));
        if (rules != null) {
            env.put("OTEL_ANNOTATION_RULES_FILE", rules.toString());
        }
        return env;
    }

    /** A phase of both sides at the same time, each loaded by a generator of its own, started in the given order. */
    private static List<Phase> together(List<Side> sides, int clients, int seconds) throws Exception {
        var pool = Executors.newFixedThreadPool(sides.size());
        try {
            List<java.util.concurrent.Future<Phase>> running = new ArrayList<>();
            for (Side side : sides) {
                running.add(pool.submit(() -> phase(side, clients, seconds)));
            }
            List<Phase> phases = new ArrayList<>();
            for (var phase : running) {
                phases.add(phase.get());
            }
            return phases;
        } finally {
            pool.shutdown();
        }
    }

    private static Phase phase(Side side, int clients, int seconds) throws IOException, InterruptedException {
        long cpuBefore = ChatLoad.processCpuNanos(Long.toString(side.demo().pid()));
        long bytesBefore = side.sink().traceBytes.get();
        ChatLoad.Result load = ChatLoad.run(side.base(), clients, seconds);
        double cpu = (ChatLoad.processCpuNanos(Long.toString(side.demo().pid())) - cpuBefore) / 1e9;
        return new Phase(load, cpu, side.sink().traceBytes.get() - bytesBefore);
    }

    private static String section(Side without, Side with, int rounds, int seconds, int clients, String loadBefore, String loadAfter) {
        double[] ratios = new double[rounds];
        double[] cpuRatios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = with.phases().get(i).load().perSecond() / without.phases().get(i).load().perSecond();
            cpuRatios[i] = with.phases().get(i).cpuMicrosPerRequest() / without.phases().get(i).cpuMicrosPerRequest();
        }
        StringBuilder rows = new StringBuilder();
        for (Side side : List.of(without, with)) {
            double rps = median(side.phases().stream().mapToDouble(p -> p.load().perSecond()).toArray());
            double p50 = median(side.phases().stream().mapToDouble(p -> p.load().p50Millis()).toArray());
            double p99 = median(side.phases().stream().mapToDouble(p -> p.load().p99Millis()).toArray());
            double cpu = median(side.phases().stream().mapToDouble(Phase::cpuMicrosPerRequest).toArray());
            double loadCpu = median(side.phases().stream().mapToDouble(p -> p.load().cpuSeconds() * 1e6 / p.load().requests()).toArray());
            double bytes = median(side.phases().stream().mapToDouble(p -> (double) p.otlpBytes() / p.load().requests()).toArray());
            String perRound = String.join(", ", side.phases().stream()
                    .map(p -> String.format(Locale.ROOT, "%.0f", p.load().perSecond())).toList());
            rows.append(String.format(Locale.ROOT, "| %s | %,.0f (%s) | %.1f / %.1f | %.0f µs | %.0f µs | %.0f B |%n",
                    side.name().equals("with") ? "**agent + extension (10 rules, baggage copy)**" : "agent alone",
                    rps, perRound, p50, p99, cpu, loadCpu, bytes));
        }
        return """
                ## End to end: the demo app under the real agent

                Produced by `./bench extension` (e2e-tests/src/test/java/dev/annotations/e2e/AgentOverheadBenchmark.java):
                examples/demo-app under the OpenTelemetry Java agent (the jar of the build), twice — agent alone, and agent +
                `-Dotel.javaagent.extensions=otel-extension.jar` with the 10 rules above (9 apply) and the default baggage
                keys — both JVMs up and loaded at the same time, each by a `ChatLoad` JVM of its own (which starts first
                alternates by round), so the shared machine's load falls on both alike: %d closed-loop clients each,
                sending `POST /chat` with `baggage: session.id=…,user.id=…` (each request: a Jetty/Javalin server span +
                the app's GenAI client span), %d s per phase, %d rounds after 2 untimed warm-up phases.
                Each demo exports OTLP/HTTP protobuf (batch processor defaults but a queue of 262 144, so no span is
                dropped while the export thread waits for a core; the run fails if one is) to a sink of its own in the benchmark's
                JVM that reads each request and answers 200 with an empty body. Demo CPU per request from
                `/proc/<pid>/stat` over each phase; the load generator's own CPU reported next to it.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs, shared with other builds during the run |
                | load average (1, 5, 15 min) at start / end | %s / %s |

                | demo JVM | requests/s, median (per round) | p50 / p99 ms (median) | demo CPU per request (median) | load generator CPU per request | OTLP bytes exported per request |
                |---|---|---|---|---|---|
                %s
                **requests/s with the extension / without, median over rounds: %.3f** (per round: %s); demo CPU per
                request with / without: %.3f.
                """.formatted(clients, seconds, rounds, Instant.now(), Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter, rows.toString().trim(), median(ratios), format(ratios), median(cpuRatios));
    }

    /** Replaces this benchmark's section of the results file (the JMH part of ./bench extension writes the rest). */
    private static void write(Path output, String section) throws IOException {
        String existing = Files.exists(output) ? Files.readString(output) : "# Agent extension benchmark\n";
        int at = existing.indexOf("## End to end");
        String head = (at < 0 ? existing : existing.substring(0, at)).stripTrailing();
        String text = head + "\n\n" + section;
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, text);
        System.out.println(section);
    }

    private static String format(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** An OTLP/HTTP endpoint that reads every export and answers 200 with an empty body; counts trace bytes. */
    private static final class Sink implements AutoCloseable {
        final AtomicLong traceBytes = new AtomicLong();
        private final HttpServer server;

        private Sink(HttpServer server) {
            this.server = server;
        }

        static Sink start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            Sink sink = new Sink(server);
            server.createContext("/", exchange -> {
                long read;
                try (InputStream body = exchange.getRequestBody()) {
                    read = body.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
                    sink.traceBytes.addAndGet(read);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(2, task -> {
                Thread thread = new Thread(task, "otlp-sink");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return sink;
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
