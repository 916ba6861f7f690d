package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions a per-(kind, name) plan makes, which read each typed attribute once, are the decisions of
 * testing every rule in turn: what the processor did before plans, and what the README promises.
 */
class RuleIndexTest {
    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("annotation.queue");

    @Test
    void several_rules_on_one_attribute_each_get_the_spans_of_their_own_value() {
        String rules = """
                - {name: chat, match: {attributes: {gen_ai.operation.name: chat}}, queue: chat}
                - {name: agent, match: {attributes: {gen_ai.operation.name: invoke_agent}}, queue: agent}
                - {name: chat-gpt5, match: {attributes: {gen_ai.operation.name: chat, gen_ai.request.model: gpt-5}}, queue: never}
                - {name: retrieval, match: {kind: CLIENT, attributes: {gen_ai.operation.name: retrieval}}, queue: rag}
                """;
        try (Spans spans = new Spans(processor(rules))) {
            Tracer tracer = spans.tracer();
            for (String operation : List.of("chat", "invoke_agent", "retrieval", "embeddings")) {
                tracer.spanBuilder("op").setSpanKind(SpanKind.CLIENT).setAttribute("gen_ai.operation.name", operation)
                        .setAttribute("gen_ai.request.model", "gpt-5").startSpan().end();
            }
            tracer.spanBuilder("op").setSpanKind(SpanKind.SERVER).setAttribute("gen_ai.operation.name", "retrieval")
                    .startSpan().end();

            assertThat(queues(spans)).containsExactly("chat", "agent", "rag", null, null);
        }
    }

    @Test
    void a_value_test_and_an_existence_test_on_one_attribute_keep_their_order_and_types() {
        String rules = """
                - {name: exact, match: {attributes: {gen_ai.usage.output_tokens: 4096}}, queue: exact}
                - {name: any, match: {attributesExist: [gen_ai.usage.output_tokens]}, queue: any}
                """;
        try (Spans spans = new Spans(processor(rules))) {
            Tracer tracer = spans.tracer();
            tracer.spanBuilder("a").setAttribute("gen_ai.usage.output_tokens", 4096L).startSpan().end();
            tracer.spanBuilder("a").setAttribute("gen_ai.usage.output_tokens", 4096.0).startSpan().end();
            tracer.spanBuilder("a").setAttribute("gen_ai.usage.output_tokens", "4096").startSpan().end();
            tracer.spanBuilder("a").setAttribute("gen_ai.usage.output_tokens", 12L).startSpan().end();
            tracer.spanBuilder("a").setAttribute("gen_ai.usage.output_tokens", true).startSpan().end();
            tracer.spanBuilder("a").setAttribute("other", 4096L).startSpan().end();

            assertThat(queues(spans)).containsExactly("exact", "exact", "exact", "any", "any", null);
        }
    }

