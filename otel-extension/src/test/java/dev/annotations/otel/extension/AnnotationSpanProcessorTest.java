package dev.annotations.otel.extension;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor in a real SDK tracer: what spans look like when they are exported. */
class AnnotationSpanProcessorTest {
    private static final AttributeKey<Boolean> CANDIDATE = AttributeKey.booleanKey("annotation.candidate");
    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("annotation.queue");
    private static final String RULES = """
            - name: chat
              match: {kind: CLIENT, attributes: {gen_ai.operation.name: chat}}
              queue: chat-review
              setAttributes: {review.reason: every-chat}
            - name: slow-tokens
              match: {attributes: {gen_ai.usage.output_tokens: 4096}}
              queue: long-answers
            - name: any-tool
              match: {spanName: "execute_tool *", attributesExist: [gen_ai.tool.name]}
              queue: tools
            - name: routes
              match: {kind: SERVER, spanNameRegex: "POST /(chat|answer)"}
              queue: http
            """;

    @Test
    void a_span_matching_a_rule_is_tagged_with_its_queue_and_extra_attributes() {
        try (Spans spans = new Spans(processor(RULES))) {
            spans.tracer().spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat").startSpan().end();

            assertThat(spans.only().getAttributes().asMap()).isEqualTo(Attributes.builder()
                    .put("gen_ai.operation.name", "chat").put(CANDIDATE, true).put(QUEUE, "chat-review")
                    .put("review.reason", "every-chat").build().asMap());
        }
    }

    @Test
    void spans_that_match_no_rule_are_left_alone() {
        try (Spans spans = new Spans(processor(RULES))) {
            Tracer tracer = spans.tracer();
            tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.SERVER).setAttribute("gen_ai.operation.name", "chat")
                    .startSpan().end();
            tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT).setAttribute("gen_ai.operation.name", "embeddings")
                    .startSpan().end();
            tracer.spanBuilder("execute_tool search").startSpan().end();
            tracer.spanBuilder("POST /chats").setSpanKind(SpanKind.SERVER).startSpan().end();

