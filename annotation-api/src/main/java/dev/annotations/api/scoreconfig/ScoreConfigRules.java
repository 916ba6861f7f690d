package dev.annotations.api.scoreconfig;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules a config must follow, checked once when it is created or edited. Every violation is
 * reported, each naming its field.
 */
public final class ScoreConfigRules {
    /** Score names: 1..64 of letters, digits and {@code _ . : -}, starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    public static final int MAX_CATEGORIES = 100;
    public static final int MAX_LABEL_LENGTH = 100;
    public static final int MAX_STARS = 10;
    public static final int DEFAULT_TEXT_LENGTH = 1_000;
    public static final int MAX_TEXT_LENGTH = 10_000;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private ScoreConfigRules() {
    }

    /** A valid config from the draft, or a 400 listing every invalid field. */
    public static ScoreConfig build(ScoreConfigDraft draft, UUID id, UUID projectId, Instant createdAt, String createdBy,
                                    Instant updatedAt, String updatedBy) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null || !NAME.matcher(draft.name()).matches()) {
            errors.add(new FieldError("name", "1 to 64 letters, digits and _ . : -, starting with a letter or digit"));
        }
        if (draft.dataType() == null) {
            errors.add(new FieldError("dataType", "is required; one of NUMERIC, CATEGORICAL, BOOLEAN, TEXT"));
            throw ApiProblem.invalid(errors);
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        boolean multiSelect = Boolean.TRUE.equals(draft.multiSelect());
        Widget widget = draft.widget() != null ? draft.widget() : Widget.defaultFor(draft.dataType(), multiSelect);
        if (!widget.fits(draft.dataType())) {
            errors.add(new FieldError("widget", widget + " cannot show " + draft.dataType() + " scores"));
        }
        ScoreConfig config = switch (draft.dataType()) {
            case NUMERIC -> numeric(draft, widget, errors);
            case CATEGORICAL -> categorical(draft, widget, multiSelect, errors);
            case BOOLEAN -> bool(draft, widget, errors);
            case TEXT -> text(draft, widget, errors);
        };
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new ScoreConfig(id, projectId, draft.name(), draft.dataType(), widget, config.min(), config.max(),
                config.step(), config.categories(), config.multiSelect(), config.trueLabel(), config.falseLabel(),
                config.maxLength(), draft.direction() != null ? draft.direction() : Direction.NONE,
                draft.description() == null ? "" : draft.description(), false, createdAt, createdBy, updatedAt, updatedBy);
    }

    private static ScoreConfig numeric(ScoreConfigDraft draft, Widget widget, List<FieldError> errors) {
        notAllowed(draft.categories() != null && !draft.categories().isEmpty(), "categories", "NUMERIC", errors);
        notAllowed(Boolean.TRUE.equals(draft.multiSelect()), "multiSelect", "NUMERIC", errors);
        notAllowed(draft.trueLabel() != null, "trueLabel", "NUMERIC", errors);
        notAllowed(draft.falseLabel() != null, "falseLabel", "NUMERIC", errors);
        notAllowed(draft.maxLength() != null, "maxLength", "NUMERIC", errors);
        Double min = draft.min();
        Double max = draft.max();
        Double step = draft.step();
        finite("min", min, errors);
        finite("max", max, errors);
        finite("step", step, errors);
        if (min != null && max != null && Double.isFinite(min) && Double.isFinite(max) && min >= max) {
            errors.add(new FieldError("max", "must be greater than min"));
        }
        if (step != null && !(step > 0)) {
            errors.add(new FieldError("step", "must be greater than 0"));
        }
        if (widget == Widget.STARS) {
            if (max == null || max != Math.rint(max) || max < 2 || max > MAX_STARS) {
                errors.add(new FieldError("max", "a STARS config needs max = the number of stars, 2.." + MAX_STARS));
            }
            if (min != null && min != 1) {
                errors.add(new FieldError("min", "a STARS config starts at 1"));
            }
            if (step != null && step != 1) {
                errors.add(new FieldError("step", "a STARS config steps by 1"));
            }
            min = 1.0;
            step = 1.0;
        }
        if (widget == Widget.SLIDER && (min == null || max == null)) {
            errors.add(new FieldError(min == null ? "min" : "max", "a SLIDER needs both min and max"));
        }
        return shape(min, max, step, List.of(), false, null, null, null);
    }

    private static ScoreConfig categorical(ScoreConfigDraft draft, Widget widget, boolean multiSelect, List<FieldError> errors) {
        numericFieldsNotAllowed(draft, "CATEGORICAL", errors);
        notAllowed(draft.trueLabel() != null, "trueLabel", "CATEGORICAL", errors);
        notAllowed(draft.falseLabel() != null, "falseLabel", "CATEGORICAL", errors);
        notAllowed(draft.maxLength() != null, "maxLength", "CATEGORICAL", errors);
        if (widget == Widget.CHECKBOX && !multiSelect) {
            errors.add(new FieldError("widget", "CHECKBOX needs multiSelect: true"));
        }
        if (widget == Widget.RADIO && multiSelect) {
            errors.add(new FieldError("widget", "RADIO picks one label; use CHECKBOX with multiSelect"));
        }
        List<Category> categories = draft.categories() == null ? List.of() : draft.categories();
        if (categories.isEmpty() || categories.size() > MAX_CATEGORIES) {
            errors.add(new FieldError("categories", "1 to " + MAX_CATEGORIES + " categories are required"));
        }
        Set<String> labels = new HashSet<>();
        Set<String> hotkeys = new HashSet<>();
        List<Category> normalized = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            Category category = categories.get(i);
            String field = "categories[" + i + "]";
            if (category == null) {
                errors.add(new FieldError(field, "must be an object with label and value"));
                continue;
            }
            if (category.label() == null || category.label().isBlank() || category.label().length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(field + ".label", "1 to " + MAX_LABEL_LENGTH + " characters"));
            } else if (!labels.add(category.label())) {
                errors.add(new FieldError(field + ".label", "duplicate label '" + category.label() + "'"));
            }
            if (category.value() == null || !Double.isFinite(category.value())) {
                errors.add(new FieldError(field + ".value", "a finite number is required"));
            }
            if (category.hotkey() != null && (category.hotkey().codePointCount(0, category.hotkey().length()) != 1
                    || !hotkeys.add(category.hotkey()))) {
                errors.add(new FieldError(field + ".hotkey", "a single character, unique within the config"));
            }
            if (category.displayName() != null && category.displayName().length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(field + ".displayName", "at most " + MAX_LABEL_LENGTH + " characters"));
            }
            normalized.add(new Category(category.label(), category.value(),
                    category.displayName() != null ? category.displayName() : category.label(), category.hotkey()));
        }
        return shape(null, null, null, List.copyOf(normalized), multiSelect, null, null, null);
    }

    private static ScoreConfig bool(ScoreConfigDraft draft, Widget widget, List<FieldError> errors) {
        numericFieldsNotAllowed(draft, "BOOLEAN", errors);
        notAllowed(draft.categories() != null && !draft.categories().isEmpty(), "categories", "BOOLEAN", errors);
        notAllowed(Boolean.TRUE.equals(draft.multiSelect()), "multiSelect", "BOOLEAN", errors);
        notAllowed(draft.maxLength() != null, "maxLength", "BOOLEAN", errors);
        String trueLabel = draft.trueLabel() != null ? draft.trueLabel() : "true";
        String falseLabel = draft.falseLabel() != null ? draft.falseLabel() : "false";
        for (String[] label : new String[][] {{"trueLabel", trueLabel}, {"falseLabel", falseLabel}}) {
            if (label[1].isBlank() || label[1].length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(label[0], "1 to " + MAX_LABEL_LENGTH + " characters"));
            }
        }
        if (trueLabel.equals(falseLabel)) {
            errors.add(new FieldError("falseLabel", "must differ from trueLabel"));
        }
        return shape(null, null, null, List.of(), false, trueLabel, falseLabel, null);
    }

    private static ScoreConfig text(ScoreConfigDraft draft, Widget widget, List<FieldError> errors) {
        numericFieldsNotAllowed(draft, "TEXT", errors);
        notAllowed(draft.categories() != null && !draft.categories().isEmpty(), "categories", "TEXT", errors);
        notAllowed(Boolean.TRUE.equals(draft.multiSelect()), "multiSelect", "TEXT", errors);
        notAllowed(draft.trueLabel() != null, "trueLabel", "TEXT", errors);
        notAllowed(draft.falseLabel() != null, "falseLabel", "TEXT", errors);
        int maxLength = draft.maxLength() != null ? draft.maxLength() : DEFAULT_TEXT_LENGTH;
        if (maxLength < 1 || maxLength > MAX_TEXT_LENGTH) {
            errors.add(new FieldError("maxLength", "must be 1.." + MAX_TEXT_LENGTH));
        }
        return shape(null, null, null, List.of(), false, null, null, maxLength);
    }

    private static void numericFieldsNotAllowed(ScoreConfigDraft draft, String type, List<FieldError> errors) {
        notAllowed(draft.min() != null, "min", type, errors);
        notAllowed(draft.max() != null, "max", type, errors);
        notAllowed(draft.step() != null, "step", type, errors);
    }

    private static void notAllowed(boolean present, String field, String type, List<FieldError> errors) {
        if (present) {
            errors.add(new FieldError(field, "does not apply to " + type + " configs"));
        }
    }

    private static void finite(String field, Double value, List<FieldError> errors) {
        if (value != null && !Double.isFinite(value)) {
            errors.add(new FieldError(field, "must be a finite number"));
        }
    }

    private static ScoreConfig shape(Double min, Double max, Double step, List<Category> categories, boolean multiSelect,
                                     String trueLabel, String falseLabel, Integer maxLength) {
        return new ScoreConfig(null, null, null, null, null, min, max, step, categories, multiSelect, trueLabel,
                falseLabel, maxLength, null, null, false, null, null, null, null);
    }
}
