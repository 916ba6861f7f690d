package dev.annotations.api.evaluation;

import dev.annotations.api.collector.LogRow;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A {@code gen_ai.evaluation.result} log record, with the fields of an {@code otel_logs} row that a score
 * needs. Both paths build it from the same stored strings — our OTLP receiver from the row it is about to
 * write, the inbox reader from the row the Collector wrote — so both produce the same score.
 */
public record EvaluationEvent(long timestampNanos, String traceId, String spanId, String serviceName,
                              Map<String, String> resourceAttributes, Map<String, String> logAttributes) {

    public static EvaluationEvent of(LogRow row) {
        return new EvaluationEvent(row.timestampNanos(), row.traceId(), row.spanId(), row.serviceName(),
                row.resourceAttributes(), row.logAttributes());
    }

    /** Whether a log record is an evaluation event: by its event name, or the older {@code event.name} attribute. */
    public static boolean isEvaluation(String eventName, Map<String, String> logAttributes) {
        return EvaluationAttributes.EVENT_NAME.equals(eventName)
                || EvaluationAttributes.EVENT_NAME.equals(logAttributes.get(EvaluationAttributes.LEGACY_EVENT_NAME));
    }

    /**
     * The score id this event becomes: derived from the event's identity (time, trace, span, service and
     * attributes), so an event delivered twice, or seen by both paths, is stored once.
     */
    public UUID scoreId() {
        StringBuilder identity = new StringBuilder(256).append(EvaluationAttributes.EVENT_NAME)
                .append('\0').append(Long.toUnsignedString(timestampNanos)).append('\0').append(traceId)
                .append('\0').append(spanId).append('\0').append(serviceName);
        new TreeMap<>(logAttributes).forEach((key, value) -> identity.append('\0').append(key).append('=').append(value));
        return UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An attribute of the record, else of its resource. */
    String attribute(String key) {
        String value = logAttributes.get(key);
        return value != null ? value : resourceAttributes.get(key);
    }
}