    @Test
    void a_span_name_decides_which_rules_remain_but_each_span_is_judged_on_its_own_attributes() {
        String rules = """
                - {name: health, match: {spanName: "GET /health"}, sampleRate: 0}
                - {name: chat-route, match: {kind: SERVER, spanNameRegex: "POST /(chat|answer)", attributes: {tenant: a}}, queue: route}
                - {name: tools, match: {spanName: "execute_tool *"}, queue: tools}
                - {name: tenant-a, match: {attributes: {tenant: a}}, queue: tenant}
                """;
        try (Spans spans = new Spans(processor(rules))) {
            Tracer tracer = spans.tracer();
            for (int round = 0; round < 2; round++) {
                tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).setAttribute("tenant", "a").startSpan().end();
                tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).setAttribute("tenant", "b").startSpan().end();
                tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.CLIENT).setAttribute("tenant", "a").startSpan().end();
                tracer.spanBuilder("GET /health").setSpanKind(SpanKind.SERVER).setAttribute("tenant", "a").startSpan().end();
                tracer.spanBuilder("execute_tool x").setAttribute("tenant", "a").startSpan().end();
                tracer.spanBuilder("POST /chats").setSpanKind(SpanKind.SERVER).setAttribute("tenant", "a").startSpan().end();
            }

            List<String> once = java.util.Arrays.asList("route", null, "tenant", null, "tools", "tenant");
            List<String> twice = new ArrayList<>(once);
            twice.addAll(once);
            assertThat(queues(spans)).containsExactlyElementsOf(twice);
        }
    }

    @Test
    void spans_of_names_beyond_the_cache_bound_are_decided_as_the_rules_say() {
        String rules = """
                - {name: orders, match: {spanName: "GET /orders/*", attributes: {tenant: a}}, queue: orders}
                - {name: rest, match: {kind: SERVER}, queue: rest}
                """;
        List<AnnotationRule> parsed = AnnotationSpanProcessorTest.rules(rules);
        RuleIndex index = new RuleIndex(parsed);
        try (Spans spans = new Spans(new AnnotationSpanProcessor(parsed, List.of()))) {
            Tracer tracer = spans.tracer();
            for (int i = 0; i < RuleIndex.MAX_NAMES_PER_KIND + 10; i++) {
                tracer.spanBuilder("GET /orders/" + i).setSpanKind(SpanKind.SERVER).setAttribute("tenant", i % 2 == 0 ? "a" : "b")
                        .startSpan().end();
            }
            List<String> expected = IntStream.range(0, RuleIndex.MAX_NAMES_PER_KIND + 10)
                    .mapToObj(i -> i % 2 == 0 ? "orders" : "rest").collect(Collectors.toList());
            assertThat(queues(spans)).containsExactlyElementsOf(expected);
        }
        // the bound holds on an index of its own, fed the same names
        try (Spans spans = new Spans(new IndexOnly(index))) {
            for (int i = 0; i < RuleIndex.MAX_NAMES_PER_KIND + 10; i++) {
                spans.tracer().spanBuilder("GET /orders/" + i).setSpanKind(SpanKind.SERVER).startSpan().end();
            }
        }
        assertThat(index.cachedNames(SpanKind.SERVER)).isEqualTo(RuleIndex.MAX_NAMES_PER_KIND);
    }

    @Test
    void rules_with_more_than_64_distinct_attributes_are_decided_one_by_one_and_alike() {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            // an existence test reads four typed keys: 80 in all, more than the bit sets hold
            rules.append("- {name: r").append(i).append(", match: {attributesExist: [k").append(i).append("]}, queue: q")
                    .append(i).append("}\n");
        }
        try (Spans spans = new Spans(processor(rules.toString()))) {
            spans.tracer().spanBuilder("a").setAttribute("k19", 1L).setAttribute("k7", "x").startSpan().end();
            spans.tracer().spanBuilder("a").setAttribute("k19", true).startSpan().end();
            spans.tracer().spanBuilder("a").setAttribute("k20", 1L).startSpan().end();

            assertThat(queues(spans)).containsExactly("q7", "q19", null);
        }
    }

    @Test
    void every_span_of_a_shape_whose_rules_all_sample_at_zero_is_left_alone() {
        String rules = """
                - {name: health, match: {spanName: ["GET /health", "GET /ready"]}, sampleRate: 0}
                - {name: quiet, match: {spanName: "GET /*", attributes: {x: y}}, sampleRate: 0}
                - {name: rest, queue: rest}
                """;
        try (Spans spans = new Spans(processor(rules))) {
            spans.tracer().spanBuilder("GET /health").startSpan().end();
            spans.tracer().spanBuilder("GET /other").setAttribute("x", "y").startSpan().end();
            spans.tracer().spanBuilder("GET /other").setAttribute("x", "z").startSpan().end();
            spans.tracer().spanBuilder("POST /other").startSpan().end();

            assertThat(queues(spans)).containsExactly(null, null, "rest", "rest");
        }
    }

    private static List<String> queues(Spans spans) {
        List<String> queues = new ArrayList<>();
        for (SpanData span : spans.finished()) {
            queues.add(span.getAttributes().get(QUEUE));
        }
        return queues;
    }

    private static AnnotationSpanProcessor processor(String rules) {
        return new AnnotationSpanProcessor(AnnotationSpanProcessorTest.rules(rules), List.of());
    }

    /** Drives one index with real spans, so its cache can be inspected. */
    private static final class IndexOnly implements io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor {
        private final RuleIndex index;

        IndexOnly(RuleIndex index) {
            this.index = index;
        }

        @Override
        public void onEnding(io.opentelemetry.sdk.trace.ReadWriteSpan span) {
            index.decide(span);
        }

        @Override
        public boolean isOnEndingRequired() {
            return true;
        }

        @Override
        public void onStart(io.opentelemetry.context.Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
