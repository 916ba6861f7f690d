package dev.annotations.api.trace;

import dev.annotations.api.score.ScoreView;

import java.util.List;

/**
 * A session (conversation): its traces in time order and the caller's live SESSION-target scores.
 * {@code truncated} says there are more than {@link TraceService#MAX_SESSION_TRACES} traces and only the
 * earliest are listed.
 */
public record SessionView(String sessionId, List<SessionTrace> traces, boolean truncated, List<ScoreView> scores) {
}
