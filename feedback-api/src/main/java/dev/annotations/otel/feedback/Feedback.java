package dev.annotations.otel.feedback;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * End-user feedback on a span, recorded as an OpenTelemetry GenAI {@code gen_ai.evaluation.result} event
 * parented to that span. The event travels through the app's normal OTLP log pipeline (the Java agent, or
 * any SDK registered as global) and annotation-api turns it into a {@code FEEDBACK} score on the span.
 *
 * <pre>{@code
 * // inside the request that produced the answer
 * Feedback.score("helpfulness", 1.0).label("good").comment("solved it").userId(user).emit();
 *
 * // later, from a browser that kept the server-timing "trace" value of the answer
 * Feedback.forSpanContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
 *         .score("thumbs", 0).userId(user).emit();
 * }</pre>
 *
 * <p>Arguments are checked where they are given ({@link IllegalArgumentException}); {@code emit()} itself
 * never throws. With no OpenTelemetry SDK or agent present, everything is a no-op.
 */
public final class Feedback {
    private Feedback() {
    }

    /** A numeric judgement of the current span, e.g. {@code score("thumbs", 1)}. */
    public static FeedbackEvent score(String name, double value) {
        return forCurrentSpan().score(name, value);
    }

    /** A categorical judgement of the current span, e.g. {@code label("verdict", "good")}. */
    public static FeedbackEvent label(String name, String label) {
        return forCurrentSpan().label(name, label);
    }

    /**
     * Feedback on the span current on this thread. Without one (no agent, or outside a request) the event
     * has no parent: annotation-api then scores the session named with {@link FeedbackEvent#sessionId},
     * or lists the event under its evaluation rejections.
     */
    public static FeedbackTarget forCurrentSpan() {
        return new FeedbackTarget(Span.current().getSpanContext(), null);
    }

    /**
     * Feedback on the span named by a trace context as returned to clients:
     * {@code 00-<trace-id>-<span-id>-<flags>} (the {@code desc} of {@code server-timing: trace;desc=…}).
     *
     * @throws IllegalArgumentException when the value is not such a trace context
     */
    public static FeedbackTarget forSpanContext(String traceparent) {
        return new FeedbackTarget(TraceParent.parse(traceparent), null);
    }

    /**
     * Feedback on the span with this context.
     *
     * @throws IllegalArgumentException when the context is null or invalid
     */
    public static FeedbackTarget forSpanContext(SpanContext spanContext) {
        if (spanContext == null || !spanContext.isValid()) {
            throw new IllegalArgumentException("span context must be a valid one, was " + spanContext);
        }
        return new FeedbackTarget(spanContext, null);
    }
}
