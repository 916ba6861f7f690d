package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the exporter behind the tagging one receives: the batches, their spans and the tagged spans' attributes. */
class TaggingSpanExporterTest {
    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("annotation.queue");
    private static final String RULES = """
            - {name: chat, match: {attributes: {gen_ai.operation.name: chat}}, queue: chat-review, setAttributes: {review.reason: every-chat}}
            """;

    @Test
    void a_batch_without_a_tagged_span_is_handed_on_as_it_came_and_a_tagged_one_keeps_its_order() {
        Batches next = new Batches();
        TaggingSpanExporter exporter = new TaggingSpanExporter(next, AnnotationSpanProcessorTest.rules(RULES));
        List<SpanData> untagged = List.of(span("a", "embeddings"), span("b", "embeddings"));
        List<SpanData> mixed = List.of(span("c", "embeddings"), span("d", "chat"), span("e", "embeddings"));

        exporter.export(untagged);
        exporter.export(mixed);

        assertThat(next.batches.get(0)).isSameAs(untagged);
        List<SpanData> handed = List.copyOf(next.batches.get(1));
        assertThat(handed).extracting(SpanData::getName).containsExactly("c", "d", "e");
        assertThat(handed.get(0)).isSameAs(mixed.get(0));
        assertThat(handed.get(2)).isSameAs(mixed.get(2));
        assertThat(handed.get(1).getAttributes().get(QUEUE)).isEqualTo("chat-review");
        assertThat(handed.get(1).getSpanContext()).isEqualTo(mixed.get(1).getSpanContext());
    }

    @Test
    void a_tagged_span_keeps_its_own_attributes_and_its_dropped_count_and_the_rule_replaces_its_keys() {
        Batches next = new Batches();
        // a limit of 3 attributes: the span sets 4, so one is dropped by the SDK before the exporter sees it
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSpanLimits(SpanLimits.builder().setMaxNumberOfAttributes(3).build())
                .addSpanProcessor(SimpleSpanProcessor.create(
                        new TaggingSpanExporter(next, AnnotationSpanProcessorTest.rules(RULES)))).build();
        provider.get("test").spanBuilder("chat").setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("review.reason", "own").setAttribute("tenant", "a").setAttribute("late", "dropped")
                .startSpan().end();
        provider.close();

        SpanData span = next.batches.get(0).iterator().next();
        assertThat(span.getAttributes().asMap()).isEqualTo(Attributes.builder().put("gen_ai.operation.name", "chat")
                .put("review.reason", "every-chat").put("tenant", "a").put("annotation.candidate", true)
                .put(QUEUE, "chat-review").build().asMap());
        // 4 recorded + 2 added (review.reason was replaced): 6 in all, 5 kept, 1 dropped as before
        assertThat(span.getTotalAttributeCount()).isEqualTo(6);
    }

    @Test
    void a_span_that_fails_to_be_read_goes_on_untagged_and_the_failure_is_logged_once() {
        Batches next = new Batches();
        TaggingSpanExporter exporter = new TaggingSpanExporter(next, AnnotationSpanProcessorTest.rules(RULES));
        SpanData broken = new DelegatingSpanData(span("broken", "chat")) {
            @Override
            public Attributes getAttributes() {
                throw new IllegalStateException("unreadable");
            }
        };
        try (LogCapture log = new LogCapture()) {
            exporter.export(List.of(broken, span("fine", "chat")));
            exporter.export(List.of(broken));

            assertThat(next.batches.get(0)).extracting(SpanData::getName).containsExactly("broken", "fine");
            assertThat(next.batches.get(0)).element(0).isSameAs(broken);
            assertThat(List.copyOf(next.batches.get(0)).get(1).getAttributes().get(QUEUE)).isEqualTo("chat-review");
            assertThat(log.warnings()).singleElement().asString().contains("span tagging failed").contains("unreadable");
        }
    }

    @Test
    void flush_and_shutdown_reach_the_exporter_behind() {
        Batches next = new Batches();
        TaggingSpanExporter exporter = new TaggingSpanExporter(next, AnnotationSpanProcessorTest.rules(RULES));

        assertThat(exporter.flush().isSuccess()).isTrue();
        assertThat(exporter.shutdown().isSuccess()).isTrue();
        assertThat(next.calls).containsExactly("flush", "shutdown");
        assertThat(exporter).hasToString("TaggingSpanExporter{rules=1, next=Batches}");
    }

    /** An ended span of this name whose gen_ai.operation.name is {@code operation}. */
    private static SpanData span(String name, String operation) {
        Batches out = new Batches();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(out)).build()) {
            provider.get("test").spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", operation).startSpan().end();
        }
        return out.batches.get(0).iterator().next();
    }

    /** Keeps every batch as it was handed over. */
    private static final class Batches implements SpanExporter {
        final List<Collection<SpanData>> batches = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            batches.add(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            calls.add("flush");
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            calls.add("shutdown");
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public String toString() {
            return "Batches";
        }
    }
}
