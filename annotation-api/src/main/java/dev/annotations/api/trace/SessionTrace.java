package dev.annotations.api.trace;

import dev.annotations.api.score.ScoreView;

import java.time.Instant;
import java.util.List;

/**
 * One trace of a session: when it ran, how many spans it has, its root span (a span without a parent, else
 * its earliest span) and the caller's live TRACE-target scores on it.
 */
public record SessionTrace(String traceId, Instant start, long durationNanos, int spanCount, Root root,
                           List<ScoreView> scores) {

    public record Root(String spanId, String name, String serviceName, Span.Status status) {
    }

    SessionTrace withScores(List<ScoreView> traceScores) {
        return new SessionTrace(traceId, start, durationNanos, spanCount, root, traceScores);
    }
}
