package dev.annotations.api.score;

import dev.annotations.api.http.FieldError;
import dev.annotations.api.scoreconfig.Category;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigRules;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks a score's value / label / labels against its config, or infers the type when there is none:
 * a value alone is NUMERIC, a label or labels CATEGORICAL. Every violation names its field and rule.
 */
final class ContentRules {
    static final int MAX_LABELS = 100;
    static final int MAX_LABEL_LENGTH = 1_000;
    private static final double STEP_TOLERANCE = 1e-9;

    private ContentRules() {
    }

    static Optional<ScoreContent> check(Double value, String label, List<String> labels, Optional<ScoreConfig> config,
                                        String prefix, List<FieldError> errors) {
        int before = errors.size();
        if (labels != null && labels.isEmpty()) {
            // no score has an empty selection, so [] can only mean "none": generated clients send it for an unset list
            labels = null;
        }
        if (value != null && !Double.isFinite(value)) {
            errors.add(new FieldError(prefix + "value", "must be a finite number (NaN and Infinity are refused)"));
        }
        if (label != null && labels != null) {
            errors.add(new FieldError(prefix + "labels", "send either label or labels, not both"));
        }
        if (labels != null) {
            checkLabelList(labels, prefix, errors);
        }
        if (label != null && (label.isEmpty() || label.codePointCount(0, label.length()) > (config.isPresent()
                && config.get().dataType() == DataType.TEXT ? ScoreConfigRules.MAX_TEXT_LENGTH : MAX_LABEL_LENGTH))) {
            errors.add(new FieldError(prefix + "label", "must not be empty or too long"));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        ScoreContent content = config.isPresent()
                ? againstConfig(value, label, labels, config.get(), prefix, errors)
                : inferred(value, label, labels, prefix, errors);
        return errors.size() > before ? Optional.empty() : Optional.ofNullable(content);
    }

    private static ScoreContent inferred(Double value, String label, List<String> labels, String prefix, List<FieldError> errors) {
        if (labels != null) {
            if (value != null) {
                errors.add(new FieldError(prefix + "value", "a multi-select score carries labels only"));
            }
            return new ScoreContent(DataType.CATEGORICAL, null, "", List.copyOf(labels));
        }
        if (label != null) {
            return new ScoreContent(DataType.CATEGORICAL, value, label, List.of());
        }
        if (value != null) {
            return new ScoreContent(DataType.NUMERIC, value, "", List.of());
        }
        errors.add(new FieldError(prefix + "value", "a score needs a value, a label or labels"));
        return null;
    }

    private static ScoreContent againstConfig(Double value, String label, List<String> labels, ScoreConfig config,
                                              String prefix, List<FieldError> errors) {
        return switch (config.dataType()) {
            case NUMERIC -> numeric(value, label, labels, config, prefix, errors);
            case CATEGORICAL -> categorical(value, label, labels, config, prefix, errors);
            case BOOLEAN -> bool(value, label, labels, config, prefix, errors);
            case TEXT -> text(value, label, labels, config, prefix, errors);
        };
    }

    private static ScoreContent numeric(Double value, String label, List<String> labels, ScoreConfig config,
                                        String prefix, List<FieldError> errors) {
        if (label != null || labels != null) {
            errors.add(new FieldError(prefix + (label != null ? "label" : "labels"),
                    "config '" + config.name() + "' is NUMERIC: send a value, not labels"));
        }
        if (value == null) {
            errors.add(new FieldError(prefix + "value", "is required by NUMERIC config '" + config.name() + "'"));
            return null;
        }
        if (config.min() != null && value < config.min()) {
            errors.add(new FieldError(prefix + "value", value + " is below the config's min " + config.min()));
        }
        if (config.max() != null && value > config.max()) {
            errors.add(new FieldError(prefix + "value", value + " is above the config's max " + config.max()));
        }
        if (config.step() != null) {
            double base = config.min() != null ? config.min() : 0;
            double steps = (value - base) / config.step();
            // tolerate the rounding of decimal steps (0.3 / 0.1 = 2.9999999999999996), never a whole fraction
            // of a step: the allowance is a few units in the last place of the quotient, not a share of it
            if (Math.abs(steps - Math.rint(steps)) > Math.max(STEP_TOLERANCE, 16 * Math.ulp(steps))) {
                errors.add(new FieldError(prefix + "value", value + " is off the config's step " + config.step()
                        + " (from " + base + ")"));
            }
        }
        return new ScoreContent(DataType.NUMERIC, value, "", List.of());
    }

    private static ScoreContent categorical(Double value, String label, List<String> labels, ScoreConfig config,
                                            String prefix, List<FieldError> errors) {
        int start = errors.size();
        List<String> chosen = labels != null ? labels : label != null ? List.of(label) : List.of();
        if (chosen.isEmpty()) {
            errors.add(new FieldError(prefix + "label", "is required by CATEGORICAL config '" + config.name()
                    + "'; one of " + config.categories().stream().map(Category::label).toList()));
            return null;
        }
        if (chosen.size() > 1 && !config.multiSelect()) {
            errors.add(new FieldError(prefix + "labels", "config '" + config.name() + "' allows one label"));
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (config.category(chosen.get(i)).isEmpty()) {
                errors.add(new FieldError(prefix + (labels != null ? "labels[" + i + "]" : "label"), "unknown category '"
                        + chosen.get(i) + "'; one of " + config.categories().stream().map(Category::label).toList()));
            }
        }
        if (errors.size() > start) {
            return null;
        }
        if (config.multiSelect()) {
            if (value != null) {
                errors.add(new FieldError(prefix + "value", "a multi-select score carries labels only"));
            }
            return new ScoreContent(DataType.CATEGORICAL, null, "", List.copyOf(chosen));
        }
        double categoryValue = config.category(chosen.getFirst()).orElseThrow().value();
        if (value != null && value != categoryValue) {
            errors.add(new FieldError(prefix + "value", "category '" + chosen.getFirst() + "' has value " + categoryValue));
        }
        return new ScoreContent(DataType.CATEGORICAL, categoryValue, chosen.getFirst(), List.of());
    }

    private static ScoreContent bool(Double value, String label, List<String> labels, ScoreConfig config,
                                     String prefix, List<FieldError> errors) {
        int start = errors.size();
        if (labels != null) {
            errors.add(new FieldError(prefix + "labels", "config '" + config.name() + "' is BOOLEAN: send value 0/1 or one label"));
            return null;
        }
        Boolean fromValue = value == null ? null : value == 1.0 ? Boolean.TRUE : value == 0.0 ? Boolean.FALSE : null;
        if (value != null && fromValue == null) {
            errors.add(new FieldError(prefix + "value", "a BOOLEAN score's value is 0 or 1"));
        }
        Boolean fromLabel = label == null ? null : label.equals(config.trueLabel()) ? Boolean.TRUE
                : label.equals(config.falseLabel()) ? Boolean.FALSE : null;
        if (label != null && fromLabel == null) {
            errors.add(new FieldError(prefix + "label", "must be '" + config.trueLabel() + "' or '" + config.falseLabel() + "'"));
        }
        if (value == null && label == null) {
            errors.add(new FieldError(prefix + "value", "is required by BOOLEAN config '" + config.name() + "' (0/1 or a label)"));
        }
        if (fromValue != null && fromLabel != null && !fromValue.equals(fromLabel)) {
            errors.add(new FieldError(prefix + "label", "contradicts value " + value));
        }
        if (errors.size() > start) {
            return null;
        }
        boolean truth = fromValue != null ? fromValue : fromLabel;
        return new ScoreContent(DataType.BOOLEAN, truth ? 1.0 : 0.0, truth ? config.trueLabel() : config.falseLabel(), List.of());
    }

    private static ScoreContent text(Double value, String label, List<String> labels, ScoreConfig config,
                                     String prefix, List<FieldError> errors) {
        if (value != null || labels != null) {
            errors.add(new FieldError(prefix + (value != null ? "value" : "labels"),
                    "config '" + config.name() + "' is TEXT: send the text as label"));
        }
        if (label == null) {
            errors.add(new FieldError(prefix + "label", "is required by TEXT config '" + config.name() + "': the text"));
            return null;
        }
        int length = label.codePointCount(0, label.length());
        if (length > config.maxLength()) {
            errors.add(new FieldError(prefix + "label", "text of " + length + " characters is longer than the config's maxLength "
                    + config.maxLength()));
        }
        return new ScoreContent(DataType.TEXT, null, label, List.of());
    }

    private static void checkLabelList(List<String> labels, String prefix, List<FieldError> errors) {
        if (labels.isEmpty() || labels.size() > MAX_LABELS) {
            errors.add(new FieldError(prefix + "labels", "1 to " + MAX_LABELS + " labels"));
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(prefix + "labels[" + i + "]", "1 to " + MAX_LABEL_LENGTH + " characters"));
            } else if (!seen.add(label)) {
                errors.add(new FieldError(prefix + "labels[" + i + "]", "duplicate label '" + label + "'"));
            }
        }
    }
}
