package dev.annotations.api.score;

import dev.annotations.api.http.FieldError;

import java.util.List;
import java.util.regex.Pattern;

/** Checks a target: its type's ids present and well formed, every other id absent. */
public final class TargetRules {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    static final int MAX_ID_LENGTH = 256;

    private TargetRules() {
    }

    public static void check(Target target, String prefix, List<FieldError> errors) {
        String field = prefix + "target";
        if (target == null) {
            errors.add(new FieldError(field, "is required: {\"type\": TRACE|SPAN|SESSION|DATASET_ITEM|DOCUMENT, ...ids}"));
            return;
        }
        if (target.type() == null) {
            errors.add(new FieldError(field + ".type", "is required; one of TRACE, SPAN, SESSION, DATASET_ITEM, DOCUMENT"));
            return;
        }
        TargetType type = target.type();
        boolean trace = type == TargetType.TRACE || type == TargetType.SPAN || type == TargetType.DOCUMENT;
        boolean span = type == TargetType.SPAN || type == TargetType.DOCUMENT;
        hexId(field + ".traceId", target.traceId(), trace, TRACE_ID, 32, type, errors);
        hexId(field + ".spanId", target.spanId(), span, SPAN_ID, 16, type, errors);
        textId(field + ".sessionId", target.sessionId(), type == TargetType.SESSION, type, errors);
        textId(field + ".datasetId", target.datasetId(), type == TargetType.DATASET_ITEM, type, errors);
        textId(field + ".itemId", target.itemId(), type == TargetType.DATASET_ITEM, type, errors);
        if (type == TargetType.DOCUMENT) {
            if (target.documentPosition() == null || target.documentPosition() < 0) {
                errors.add(new FieldError(field + ".documentPosition", "is required for DOCUMENT targets: the document's 0-based position"));
            }
        } else if (target.documentPosition() != null) {
            errors.add(new FieldError(field + ".documentPosition", "does not apply to " + type + " targets"));
        }
    }

    private static void hexId(String field, String value, boolean required, Pattern pattern, int length,
                              TargetType type, List<FieldError> errors) {
        if (!required) {
            if (value != null) {
                errors.add(new FieldError(field, "does not apply to " + type + " targets"));
            }
            return;
        }
        if (value == null) {
            errors.add(new FieldError(field, "is required for " + type + " targets"));
        } else if (!pattern.matcher(value).matches() || value.chars().allMatch(c -> c == '0')) {
            errors.add(new FieldError(field, length + " lowercase hex characters, not all zero"));
        }
    }

    private static void textId(String field, String value, boolean required, TargetType type, List<FieldError> errors) {
        if (!required) {
            if (value != null) {
                errors.add(new FieldError(field, "does not apply to " + type + " targets"));
            }
            return;
        }
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required for " + type + " targets"));
        } else if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "1 to " + MAX_ID_LENGTH + " characters without control characters"));
        }
    }
}
