package dev.annotations.api.trace;

import dev.annotations.api.project.SpanVisibility;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.storage.ClickHouseStorage;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;

/** For the read benchmarks: each statement of a trace fetch and a span search timed alone, through the service's JDBC path. */
public final class TraceReadProbe {
    private final TraceRepository traces;
    private final ScoreRepository scores;
    private final Viewer viewer;

    public TraceReadProbe(ClickHouseStorage storage, UUID projectId) {
        this.scores = new ScoreRepository(storage);
        this.traces = new TraceRepository(storage, scores);
        this.viewer = new Viewer(projectId, SpanVisibility.ALL);
    }

    public void probe(List<String> traceIds, long weekStart, int rounds) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        time("  spans in one statement, bounds as subqueries (JDBC)", rounds,
                i -> traces.spans(viewer, traceIds.get(random.nextInt(traceIds.size())), TraceService.MAX_SPANS + 1));
        time("  live scores on the trace (JDBC)", rounds, i -> scores.liveOnTraces(viewer.projectId(),
                List.of(traceIds.get(random.nextInt(traceIds.size()))), List.of(TargetType.TRACE, TargetType.SPAN, TargetType.DOCUMENT)));
        time("  search (JDBC)", rounds, i -> {
            long from = weekStart + (long) (random.nextDouble() * 6 * 86_400e9);
            traces.search(viewer, new SpanFilter(Instant.ofEpochSecond(0, from), Instant.ofEpochSecond(0, from + 3_600_000_000_000L),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), java.util.Map.of(), List.of(),
                    Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty()), Optional.empty(), 100);
        });
    }

    private static void time(String what, int rounds, IntConsumer call) {
        long[] nanos = new long[rounds];
        for (int i = -5; i < rounds; i++) {
            long start = System.nanoTime();
            call.accept(i);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-50s p50 %6.1f ms  p90 %6.1f ms%n", what, nanos[rounds / 2] / 1e6, nanos[rounds * 9 / 10] / 1e6);
    }
}
