package dev.annotations.api.trace;

import dev.annotations.api.score.ScoreView;

import java.time.Instant;
import java.util.List;

/**
 * A whole trace: its time span (first start to last end), its spans as a tree, and the caller's live
 * TRACE-target scores. {@code truncated} says the trace has more than {@link TraceService#MAX_SPANS} spans
 * and only the earliest are shown; {@code spanCount} counts the spans shown.
 */
public record TraceView(String traceId, Instant start, Instant end, long durationNanos, int spanCount,
                        boolean truncated, List<ScoreView> scores, List<SpanNode> spans) {
}