            assertThat(spans.finished()).hasSize(4).allSatisfy(span -> assertThat(span.getAttributes().get(CANDIDATE)).isNull());
        }
    }

    @Test
    void rules_see_the_final_name_and_attributes_set_after_start() {
        try (Spans spans = new Spans(processor(RULES))) {
            Span server = spans.tracer().spanBuilder("POST").setSpanKind(SpanKind.SERVER).startSpan();
            server.updateName("POST /answer");
            server.end();
            Span tool = spans.tracer().spanBuilder("execute_tool search").startSpan();
            tool.setAttribute("gen_ai.tool.name", "search");
            tool.end();

            assertThat(spans.finished()).extracting(span -> span.getAttributes().get(QUEUE)).containsExactly("http", "tools");
        }
    }

    @Test
    void typed_attribute_values_match_the_rule_text() {
        try (Spans spans = new Spans(processor(RULES))) {
            spans.tracer().spanBuilder("chat").setAttribute("gen_ai.usage.output_tokens", 4096L).startSpan().end();
            spans.tracer().spanBuilder("chat").setAttribute("gen_ai.usage.output_tokens", "4096").startSpan().end();
            spans.tracer().spanBuilder("chat").setAttribute("gen_ai.usage.output_tokens", 4095L).startSpan().end();

            assertThat(spans.finished()).extracting(span -> span.getAttributes().get(QUEUE))
                    .containsExactly("long-answers", "long-answers", null);
        }
    }

    @Test
    void the_first_matching_rule_decides_even_when_its_rate_does_not_select_the_trace() {
        String rules = """
                - {name: never, match: {spanName: "chat*"}, sampleRate: 0, queue: first}
                - {name: always, queue: second}
                """;
        try (Spans spans = new Spans(processor(rules))) {
            spans.tracer().spanBuilder("chat").startSpan().end();
            spans.tracer().spanBuilder("other").startSpan().end();

            assertThat(spans.finished()).extracting(span -> span.getAttributes().get(QUEUE)).containsExactly(null, "second");
        }
    }

    @Test
    void every_span_of_a_trace_gets_the_same_sampling_decision() {
        try (Spans spans = new Spans(processor("[{name: half, sampleRate: 0.5, queue: q}]"))) {
            Tracer tracer = spans.tracer();
            for (int trace = 0; trace < 200; trace++) {
                Span root = tracer.spanBuilder("root").startSpan();
                try (Scope ignored = root.makeCurrent()) {
                    tracer.spanBuilder("child-1").startSpan().end();
                    tracer.spanBuilder("child-2").startSpan().end();
                }
                root.end();
            }
            java.util.Map<String, java.util.Set<Object>> decisions = new java.util.HashMap<>();
            for (SpanData span : spans.finished()) {
                decisions.computeIfAbsent(span.getTraceId(), id -> new java.util.HashSet<>())
                        .add(String.valueOf(span.getAttributes().get(CANDIDATE)));
            }
            assertThat(decisions.values()).allSatisfy(set -> assertThat(set).hasSize(1));
            long selected = decisions.values().stream().filter(set -> set.contains("true")).count();
            assertThat(selected).as("about half of 200 traces").isBetween(60L, 140L);
        }
    }

    @Test
    void baggage_entries_are_copied_onto_spans_without_overwriting_their_own_attributes() {
        AnnotationSpanProcessor processor = new AnnotationSpanProcessor(List.of(), List.of("session.id", "user.id", "tenant"));
        try (Spans spans = new Spans(processor)) {
            Baggage baggage = Baggage.builder().put("session.id", "s-1").put("user.id", "u-1").put("other", "x").build();
            try (Scope ignored = Context.current().with(baggage).makeCurrent()) {
                spans.tracer().spanBuilder("a").startSpan().end();
                spans.tracer().spanBuilder("b").setAttribute("user.id", "explicit").startSpan().end();
            }
            spans.tracer().spanBuilder("no-baggage").startSpan().end();

            assertThat(spans.finished().get(0).getAttributes().asMap())
                    .isEqualTo(Attributes.builder().put("session.id", "s-1").put("user.id", "u-1").build().asMap());
            assertThat(spans.finished().get(1).getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("explicit");
            assertThat(spans.finished().get(2).getAttributes().isEmpty()).isTrue();
        }
    }

    @Test
    void the_processor_asks_only_for_the_callbacks_it_needs() {
        AnnotationSpanProcessor rulesOnly = new AnnotationSpanProcessor(rules("[{name: r}]"), List.of());
        AnnotationSpanProcessor baggageOnly = new AnnotationSpanProcessor(List.of(), List.of("user.id"));

        assertThat(rulesOnly.isStartRequired()).isFalse();
        assertThat(rulesOnly.isOnEndingRequired()).isTrue();
        assertThat(baggageOnly.isStartRequired()).isTrue();
        assertThat(baggageOnly.isOnEndingRequired()).isFalse();
        assertThat(rulesOnly.isEndRequired()).isFalse();
    }

    @Test
    void a_wrapped_processor_gets_the_callbacks_it_asks_for_after_the_work_and_sees_its_result() {
        Recorder everything = new Recorder(true, true, true);
        Recorder nothing = new Recorder(false, false, false);
        AnnotationSpanProcessor processor = new AnnotationSpanProcessor(rules("[{name: all, queue: q}]"), List.of("user.id"));
        try (Spans first = new Spans(processor.wrapping(everything)); Spans second = new Spans(processor.wrapping(nothing))) {
            try (Scope ignored = Context.root().with(Baggage.builder().put("user.id", "u-1").build()).makeCurrent()) {
                first.tracer().spanBuilder("a").startSpan().end();
                second.tracer().spanBuilder("a").startSpan().end();
            }
            assertThat(first.only().getAttributes().get(QUEUE)).isEqualTo("q");
            assertThat(second.only().getAttributes().get(QUEUE)).isEqualTo("q");
            first.provider.forceFlush();
        }
        assertThat(everything.calls).containsExactly("onStart user.id=u-1", "onEnding queue=q", "onEnd");
        assertThat(nothing.calls).isEmpty();
        assertThat(everything.flushes).as("forceFlush and shutdown are passed on").isEqualTo(2);
    }

    @Test
    void baggage_holding_only_a_later_key_is_copied_and_baggage_without_any_key_leaves_the_span_alone() {
        AnnotationSpanProcessor processor = new AnnotationSpanProcessor(List.of(), List.of("session.id", "user.id", "tenant"));
        try (Spans spans = new Spans(processor)) {
            try (Scope ignored = Context.root().with(Baggage.builder().put("tenant", "t-1").build()).makeCurrent()) {
                spans.tracer().spanBuilder("later-key").startSpan().end();
            }
            try (Scope ignored = Context.root().with(Baggage.builder().put("other", "x").build()).makeCurrent()) {
                spans.tracer().spanBuilder("no-key").startSpan().end();
            }
            assertThat(spans.finished().get(0).getAttributes().asMap())
                    .isEqualTo(Attributes.builder().put("tenant", "t-1").build().asMap());
            assertThat(spans.finished().get(1).getAttributes().isEmpty()).isTrue();
        }
    }

    /** A span the SDK did not make has no known lock (SpanMonitor): the processor makes the same calls, each locking on its own. */
    @Test
    void a_span_of_another_class_gets_baggage_and_tags_alike() {
        AnnotationSpanProcessor processor = new AnnotationSpanProcessor(rules(RULES), List.of("session.id"));
        try (Spans spans = new Spans(new AnnotationSpanProcessor(List.of(), List.of()))) {
            ReadWriteSpan real = (ReadWriteSpan) spans.tracer().spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat").startSpan();
            List<String> calls = new ArrayList<>();
            ReadWriteSpan proxy = recording(real, calls);
            assertThat(SpanMonitor.of(proxy)).isNull();

            processor.onStart(Context.root().with(Baggage.builder().put("session.id", "s-1").build()), proxy);
            processor.onEnding(proxy);
            real.end();

            assertThat(spans.only().getAttributes().asMap()).isEqualTo(Attributes.builder()
                    .put("gen_ai.operation.name", "chat").put("session.id", "s-1").put(CANDIDATE, true)
                    .put(QUEUE, "chat-review").put("review.reason", "every-chat").build().asMap());
            assertThat(calls).contains("getAttribute", "setAttribute");
        }
    }

    @Test
    void spans_of_a_kind_no_rule_applies_to_are_not_read_at_all() {
        AnnotationSpanProcessor processor = processor("[{name: clients, match: {kind: CLIENT}, queue: q}]");
        try (Spans spans = new Spans(new AnnotationSpanProcessor(List.of(), List.of()))) {
            ReadWriteSpan server = (ReadWriteSpan) spans.tracer().spanBuilder("GET /").setSpanKind(SpanKind.SERVER).startSpan();
            ReadWriteSpan client = (ReadWriteSpan) spans.tracer().spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan();
            List<String> serverCalls = new ArrayList<>();
            List<String> clientCalls = new ArrayList<>();

            processor.onEnding(recording(server, serverCalls));
            processor.onEnding(recording(client, clientCalls));

            assertThat(serverCalls).containsExactly("getKind");
            assertThat(server.getAttribute(QUEUE)).isNull();
            assertThat(client.getAttribute(QUEUE)).isEqualTo("q");
            server.end();
            client.end();
        }
    }

    /** The span behind a proxy that records the names of the methods called. */
    private static ReadWriteSpan recording(ReadWriteSpan span, List<String> calls) {
        return (ReadWriteSpan) java.lang.reflect.Proxy.newProxyInstance(ReadWriteSpan.class.getClassLoader(),
                new Class<?>[]{ReadWriteSpan.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(span, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A processor behind ours that records what it is called with. */
    private static final class Recorder implements io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor {
        final List<String> calls = new ArrayList<>();
        final boolean start;
        final boolean ending;
        final boolean end;
        int flushes;

        Recorder(boolean start, boolean ending, boolean end) {
            this.start = start;
            this.ending = ending;
            this.end = end;
        }

        @Override
        public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
            calls.add("onStart user.id=" + span.getAttribute(AttributeKey.stringKey("user.id")));
        }

        @Override
        public boolean isStartRequired() {
            return start;
        }

        @Override
        public void onEnding(io.opentelemetry.sdk.trace.ReadWriteSpan span) {
            calls.add("onEnding queue=" + span.getAttribute(QUEUE));
        }

        @Override
        public boolean isOnEndingRequired() {
            return ending;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
            calls.add("onEnd");
        }

        @Override
        public boolean isEndRequired() {
            return end;
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode forceFlush() {
            flushes++;
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            flushes++;
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }
    }

    private static AnnotationSpanProcessor processor(String rules) {
        return new AnnotationSpanProcessor(rules(rules), List.of());
    }

    static List<AnnotationRule> rules(String text) {
        List<String> problems = new ArrayList<>();
        List<AnnotationRule> rules = new RuleSource(problems::add).inline(text, "test")
                .map(tree -> new RuleParser("checkout", problems::add).parse(tree, "test")).orElse(List.of());
        assertThat(problems).isEmpty();
        return rules;
    }
}
