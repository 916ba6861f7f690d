package dev.annotations.api.bench;

import dev.annotations.api.ApiClient;
import dev.annotations.api.ChildEngine;
import dev.annotations.api.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The soak: the service (its own JVM, server mode) on ClickHouse (the embedded engine in a third JVM),
 * under mixed load from this process — scores, OTLP exports, annotators working a queue, reads — for a
 * while, with the engine frozen, killed and slowed in turn once per interval. Then: was everything
 * acknowledged stored, what were the p99s, and what did the service's heap and file descriptors look like at
 * the end. Not a test: {@code ./bench soak} (SOAK_SECONDS, SOAK_FAULT_EVERY_SECONDS).
 */
public final class SoakBenchmark {
    private static final String KEY = BenchmarkService.KEY;
    private static final int SCORE_WRITERS = 8;
    private static final int OTLP_SENDERS = 2;
    private static final int ANNOTATORS = 4;
    private static final int READERS = 2;
    private static final int QUEUE_ITEMS = 20_000;
    /** A request answered within this after a fault ended still counts as "during a fault" in the steady p99. */
    private static final Duration AFTERMATH = Duration.ofSeconds(15);
    private static final Duration READY_LIMIT = Duration.ofMinutes(3);

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/soak.md");
        Duration length = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 600);
        Duration faultEvery = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 60);
        String database = "soak";
        try (ChildEngine engine = ChildEngine.onFreePort().start();
             ServiceProcess service = ServiceProcess.start(Map.of(
                     "CLICKHOUSE_URL", engine.jdbcUrl(), "CLICKHOUSE_USER", ChildEngine.USER,
                     "CLICKHOUSE_PASSWORD", ChildEngine.PASSWORD, "CLICKHOUSE_DATABASE", database,
                     "ANNOTATION_BOOTSTRAP_ADMIN_KEY", KEY, "ANNOTATION_STARTUP_RETRY_MAX_MS", "2000"))) {
            ApiClient client = new ApiClient(service.port(), Duration.ofSeconds(120));
            service.awaitReady(client, READY_LIMIT);
            Setup setup = setUp(client);
            ProcessFigures before = ProcessFigures.of(service.jvm().pid());
            System.out.println("soak: " + length.toSeconds() + " s, a fault every " + faultEvery.toSeconds() + " s; before: " + before);

            long started = System.nanoTime();
            List<SoakClients.Sample> samples;
            List<SoakFaults.Window> faults;
            SoakClients clients = new SoakClients(client, KEY, setup.queueId, setup.configId, setup.annotators,
                    SCORE_WRITERS, OTLP_SENDERS, READERS);
            try (SoakFaults injector = new SoakFaults(engine, faultEvery)) {
                Thread.sleep(length.toMillis());
                injector.close();
                faults = injector.windows();
            } finally {
                clients.close();
            }
            samples = clients.samples();
            double seconds = (System.nanoTime() - started) / 1e9;
            service.awaitReady(client, READY_LIMIT);
            ProcessFigures after = ProcessFigures.of(service.jvm().pid());
            Stored stored = check(engine, database, clients, setup.queueId);
            String report = report(length, faultEvery, seconds, samples, faults, clients, stored, before, after);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            System.out.println(report);
        }
        System.exit(0);
    }

    private record Setup(String queueId, String configId, List<SoakClients.Annotator> annotators) {
    }

    private static Setup setUp(ApiClient client) {
        String project = client.get("/api/v1/projects", KEY).json().get("projects").get(0).get("id").asText();
        String config = created(client.postJson("/api/v1/score-configs", KEY,
                "{\"name\":\"soak_quality\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}"));
        List<SoakClients.Annotator> annotators = new ArrayList<>();
        for (int i = 0; i < ANNOTATORS; i++) {
            String name = "soak-annotator-" + i;
            String key = client.postJson("/api/v1/projects/" + project + "/keys", KEY,
                    "{\"name\":\"" + name + "\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
            annotators.add(new SoakClients.Annotator(name, key));
        }
        String members = annotators.stream().map(a -> "\"" + a.name() + "\"").collect(Collectors.joining(","));
        String queue = created(client.postJson("/api/v1/queues", KEY, "{\"name\":\"soak\",\"scoreConfigIds\":[\"" + config
                + "\"],\"annotators\":[" + members + "],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1,"
                + "\"reservationTimeoutSeconds\":600}"));
        for (int added = 0; added < QUEUE_ITEMS; added += 1_000) {
            StringBuilder targets = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                targets.append(i == 0 ? "" : ",").append("{\"type\":\"TRACE\",\"traceId\":\"")
                        .append(UUID.randomUUID().toString().replace("-", "")).append("\"}");
            }
            ApiClient.Response response = client.postJson("/api/v1/queues/" + queue + "/items", KEY,
                    "{\"targets\":[" + targets + "]}");
            if (response.status() >= 300) {
                throw new IllegalStateException("adding queue items: " + response.status() + " " + response.body());
            }
        }
        return new Setup(queue, config, annotators);
    }

    private static String created(ApiClient.Response response) {
        if (response.status() != 201) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
        return response.json().get("id").asText();
    }

    /** What storage holds of what was acknowledged. */
    private record Stored(int scoresMissing, int scoreIdsWithSeveralRows, int tracesIncomplete, int tracesWithExtraSpans,
                          int submissionsMissing) {
    }

    private static Stored check(ChildEngine engine, String database, SoakClients clients, String queueId) {
        Map<String, Long> scoreRows = counts(engine, "SELECT toString(id), count() FROM " + database
                + ".annotation_scores WHERE name = 'soak' GROUP BY id");
        int scoresMissing = (int) clients.acknowledgedScores.stream().filter(id -> !scoreRows.containsKey(id)).count();
        int several = (int) scoreRows.values().stream().filter(count -> count > 1).count();
        Map<String, Long> spans = counts(engine, "SELECT TraceId, count() FROM " + database
                + ".otel_traces WHERE ServiceName = 'soak' GROUP BY TraceId");
        int incomplete = (int) clients.acknowledgedTraces.stream()
                .filter(trace -> spans.getOrDefault(trace, 0L) < SoakClients.SPANS_PER_EXPORT).count();
        int extra = (int) spans.values().stream().filter(count -> count > SoakClients.SPANS_PER_EXPORT).count();
        Set<String> submitted = new HashSet<>(engine.query("SELECT concat(toString(item_id), ' ', annotator) FROM " + database
                + ".annotation_queue_events WHERE queue_id = '" + queueId + "' AND type = 'SUBMITTED' FORMAT TabSeparated")
                .lines().toList());
        int submissionsMissing = (int) clients.acknowledgedSubmissions.stream().filter(s -> !submitted.contains(s)).count();
        return new Stored(scoresMissing, several, incomplete, extra, submissionsMissing);
    }

    private static Map<String, Long> counts(ChildEngine engine, String sql) {
        Map<String, Long> counts = new java.util.HashMap<>();
        engine.query(sql + " FORMAT TabSeparated").lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split("\t");
            counts.put(cells[0], Long.parseLong(cells[1]));
        });
        return counts;
    }

    /** The service process at one moment: live heap after a full GC, file descriptors, threads, resident memory. */
    record ProcessFigures(long heapUsedKib, long fileDescriptors, long threads, long residentKib) {
        private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

        static ProcessFigures of(long pid) throws IOException, InterruptedException {
            jcmd(pid, "GC.run");
            Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
            long fds;
            try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                fds = entries.count();
            }
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return new ProcessFigures(heap, fds, field(status, "Threads"), field(status, "VmRSS"));
        }

        private static long field(String status, String name) {
            Matcher matcher = Pattern.compile(name + ":\\s+(\\d+)").matcher(status);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }

        private static String jcmd(long pid, String command) throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return text;
        }

        @Override
        public String toString() {
            return "heap used after GC %,d KiB, %d file descriptors, %d threads, RSS %,d KiB"
                    .formatted(heapUsedKib, fileDescriptors, threads, residentKib);
        }
    }

    private static String report(Duration length, Duration faultEvery, double seconds, List<SoakClients.Sample> samples,
                                 List<SoakFaults.Window> faults, SoakClients clients, Stored stored,
                                 ProcessFigures before, ProcessFigures after) {
        StringBuilder rows = new StringBuilder();
        Map<String, List<SoakClients.Sample>> byKind = samples.stream()
                .collect(Collectors.groupingBy(SoakClients.Sample::kind, TreeMap::new, Collectors.toList()));
        byKind.forEach((kind, list) -> {
            long ok = list.stream().filter(s -> s.status() >= 200 && s.status() < 300).count();
            long unavailable = list.stream().filter(s -> s.status() == 503).count();
            long other = list.size() - ok - unavailable;
            Map<Integer, Long> others = list.stream().filter(s -> (s.status() < 200 || s.status() >= 300) && s.status() != 503)
                    .collect(Collectors.groupingBy(SoakClients.Sample::status, TreeMap::new, Collectors.counting()));
            long[] all = sorted(list);
            long[] steady = sorted(list.stream().filter(s -> !nearFault(faults, s.startNanos())).toList());
            rows.append("| %s | %,d | %,d | %,d | %s | %.0f / %.0f / %.0f ms | %.0f ms |\n".formatted(kind, list.size(), ok,
                    unavailable, other == 0 ? "0" : other + " " + others, pct(all, 0.50), pct(all, 0.99), pct(all, 1.0),
                    pct(steady, 0.99)));
        });
        long serverErrors = samples.stream().filter(s -> s.status() >= 500 && s.status() != 503).count();
        long noAnswer = samples.stream().filter(s -> s.status() == SoakClients.NO_ANSWER).count();
        String faultList = faults.stream().map(w -> "%s %.0f s".formatted(w.kind().name().toLowerCase(),
                (w.endNanos() - w.startNanos()) / 1e9)).collect(Collectors.joining(", "));
        return """
                # Soak

                Produced by `./bench soak` (annotation-api/src/test/java/dev/annotations/api/bench/SoakBenchmark.java):
                the service in its own JVM (server mode, default timeouts), ClickHouse = the embedded engine in a third
                JVM, the load from the benchmark's JVM over loopback HTTP; all three share the machine.

                | | |
                |---|---|
                | date | %s |
                | machine | %d CPUs (nproc), load average at the end %s |
                | length | %.0f s (asked %d s), a fault every %d s |
                | faults | %s |
                | load | %d score writers (client ids), %d OTLP senders (%d spans per export), %d annotators (next + submit, a 503'd submit retried), %d readers (score lists, traces) |

                | kind | requests | 2xx | 503 | other | p50 / p99 / max | p99 away from faults |
                |---|---|---|---|---|---|---|
                %s
                "Away from faults": requests started outside a fault and the %d s after it.

                | acknowledged = stored | |
                |---|---|
                | scores acknowledged (201/200) | %,d of %,d sent; **%d missing**; %d ids with more than one row |
                | OTLP exports acknowledged (200) | %,d; **%d with spans missing**; %d traces with more spans than sent |
                | queue submissions acknowledged (201/200) | %,d; **%d without their SUBMITTED event** |
                | 5xx other than 503 | %d |
                | no answer within 120 s / broken connection | %d |

                | service process | after set-up | at the end |
                |---|---|---|
                | heap used after a full GC | %,d KiB | %,d KiB |
                | file descriptors | %d | %d |
                | threads | %d | %d |
                | resident memory | %,d KiB | %,d KiB |
                """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage(), seconds,
                length.toSeconds(), faultEvery.toSeconds(), faultList.isEmpty() ? "none" : faultList, SCORE_WRITERS,
                OTLP_SENDERS, SoakClients.SPANS_PER_EXPORT, ANNOTATORS, READERS, rows.toString().strip(),
                AFTERMATH.toSeconds(), clients.acknowledgedScores.size(), clients.sentScores.size(), stored.scoresMissing(),
                stored.scoreIdsWithSeveralRows(), clients.acknowledgedTraces.size(), stored.tracesIncomplete(),
                stored.tracesWithExtraSpans(), clients.acknowledgedSubmissions.size(), stored.submissionsMissing(),
                serverErrors, noAnswer, before.heapUsedKib(), after.heapUsedKib(), before.fileDescriptors(),
                after.fileDescriptors(), before.threads(), after.threads(), before.residentKib(), after.residentKib());
    }

    private static boolean nearFault(List<SoakFaults.Window> faults, long nanos) {
        return faults.stream().anyMatch(w -> nanos >= w.startNanos() && nanos < w.endNanos() + AFTERMATH.toNanos());
    }

    private static long[] sorted(List<SoakClients.Sample> samples) {
        return samples.stream().mapToLong(SoakClients.Sample::nanos).sorted().toArray();
    }

    /** Nearest-rank percentile in milliseconds, as the other benchmarks report. */
    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
