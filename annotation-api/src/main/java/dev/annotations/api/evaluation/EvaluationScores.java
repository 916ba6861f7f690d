package dev.annotations.api.evaluation;

import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.ScoreRequest;
import dev.annotations.api.score.Source;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads a score request out of an evaluation event: name, value, label and explanation from the GenAI
 * attributes; the target from the record's span (else trace, else {@code session.id}); source, annotator
 * kind and author from our {@code annotation.*} attributes. The request is then validated like any other
 * score. A name matching a live score config of the project binds the score to it, so the config's rules apply.
 */
final class EvaluationScores {
    private EvaluationScores() {
    }

    /** The request, or why the event cannot be one. */
    sealed interface Reading {
    }

    record Readable(ScoreRequest request) implements Reading {
    }

    record Unreadable(String reason) implements Reading {
    }

    static Reading read(EvaluationEvent event, Function<String, Optional<UUID>> configIdByName) {
        String name = event.logAttributes().get(EvaluationAttributes.NAME);
        if (name == null || name.isEmpty()) {
            return new Unreadable(EvaluationAttributes.NAME + " is required");
        }
        String error = event.logAttributes().get(EvaluationAttributes.ERROR_TYPE);
        if (error != null && !error.isEmpty()) {
            return new Unreadable("the evaluation failed (" + EvaluationAttributes.ERROR_TYPE + "=" + error + "); there is no judgement to store");
        }
        Double value = null;
        String rawValue = event.logAttributes().get(EvaluationAttributes.SCORE_VALUE);
        if (rawValue != null && !rawValue.isEmpty()) {
            try {
                value = Double.parseDouble(rawValue);
            } catch (NumberFormatException e) {
                return new Unreadable(EvaluationAttributes.SCORE_VALUE + " must be a number, was '" + rawValue + "'");
            }
            if (!Double.isFinite(value)) {
                return new Unreadable(EvaluationAttributes.SCORE_VALUE + " must be finite, was '" + rawValue + "'");
            }
        }
        Target target = target(event);
        if (target == null) {
            return new Unreadable("the event belongs to no span or trace and names no " + EvaluationAttributes.SESSION_ID);
        }
        Source source;
        AnnotatorKind kind;
        try {
            source = enumAttribute(event, EvaluationAttributes.SOURCE, Source.class).orElse(Source.EVAL);
            kind = enumAttribute(event, EvaluationAttributes.ANNOTATOR_KIND, AnnotatorKind.class).orElse(null);
        } catch (IllegalArgumentException e) {
            return new Unreadable(e.getMessage());
        }
        if (source != Source.EVAL && source != Source.FEEDBACK) {
            return new Unreadable(EvaluationAttributes.SOURCE + " must be EVAL or FEEDBACK, was " + source);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        copy(event, EvaluationAttributes.RESPONSE_ID, metadata);
        if (!event.serviceName().isEmpty()) {
            metadata.put("service.name", event.serviceName());
        }
        return new Readable(new ScoreRequest(event.scoreId(), target, name, value,
                emptyToNull(event.logAttributes().get(EvaluationAttributes.SCORE_LABEL)), null,
                emptyToNull(event.logAttributes().get(EvaluationAttributes.EXPLANATION)), metadata,
                configIdByName.apply(name).orElse(null), null, source, kind, author(event, source),
                Instant.ofEpochSecond(0, event.timestampNanos())));
    }

    private static Target target(EvaluationEvent event) {
        if (!event.spanId().isEmpty() && !event.traceId().isEmpty()) {
            return new Target(TargetType.SPAN, event.traceId(), event.spanId(), null, null, null, null);
        }
        if (!event.traceId().isEmpty()) {
            return new Target(TargetType.TRACE, event.traceId(), null, null, null, null, null);
        }
        String session = event.attribute(EvaluationAttributes.SESSION_ID);
        if (session != null && !session.isEmpty()) {
            return new Target(TargetType.SESSION, null, null, session, null, null, null);
        }
        return null;
    }

    private static String author(EvaluationEvent event, Source source) {
        String author = event.attribute(EvaluationAttributes.AUTHOR);
        if (author == null || author.isEmpty()) {
            author = source == Source.FEEDBACK ? event.attribute(EvaluationAttributes.USER_ID) : null;
        }
        if (author == null || author.isEmpty()) {
            author = event.serviceName().isEmpty() ? "unknown-service" : event.serviceName();
        }
        return author;
    }

    private static <E extends Enum<E>> Optional<E> enumAttribute(EvaluationEvent event, String key, Class<E> type) {
        String text = event.attribute(key);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", was '" + text + "'");
        }
    }

    private static void copy(EvaluationEvent event, String key, Map<String, String> metadata) {
        String value = event.logAttributes().get(key);
        if (value != null && !value.isEmpty()) {
            metadata.put(key, value);
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
