package dev.annotations.otel.extension;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.javaagent.bootstrap.http.HttpServerResponseMutator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TraceResponseCustomizerTest {
    private static final SpanContext SAMPLED = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** A response is a list of "name: value" lines here; the agent passes Jetty's, Tomcat's, ... objects. */
    private static final HttpServerResponseMutator<List<String>> MUTATOR =
            (response, name, value) -> response.add(name + ": " + value);

    @AfterEach
    void reset() {
        TraceResponseHeaders.configure(TraceResponseHeaders.DEFAULTS);
    }

    @Test
    void by_default_the_server_span_is_returned_in_server_timing_readable_by_browsers() {
        assertThat(customize(new TraceResponseCustomizer(), SAMPLED)).containsExactly(
                "Server-Timing: trace;desc=" + TRACEPARENT,
                "Access-Control-Expose-Headers: Server-Timing");
    }

    @Test
    void traceresponse_can_be_added_and_the_expose_header_left_out() {
        assertThat(customize(new TraceResponseCustomizer(new TraceResponseHeaders(true, true, true)), SAMPLED)).containsExactly(
                "Server-Timing: trace;desc=" + TRACEPARENT,
                "traceresponse: " + TRACEPARENT,
                "Access-Control-Expose-Headers: Server-Timing, traceresponse");
        assertThat(customize(new TraceResponseCustomizer(new TraceResponseHeaders(false, true, false)), SAMPLED))
                .containsExactly("traceresponse: " + TRACEPARENT);
    }

    @Test
    void an_unsampled_span_reports_its_flags() {
        SpanContext unsampled = SpanContext.create(SAMPLED.getTraceId(), SAMPLED.getSpanId(), TraceFlags.getDefault(),
                TraceState.getDefault());
        assertThat(customize(new TraceResponseCustomizer(), unsampled)).first().asString().endsWith("-00");
    }

    @Test
    void nothing_is_added_without_a_span_or_when_switched_off() {
        assertThat(customize(new TraceResponseCustomizer(), SpanContext.getInvalid())).isEmpty();
        TraceResponseHeaders.configure(TraceResponseHeaders.NONE);
        assertThat(customize(new TraceResponseCustomizer(), SAMPLED)).as("the published settings are read").isEmpty();
    }

    @Test
    void a_failing_response_never_fails_the_request() {
        HttpServerResponseMutator<List<String>> broken = (response, name, value) -> {
            throw new IllegalStateException("response already committed");
        };
        assertThatCode(() -> new TraceResponseCustomizer().customize(Context.root().with(Span.wrap(SAMPLED)),
                new ArrayList<>(), broken)).doesNotThrowAnyException();
    }

    private static List<String> customize(TraceResponseCustomizer customizer, SpanContext span) {
        List<String> response = new ArrayList<>();
        customizer.customize(Context.root().with(Span.wrap(span)), response, MUTATOR);
        return response;
    }
}
