package dev.annotations.otel.feedback;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;

/** The span a judgement is about, and the OpenTelemetry instance that records it. Immutable. */
public final class FeedbackTarget {
    private final SpanContext spanContext;
    /** null: {@code GlobalOpenTelemetry}, looked up at emit time so the agent's instance is found. */
    private final OpenTelemetry openTelemetry;

    FeedbackTarget(SpanContext spanContext, OpenTelemetry openTelemetry) {
        this.spanContext = spanContext;
        this.openTelemetry = openTelemetry;
    }

    /** The same target, recorded through {@code openTelemetry} instead of the global instance. */
    public FeedbackTarget using(OpenTelemetry openTelemetry) {
        if (openTelemetry == null) {
            throw new IllegalArgumentException("openTelemetry must not be null");
        }
        return new FeedbackTarget(spanContext, openTelemetry);
    }

    /** The judged span; invalid when feedback was taken for the current span and there was none. */
    public SpanContext spanContext() {
        return spanContext;
    }

    /**
     * A numeric judgement.
     *
     * @throws IllegalArgumentException for a null or blank name, or a value that is NaN or infinite
     */
    public FeedbackEvent score(String name, double value) {
        FeedbackEvent.checkName(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value of '" + name + "' must be a finite number, was " + value);
        }
        return new FeedbackEvent(spanContext, openTelemetry, name, value, null);
    }

    /**
     * A categorical judgement without a number.
     *
     * @throws IllegalArgumentException for a null or blank name or label
     */
    public FeedbackEvent label(String name, String label) {
        FeedbackEvent.checkName(name);
        return new FeedbackEvent(spanContext, openTelemetry, name, null, FeedbackEvent.checkText("label", label));
    }
}
