package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Measures annotation queues: a queue of 100 000 items, 50 annotators working at once (next, then submit),
 * paced and saturated, for each way of serving claims side by side in one run ({@link #MODES}): {@code next} and
 * {@code submit} p50/p99, submit throughput and where the service side's CPU went by thread. Each mode's database
 * is dropped after it. Not a test: run it with {@code ./bench queues} ({@code QUEUE_MODES=2,4} for some modes).
 */
public final class QueueBenchmark {
    private static final String KEY = TestService.BOOTSTRAP_KEY;
    private static final int ANNOTATORS = 50;
    /** Each phase's first seconds, not recorded: the annotators' first calls (see {@link QueueLoad}). */
    private static final int WARMUP_SECONDS = 10;

    private QueueBenchmark() {
    }

    /**
     * One way of serving claims, measured on its own database of the shared engine; {@code durability} is how a
     * submission's scores are acknowledged (ANNOTATION_SCORE_DURABILITY), {@code queueDurability} how the owner's
     * queue events are (ANNOTATION_QUEUE_DURABILITY).
     */
    private record Mode(String name, String claims, int instances, String durability, String queueDurability) {
    }

    private static final List<Mode> MODES = List.of(
            new Mode("log: one compare-and-set INSERT per claim (the earlier protocol), 1 instance", "log", 1, "insert",
                    "insert"),
            new Mode("lease: claims from the owner's memory, 1 instance", "lease", 1, "insert", "insert"),
            new Mode("lease, 2 instances: annotators alternate, half the requests forwarded to the owner", "lease", 2,
                    "insert", "insert"),
            new Mode("lease, 1 instance, scores acknowledged from the score log (ANNOTATION_SCORE_DURABILITY=log;"
                    + " the queue's events still INSERTed, ANNOTATION_QUEUE_DURABILITY=insert)", "lease", 1, "log", "insert"),
            new Mode("lease, 1 instance, scores from the score log and queue events from the queue journal"
                    + " (ANNOTATION_SCORE_DURABILITY=log, ANNOTATION_QUEUE_DURABILITY=journal: the embedded default)",
                    "lease", 1, "log", "journal"));

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/queues.md");
        // enough that the fastest way does not run out of items in its two phases (~1 500 submissions/s saturated)
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        StringBuilder rows = new StringBuilder();
        List<String> verdicts = new ArrayList<>();
        StringBuilder threads = new StringBuilder();
        // QUEUE_MODES=2,4 runs only those modes (1-based, in MODES order): to profile one, or compare two quickly
        String only = args.length > 3 ? args[3] : "";
        for (int i = 0; i < MODES.size(); i++) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(String.valueOf(i + 1))) {
                continue;
            }
            Mode mode = MODES.get(i);
            Result result = run(mode, items, seconds);
            rows.append(result.rows());
            verdicts.add(result.verdict());
            threads.append(result.threads()).append('\n');
        }
        String report = """
                # Queue benchmark

                Produced by `./bench queues` (annotation-api/src/test/java/dev/annotations/api/bench/QueueBenchmark.java):
                one embedded engine reached over its ClickHouse HTTP interface (as a server is) and the service(s) in the
                benchmark's JVM, the 50 annotator clients in a JVM of their own (`QueueLoad`) over loopback HTTP, each
                side's CPU from /proc; the five ways of serving claims one after
                another in one run, each on a fresh database with the same items (dropped after it). Each phase's annotators first work
                %d s unrecorded (their process's JIT compiler and connections, each key's first lookup: the 50
                annotators' first calls arrive together), then are recorded for the phase's seconds; CPU and load
                figures are of the recorded part. Load average (1 min, from /proc/loadavg) before and after each
                recorded part: the machine is shared.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs (nproc) — clients and server share them |
                | JDK | %s |

                | measurement | result |
                |---|---|
                %s
                Targets (issue 15): paced `next` p99 < 25 ms, paced `submit` p99 < 100 ms, saturated ≥ 200 submissions/s.

                %s

                ## Where the service side's CPU went, per submission (recorded part; the engine runs in this process)

                %s
                """.formatted(WARMUP_SECONDS, Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), rows.toString().strip(), String.join("\n", verdicts),
                threads.toString().strip());
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        System.out.println(report);
        System.exit(0);
    }

    private record Result(String rows, String verdict, String threads) {
    }

    private static Result run(Mode mode, int items, int seconds) throws Exception {
        String database = TestService.freshDatabase();
        List<AnnotationService> services = new ArrayList<>();
        try {
            for (int i = 0; i < mode.instances(); i++) {
                Path dataDirectory = Files.createTempDirectory("queue-bench");
                Path logDirectory = dataDirectory.resolve("score-log");
                // not created here: with durability insert an existing directory is a journal left to load
                Path journalDirectory = dataDirectory.resolve("queue-journal");
                AppConfig config = TestService.config(database, SharedClickHouse.engine().jdbcUrl("default"),
                        Map.of("ANNOTATION_QUEUE_CLAIMS", mode.claims(), "ANNOTATION_MAX_REQUEST_BYTES", "10485760",
                                "ANNOTATION_SCORE_DURABILITY", mode.durability(),
                                "ANNOTATION_SCORE_LOG_DIR", logDirectory.toString(),
                                "ANNOTATION_QUEUE_DURABILITY", mode.queueDurability(),
                                "ANNOTATION_QUEUE_JOURNAL_DIR", journalDirectory.toString()));
                services.add(AnnotationService.start(config, Clock.systemUTC(), key -> { }));
            }
            List<String> bases = services.stream().map(service -> "http://127.0.0.1:" + service.port()).toList();
            String base = bases.getFirst();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            String project = field(send(http, "GET", base + "/api/v1/projects", KEY, null), "id");
            String configId = field(send(http, "POST", base + "/api/v1/score-configs", KEY,
                    "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}"), "id");
            List<String> keys = new ArrayList<>();
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < ANNOTATORS; i++) {
                keys.add(field(send(http, "POST", base + "/api/v1/projects/" + project + "/keys", KEY,
                        "{\"name\":\"bench-" + i + "\",\"role\":\"ANNOTATOR\"}"), "key"));
                members.append(i == 0 ? "" : ",").append("\"bench-").append(i).append('"');
            }
            String queue = field(send(http, "POST", base + "/api/v1/queues", KEY, "{\"name\":\"bench\",\"scoreConfigIds\":[\""
                    + configId + "\"],\"annotators\":[" + members + "],\"strategy\":\"LOAD_BALANCED\","
                    + "\"annotatorsPerItem\":1,\"reservationTimeoutSeconds\":600}"), "id");
            long addStart = System.nanoTime();
            for (int added = 0; added < items; added += 1_000) {
                StringBuilder targets = new StringBuilder();
                for (int i = 0; i < Math.min(1_000, items - added); i++) {
                    targets.append(i == 0 ? "" : ",").append("{\"type\":\"TRACE\",\"traceId\":\"")
                            .append(UUID.randomUUID().toString().replace("-", "")).append("\"}");
                }
                send(http, "POST", base + "/api/v1/queues/" + queue + "/items", KEY, "{\"targets\":[" + targets + "]}");
            }
            double addSeconds = (System.nanoTime() - addStart) / 1e9;
            // the first `next` through each instance: the lease is taken and the queue read in full (lease modes)
            List<Double> firstNext = new ArrayList<>();
            for (String instance : bases) {
                long t0 = System.nanoTime();
                String held = send(http, "POST", instance + "/api/v1/queues/" + queue + "/next", keys.getFirst(), "{}");
                firstNext.add((System.nanoTime() - t0) / 1e6);
                send(http, "POST", instance + "/api/v1/queues/" + queue + "/items/"
                        + held.split("\"item\":\\{\"id\":\"")[1].substring(0, 36) + "/release", keys.getFirst(), "{}");
            }

            Phase paced = work(bases, queue, configId, keys, seconds, 2_000, 6_000);
            Phase saturated = work(bases, queue, configId, keys, seconds, 0, 0);
            String rows = """
                    | **%s** | |
                    | items added (1 000 per request, LOAD_BALANCED designation) | %,d in %.1f s (%,.0f items/s) |
                    | first `next` through each instance (takes the lease and reads the queue in lease modes) | %s ms |
                    %s
                    %s
                    """.formatted(mode.name(), items, addSeconds, items / addSeconds,
                    firstNext.stream().map(ms -> "%.0f".formatted(ms)).collect(java.util.stream.Collectors.joining(" / ")),
                    paced.rows("paced: 50 annotators, each spending 2–6 s on an item between `next` and `submit`"),
                    saturated.rows("saturated: 50 annotators calling `next` then `submit` back to back"));
            String verdict = "- %s: paced `next` p99 %.1f ms (%s), paced `submit` p99 %.1f ms (%s), saturated %.1f submissions/s (%s)"
                    .formatted(mode.name(), paced.nextP99(), paced.nextP99() < 25 ? "met" : "not met",
                            paced.submitP99(), paced.submitP99() < 100 ? "met" : "not met",
                            saturated.submittedPerSecond(), saturated.submittedPerSecond() >= 200 ? "met" : "not met");
            String threads = "**" + mode.name() + "**\n"
                    + paced.threadRows("paced") + saturated.threadRows("saturated");
            return new Result(rows, verdict, threads);
        } finally {
            for (AnnotationService service : services.reversed()) {
                service.close();
            }
            // its merges and refreshable views would otherwise go on in the engine while the next mode is measured
            SharedClickHouse.engine().directQuery("DROP DATABASE IF EXISTS `" + database + "` SYNC");
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * One phase: the annotators' measurements (from their own process) and what the service side (this JVM: the
     * service(s) and the embedded engine) spent meanwhile.
     */
    private record Phase(QueueLoad.Result load, double loadBefore, double loadAfter, double serviceCpuSeconds,
                         String threads) {
        String rows(String title) {
            QueueLoad.Result r = load;
            return """
                    | %s, %.0f s (load average %.2f → %.2f; CPU of %.0f s available: service + engine %.0f s, annotators' process %.0f s) | |
                    | `next` p50 / p99 / max | %.1f ms / %.1f ms / %.1f ms (%,d calls) |
                    | `submit` p50 / p99 | %.1f ms / %.1f ms |
                    | `GET /health` p50 / p99 in the same phase, every 100 ms (this machine's floor for any request) | %.1f ms / %.1f ms |
                    | submit throughput; service CPU per submission | %,.1f submissions/s (%,d submitted, %,d failed calls%s); %.1f ms |""".formatted(
                    title, r.seconds(), loadBefore, loadAfter, r.seconds() * Runtime.getRuntime().availableProcessors(),
                    serviceCpuSeconds, r.cpuSeconds(), pct(r.next(), 0.50), pct(r.next(), 0.99), pct(r.next(), 1.0),
                    r.next().length, pct(r.submit(), 0.50), pct(r.submit(), 0.99), pct(r.health(), 0.50),
                    pct(r.health(), 0.99), r.submitted() / r.seconds(), r.submitted(), r.failures(),
                    r.empty() == 0 ? "" : ", %,d `next` answered 204: the queue ran out, the rate is a lower bound"
                            .formatted(r.empty()),
                    r.submitted() == 0 ? Double.NaN : serviceCpuSeconds * 1e3 / r.submitted());
        }

        /** Where the service side's CPU went in this phase, per submission, by thread group. */
        String threadRows(String title) {
            return "\n" + title + ":\n\n" + threads;
        }

        double nextP99() {
            return pct(load.next(), 0.99);
        }

        double submitP99() {
            return pct(load.submit(), 0.99);
        }

        double submittedPerSecond() {
            return load.submitted() / load.seconds();
        }
    }

    /** The 50 annotators (in their own process) work for {@code seconds}, thinking {@code thinkMin..thinkMax} ms per item. */
    private static Phase work(List<String> bases, String queue, String configId, List<String> keys, int seconds,
                              int thinkMin, int thinkMax) throws Exception {
        double[] before = new double[2];
        List<Map<String, Long>> threadsBefore = new ArrayList<>();
        QueueLoad.Result load = QueueLoad.run(bases, queue, configId, keys, WARMUP_SECONDS, seconds, thinkMin, thinkMax,
                () -> {
                    before[0] = loadAverage();
                    before[1] = processCpuSeconds();
                    threadsBefore.add(ThreadCpu.snapshot());
                });
        String threads = ThreadCpu.per("submission", threadsBefore.getFirst(), ThreadCpu.snapshot(),
                Math.max(1, (int) load.submitted()));
        return new Phase(load, before[0], loadAverage(), processCpuSeconds() - before[1], threads);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String field(String json, String name) {
        return json.split("\"" + name + "\":\"")[1].split("\"")[0];
    }

    private static String send(HttpClient http, String method, String url, String key, String body) {
        HttpResponse<String> response = QueueLoad.request(http, method, url, key, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
