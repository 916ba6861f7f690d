package dev.annotations.api.trace;

import dev.annotations.api.score.ScoreView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arranges a trace's spans as a tree. Roots are spans without a parent and spans whose parent is not in
 * the trace (not exported, or past the span cap); siblings are ordered by start. Stored data may be odd and
 * the tree still comes out whole: a span exported twice appears once, spans in a parent cycle become roots,
 * and a chain deeper than {@link #MAX_DEPTH} continues as a new root (its {@code parentSpanId} still names
 * its parent), keeping the JSON within the nesting limits of parsers (Jackson's default is 1 000 levels).
 */
final class TraceTree {
    /** Deepest nesting of spans in the answer. */
    static final int MAX_DEPTH = 200;
    private static final Comparator<Span> BY_START = Comparator.comparing(Span::start).thenComparing(Span::spanId);

    private final Map<String, List<Span>> children = new HashMap<>();
    private final Map<String, List<ScoreView>> scoresBySpan;
    private final Set<String> placed = new HashSet<>();
    private final List<Span> pendingRoots = new ArrayList<>();

    private TraceTree(Map<String, List<ScoreView>> scoresBySpan) {
        this.scoresBySpan = scoresBySpan;
    }

    /** The root nodes, by start. {@code scoresBySpan} holds each span's scores, keyed by span id. */
    static List<SpanNode> build(List<Span> spans, Map<String, List<ScoreView>> scoresBySpan) {
        Map<String, Span> byId = new LinkedHashMap<>();
        spans.stream().sorted(BY_START).forEach(span -> byId.putIfAbsent(span.spanId(), span));
        TraceTree tree = new TraceTree(scoresBySpan);
        for (Span span : byId.values()) {
            String parent = span.parentSpanId();
            if (parent == null || parent.equals(span.spanId()) || !byId.containsKey(parent)) {
                tree.pendingRoots.add(span);
            } else {
                tree.children.computeIfAbsent(parent, id -> new ArrayList<>()).add(span);
            }
        }
        List<SpanNode> roots = new ArrayList<>();
        tree.drainRoots(roots);
        for (Span span : byId.values()) {
            // still unplaced: every ancestor is a descendant too (a parent cycle)
            if (!tree.placed.contains(span.spanId())) {
                tree.pendingRoots.add(span);
                tree.drainRoots(roots);
            }
        }
        roots.sort(Comparator.comparing(SpanNode::span, BY_START));
        return roots;
    }

    private void drainRoots(List<SpanNode> roots) {
        while (!pendingRoots.isEmpty()) {
            roots.add(node(pendingRoots.removeFirst(), 1));
        }
    }

    private SpanNode node(Span span, int depth) {
        placed.add(span.spanId());
        List<SpanNode> nested = new ArrayList<>();
        for (Span child : children.getOrDefault(span.spanId(), List.of())) {
            if (placed.contains(child.spanId())) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                placed.add(child.spanId());
                pendingRoots.add(child);
            } else {
                nested.add(node(child, depth + 1));
            }
        }
        return new SpanNode(span, LlmExtractor.extract(span.attributes(), span.events()).orElse(null),
                scoresBySpan.getOrDefault(span.spanId(), List.of()), nested);
    }
}
