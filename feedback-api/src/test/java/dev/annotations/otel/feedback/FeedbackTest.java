package dev.annotations.otel.feedback;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Feedback recorded through the real SDK, read back from an in-memory log exporter. */
class FeedbackTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
            .build();

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void feedback_on_the_current_span_is_an_evaluation_event_parented_to_it() {
        Span span = sdk.getTracer("app").spanBuilder("chat").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Feedback.forCurrentSpan().using(sdk).score("helpfulness", 1.0).label("good").comment("solved it")
                    .userId("user-42").sessionId("session-7").responseId("chatcmpl-1").emit();
        } finally {
            span.end();
        }

        LogRecordData record = onlyRecord();
        assertThat(record.getEventName()).isEqualTo("gen_ai.evaluation.result");
        assertThat(record.getSpanContext()).isEqualTo(span.getSpanContext());
        assertThat(record.getSeverity()).isEqualTo(Severity.INFO);
        assertThat(record.getTimestampEpochNanos()).isPositive();
        assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo("dev.annotations.otel.feedback");
        assertThat(record.getAttributes()).isEqualTo(Attributes.builder()
                .put("event.name", "gen_ai.evaluation.result")
                .put("gen_ai.evaluation.name", "helpfulness")
                .put(AttributeKey.doubleKey("gen_ai.evaluation.score.value"), 1.0)
                .put("gen_ai.evaluation.score.label", "good")
                .put("gen_ai.evaluation.explanation", "solved it")
                .put("annotation.score.source", "FEEDBACK")
                .put("user.id", "user-42")
                .put("session.id", "session-7")
                .put("gen_ai.response.id", "chatcmpl-1")
                .build());
    }

    @Test
    void feedback_arriving_later_names_its_span_by_the_returned_trace_context() {
        Feedback.forSpanContext("00-" + TRACE + "-" + SPAN + "-01").using(sdk).label("verdict", "bad").emit();

        LogRecordData record = onlyRecord();
        assertThat(record.getSpanContext().getTraceId()).isEqualTo(TRACE);
        assertThat(record.getSpanContext().getSpanId()).isEqualTo(SPAN);
        assertThat(record.getSpanContext().getTraceFlags().isSampled()).isTrue();
        assertThat(record.getAttributes().get(AttributeKey.stringKey("gen_ai.evaluation.score.label"))).isEqualTo("bad");
        assertThat(record.getAttributes().get(AttributeKey.doubleKey("gen_ai.evaluation.score.value")))
                .as("a label alone carries no number").isNull();
    }

    @Test
    void an_unsampled_trace_context_keeps_its_flags() {
        Feedback.forSpanContext(" 00-" + TRACE + "-" + SPAN + "-00 ").using(sdk).score("thumbs", 0).emit();

        assertThat(onlyRecord().getSpanContext().getTraceFlags().isSampled()).isFalse();
    }

    @Test
    void feedback_outside_any_span_has_no_parent() {
        Feedback.forCurrentSpan().using(sdk).score("csat", 4).sessionId("session-9").emit();

        assertThat(onlyRecord().getSpanContext().isValid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    void a_malformed_trace_context_is_refused_at_the_call_site(String value) {
        assertThatThrownBy(() -> Feedback.forSpanContext(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid trace context");
    }

    @Test
    void invalid_arguments_are_refused_at_the_call_site() {
        FeedbackTarget target = Feedback.forSpanContext("00-" + TRACE + "-" + SPAN + "-01");
        assertThatThrownBy(() -> Feedback.forSpanContext((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Feedback.forSpanContext(Span.getInvalid().getSpanContext()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.score("helpfulness", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> target.score("helpfulness", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.score("", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be null or blank");
        assertThatThrownBy(() -> target.score(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.label("verdict", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.score("thumbs", 1).comment("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.score("thumbs", 1).userId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> target.using(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();
    }

    @Test
    void without_an_sdk_or_agent_feedback_is_a_no_op() {
        assertThatCode(() -> Feedback.score("thumbs", 1).label("good").emit()).doesNotThrowAnyException();
        assertThatCode(() -> Feedback.forSpanContext("00-" + TRACE + "-" + SPAN + "-01").score("thumbs", 1).emit())
                .doesNotThrowAnyException();
        assertThat(logs.getFinishedLogRecordItems()).as("the global instance is not this test's SDK").isEmpty();
    }

    @Test
    void a_failing_pipeline_never_fails_the_caller() {
        OpenTelemetry broken = new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return TracerProvider.noop();
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }

            @Override
            public LoggerProvider getLogsBridge() {
                throw new IllegalStateException("exporter misconfigured");
            }
        };

        assertThatCode(() -> Feedback.forCurrentSpan().using(broken).score("thumbs", 1).emit())
                .doesNotThrowAnyException();
    }

    private LogRecordData onlyRecord() {
        List<LogRecordData> records = logs.getFinishedLogRecordItems();
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
