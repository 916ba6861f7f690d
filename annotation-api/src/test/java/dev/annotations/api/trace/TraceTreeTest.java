package dev.annotations.api.trace;

import dev.annotations.api.score.ScoreView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTreeTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static Span span(String id, String parent, long startNanos) {
        return new Span("t", id, parent, "svc", "span " + id, "Internal", T0.plusNanos(startNanos), 1,
                new Span.Status("Unset", null), null, new Span.Scope(null, null), Map.of(), Map.of(), List.of(), List.of());
    }

    private static List<String> ids(List<SpanNode> nodes) {
        return nodes.stream().map(node -> node.span().spanId()).toList();
    }

    private static int depth(SpanNode node) {
        int depth = 1;
        while (!node.children().isEmpty()) {
            node = node.children().getFirst();
            depth++;
        }
        return depth;
    }

    @Test
    void children_nest_under_their_parent_ordered_by_start() {
        List<SpanNode> roots = TraceTree.build(List.of(
                span("c", "a", 30), span("b", "a", 20), span("a", null, 0), span("d", "b", 25), span("e", "b", 21)), Map.of());

        assertThat(ids(roots)).containsExactly("a");
        assertThat(ids(roots.getFirst().children())).containsExactly("b", "c");
        assertThat(ids(roots.getFirst().children().getFirst().children())).containsExactly("e", "d");
    }

    @Test
    void spans_whose_parent_is_missing_are_roots_among_the_others_by_start() {
        List<SpanNode> roots = TraceTree.build(List.of(
                span("late-orphan", "gone", 50), span("root", null, 10), span("early-orphan", "gone", 5),
                span("child", "late-orphan", 60)), Map.of());

        assertThat(ids(roots)).containsExactly("early-orphan", "root", "late-orphan");
        assertThat(ids(roots.get(2).children())).containsExactly("child");
    }

    @Test
    void siblings_starting_together_are_ordered_by_span_id() {
        List<SpanNode> roots = TraceTree.build(List.of(span("b", null, 0), span("a", null, 0)), Map.of());

        assertThat(ids(roots)).containsExactly("a", "b");
    }

    @Test
    void a_span_exported_twice_appears_once() {
        List<SpanNode> roots = TraceTree.build(List.of(span("a", null, 0), span("b", "a", 1), span("b", "a", 1)), Map.of());

        assertThat(ids(roots.getFirst().children())).containsExactly("b");
    }

    @Test
    void spans_in_a_parent_cycle_and_a_span_its_own_parent_are_still_shown() {
        List<SpanNode> roots = TraceTree.build(List.of(span("x", "y", 0), span("y", "x", 1), span("self", "self", 2)), Map.of());

        assertThat(ids(roots)).containsExactly("x", "self");
        assertThat(ids(roots.getFirst().children())).containsExactly("y");
        assertThat(roots.getFirst().children().getFirst().children()).isEmpty();
    }

    @Test
    void a_chain_deeper_than_the_limit_continues_as_a_new_root() {
        List<Span> chain = new ArrayList<>();
        int length = TraceTree.MAX_DEPTH + 5;
        for (int i = 0; i < length; i++) {
            chain.add(span("s" + i, i == 0 ? null : "s" + (i - 1), i));
        }

        List<SpanNode> roots = TraceTree.build(chain, Map.of());

        assertThat(ids(roots)).containsExactly("s0", "s" + TraceTree.MAX_DEPTH);
        assertThat(depth(roots.getFirst())).isEqualTo(TraceTree.MAX_DEPTH);
        assertThat(depth(roots.get(1))).isEqualTo(5);
        assertThat(roots.get(1).span().parentSpanId()).isEqualTo("s" + (TraceTree.MAX_DEPTH - 1));
    }

    @Test
    void each_span_gets_its_own_scores_and_llm_view() {
        ScoreView score = new ScoreView(null, null, "helpfulness", null, 4.0, null, null, null, null, null, null, null,
                null, "a", T0, T0, T0, 1, "a", false);
        Span model = new Span("t", "m", "a", "svc", "chat", "Client", T0.plusNanos(1), 1, new Span.Status("Unset", null),
                null, new Span.Scope(null, null), Map.of("gen_ai.request.model", "gpt-4o"), Map.of(), List.of(), List.of());

        List<SpanNode> roots = TraceTree.build(List.of(span("a", null, 0), model), Map.of("m", List.of(score)));

        SpanNode root = roots.getFirst();
        assertThat(root.scores()).isEmpty();
        assertThat(root.llm()).isNull();
        assertThat(root.children().getFirst().scores()).containsExactly(score);
        assertThat(root.children().getFirst().llm().requestModel()).isEqualTo("gpt-4o");
    }
}
