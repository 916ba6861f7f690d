package dev.annotations.api.trace;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.project.ProjectService;
import dev.annotations.api.score.Score;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.ScoreView;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reading traces, sessions and spans, with the caller's live scores beside them. Spans are the Collector's
 * and carry no project column: a project sees the spans its {@link dev.annotations.api.project.SpanVisibility}
 * admits (a trace or session it sees none of is a 404); scores are always the caller's project's.
 */
public final class TraceService {
    /**
     * Most spans answered for one trace: bounds the memory and the size of one answer (a span carrying
     * GenAI messages can weigh tens of KiB). A larger trace shows its earliest spans and says truncated.
     */
    public static final int MAX_SPANS = 10_000;
    /** Most traces listed for one session; a longer session lists its earliest and says truncated. */
    public static final int MAX_SESSION_TRACES = 1_000;

    private final TraceRepository traces;
    private final ScoreRepository scores;
    private final ProjectService projects;

    public TraceService(TraceRepository traces, ScoreRepository scores, ProjectService projects) {
        this.projects = projects;
        this.traces = traces;
        this.scores = scores;
    }

    /**
     * A trace as a tree: its spans in one statement (bounded by otel_traces_trace_id_ts, or, without a row
     * there — a Collector may run without its materialized view — by trace id alone over the whole table),
     * then its live scores.
     */
    public TraceView trace(UUID projectId, String traceId) {
        List<Span> spans = traces.spans(viewer(projectId), traceId, MAX_SPANS + 1);
        if (spans.isEmpty()) {
            throw ApiProblem.notFound("no trace " + traceId);
        }
        boolean truncated = spans.size() > MAX_SPANS;
        List<Span> shown = truncated ? spans.subList(0, MAX_SPANS) : spans;

        List<ScoreView> traceScores = new ArrayList<>();
        Map<String, List<ScoreView>> spanScores = new HashMap<>();
        for (Score score : scores.liveOnTraces(projectId, List.of(traceId),
                List.of(TargetType.TRACE, TargetType.SPAN, TargetType.DOCUMENT))) {
            if (score.target().type() == TargetType.TRACE) {
                traceScores.add(ScoreView.of(score));
            } else {
                spanScores.computeIfAbsent(score.target().spanId(), id -> new ArrayList<>()).add(ScoreView.of(score));
            }
        }
        // a score on a span that is not shown (never exported, or past the cap) has no place in the tree
        List<SpanNode> tree = TraceTree.build(shown, spanScores);
        Instant start = shown.stream().map(Span::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = shown.stream().map(span -> span.start().plusNanos(span.durationNanos()))
                .max(Comparator.naturalOrder()).orElseThrow();
        int spanCount = (int) shown.stream().map(Span::spanId).distinct().count();
        return new TraceView(traceId, start, end, Duration.between(start, end).toNanos(), spanCount,
                truncated, traceScores, tree);
    }

    /** A session's traces in time order with their TRACE-target scores, and the session's own scores. */
    public SessionView session(UUID projectId, String sessionId, Optional<Instant> from, Optional<Instant> to) {
        List<SessionTrace> found = traces.sessionTraces(viewer(projectId), sessionId, from, to, MAX_SESSION_TRACES + 1);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("no span has session " + sessionId
                    + (from.isPresent() || to.isPresent() ? " in the given time range" : ""));
        }
        boolean truncated = found.size() > MAX_SESSION_TRACES;
        List<SessionTrace> listed = truncated ? found.subList(0, MAX_SESSION_TRACES) : found;
        Map<String, List<ScoreView>> byTrace = new HashMap<>();
        for (Score score : scores.liveOnTraces(projectId, listed.stream().map(SessionTrace::traceId).toList(),
                List.of(TargetType.TRACE))) {
            byTrace.computeIfAbsent(score.target().traceId(), id -> new ArrayList<>()).add(ScoreView.of(score));
        }
        return new SessionView(sessionId,
                listed.stream().map(trace -> trace.withScores(byTrace.getOrDefault(trace.traceId(), List.of()))).toList(),
                truncated, scores.liveOnSession(projectId, sessionId).stream().map(ScoreView::of).toList());
    }

    /** A page of spans matching the filter, newest first. */
    List<SpanSummary> search(UUID projectId, SpanFilter filter, Optional<TraceRepository.After> after, int limit) {
        return traces.search(viewer(projectId), filter, after, limit);
    }

    /** Up to {@code limit} spans matching the filter, as SPAN targets (what a queue adds by filter). */
    public List<Target> matchingSpans(UUID projectId, SpanFilter filter, int limit) {
        return traces.matchingSpans(viewer(projectId), filter, limit);
    }

    /** What a span holds for a dataset: its GenAI input and output as {@link #trace} shows them, and its names. */
    public record SpanContent(String traceId, String spanId, String serviceName, String spanName, Llm llm,
                              Map<String, String> attributes) {
    }

    /**
     * The content of each named span the project sees (a TRACE target names its root span), keyed by the
     * target as given; targets whose span is not stored or not visible are absent.
     */
    public Map<Target, SpanContent> spanContents(UUID projectId, List<Target> targets) {
        Map<Target, SpanContent> contents = new HashMap<>();
        List<Target> keys = targets.stream().map(target -> new Target(TargetType.SPAN, target.traceId(),
                target.type() == TargetType.TRACE ? null : target.spanId(), null, null, null, null)).toList();
        Map<String, Span> byId = new HashMap<>();
        Map<String, Span> roots = new HashMap<>();
        for (Span span : traces.spansById(viewer(projectId), keys)) {
            byId.put(span.traceId() + "/" + span.spanId(), span);
            if (span.parentSpanId() == null) {
                roots.put(span.traceId(), span);
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            Target key = keys.get(i);
            Span span = key.spanId() == null ? roots.get(key.traceId()) : byId.get(key.traceId() + "/" + key.spanId());
            if (span != null) {
                contents.put(targets.get(i), new SpanContent(span.traceId(), span.spanId(), span.serviceName(),
                        span.name(), LlmExtractor.extract(span.attributes(), span.events()).orElse(null),
                        span.attributes()));
            }
        }
        return contents;
    }

    /** A span as a SPAN target, with when it started (nanoseconds since the epoch). */
    public record TimedSpan(Target target, long startNanos) {
    }

    /**
     * Up to {@code limit} spans matching the filter, earliest first by (start, span id): what a standing rule
     * reads after its cursor (the filter's {@code from}).
     */
    public List<TimedSpan> matchingSpansInOrder(UUID projectId, SpanFilter filter, int limit) {
        return traces.matchingSpansInOrder(viewer(projectId), filter, limit);
    }

    private Viewer viewer(UUID projectId) {
        return new Viewer(projectId, projects.spanVisibility(projectId));
    }
}
