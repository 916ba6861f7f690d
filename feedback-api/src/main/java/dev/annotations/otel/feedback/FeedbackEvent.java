package dev.annotations.otel.feedback;

import dev.annotations.otel.AnnotationAttributes;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One judgement being built: optional label, comment and who gave it, then {@link #emit()}. Not thread-safe;
 * build and emit it on one thread, like the OpenTelemetry builders.
 */
public final class FeedbackEvent {
    /** Instrumentation scope of the records, so they can be told apart from the app's own logs. */
    static final String SCOPE = "dev.annotations.otel.feedback";
    private static final Logger LOG = Logger.getLogger(FeedbackEvent.class.getName());

    private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey(AnnotationAttributes.EVENT_NAME);
    private static final AttributeKey<String> NAME = AttributeKey.stringKey(AnnotationAttributes.EVALUATION_NAME);
    private static final AttributeKey<Double> VALUE = AttributeKey.doubleKey(AnnotationAttributes.EVALUATION_SCORE_VALUE);
    private static final AttributeKey<String> LABEL = AttributeKey.stringKey(AnnotationAttributes.EVALUATION_SCORE_LABEL);
    private static final AttributeKey<String> EXPLANATION = AttributeKey.stringKey(AnnotationAttributes.EVALUATION_EXPLANATION);
    private static final AttributeKey<String> SOURCE = AttributeKey.stringKey(AnnotationAttributes.SCORE_SOURCE);
    private static final AttributeKey<String> USER_ID = AttributeKey.stringKey(AnnotationAttributes.USER_ID);
    private static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey(AnnotationAttributes.SESSION_ID);
    private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey(AnnotationAttributes.RESPONSE_ID);

    private final SpanContext spanContext;
    private final OpenTelemetry openTelemetry;
    private final String name;
    private final Double value;
    private String label;
    private String comment;
    private String userId;
    private String sessionId;
    private String responseId;

    FeedbackEvent(SpanContext spanContext, OpenTelemetry openTelemetry, String name, Double value, String label) {
        this.spanContext = spanContext;
        this.openTelemetry = openTelemetry;
        this.name = name;
        this.value = value;
        this.label = label;
    }

    /** The category chosen, e.g. {@code good}; stored as the score's label. */
    public FeedbackEvent label(String label) {
        this.label = checkText("label", label);
        return this;
    }

    /** What the end user wrote; stored as the score's comment. */
    public FeedbackEvent comment(String comment) {
        this.comment = checkText("comment", comment);
        return this;
    }

    /** Who gave the feedback ({@code user.id}); annotation-api records it as the score's author. */
    public FeedbackEvent userId(String userId) {
        this.userId = checkText("userId", userId);
        return this;
    }

    /** The session ({@code session.id}); feedback without a span judges this session. */
    public FeedbackEvent sessionId(String sessionId) {
        this.sessionId = checkText("sessionId", sessionId);
        return this;
    }

    /** The model response judged ({@code gen_ai.response.id}); kept in the score's metadata. */
    public FeedbackEvent responseId(String responseId) {
        this.responseId = checkText("responseId", responseId);
        return this;
    }

    /**
     * Records the event through the OpenTelemetry Logs API. Never throws: feedback that cannot be recorded
     * must not fail the request that carries it, so a failure is logged and dropped.
     */
    public void emit() {
        try {
            OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
            LogRecordBuilder record = otel.getLogsBridge().get(SCOPE).logRecordBuilder()
                    .setTimestamp(Instant.now())
                    .setSeverity(Severity.INFO)
                    .setContext(spanContext.isValid() ? Context.root().with(Span.wrap(spanContext)) : Context.root())
                    // Both forms of the event name: the OTLP field for current Collectors and annotation-api,
                    // the attribute for otel_logs tables and SDKs from before the field existed.
                    .setAttribute(EVENT_NAME, AnnotationAttributes.EVALUATION_EVENT)
                    .setAttribute(NAME, name)
                    .setAttribute(SOURCE, AnnotationAttributes.SOURCE_FEEDBACK);
            setEventName(record);
            if (value != null) {
                record.setAttribute(VALUE, value);
            }
            setIfPresent(record, LABEL, label);
            setIfPresent(record, EXPLANATION, comment);
            setIfPresent(record, USER_ID, userId);
            setIfPresent(record, SESSION_ID, sessionId);
            setIfPresent(record, RESPONSE_ID, responseId);
            record.emit();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "feedback '" + name + "' was not recorded: " + e);
            LOG.log(Level.FINE, "feedback failure", e);
        }
    }

    /** {@code setEventName} exists from opentelemetry-api 1.50; older APIs still get the attribute. */
    private static void setEventName(LogRecordBuilder record) {
        try {
            record.setEventName(AnnotationAttributes.EVALUATION_EVENT);
        } catch (NoSuchMethodError olderApi) {
            // the event.name attribute already names the event
        }
    }

    private static void setIfPresent(LogRecordBuilder record, AttributeKey<String> key, String text) {
        if (text != null) {
            record.setAttribute(key, text);
        }
    }

    static void checkName(String name) {
        checkText("name", name);
    }

    static String checkText(String what, String text) {
        if (text == null || text.trim().isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        return text;
    }
}
