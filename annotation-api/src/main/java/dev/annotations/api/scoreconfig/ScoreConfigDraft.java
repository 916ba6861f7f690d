package dev.annotations.api.scoreconfig;

import java.util.List;

/**
 * A config as a client describes it: the body of {@code POST /api/v1/score-configs}, and the result of
 * applying a {@code PATCH} to a stored config. {@link ScoreConfigRules} turns it into a valid config.
 */
public record ScoreConfigDraft(
        String name,
        DataType dataType,
        Widget widget,
        Double min,
        Double max,
        Double step,
        List<Category> categories,
        Boolean multiSelect,
        String trueLabel,
        String falseLabel,
        Integer maxLength,
        Direction direction,
        String description) {

    /** The body of a PATCH: every field optional; the name and data type never change. */
    public record Patch(
            Widget widget,
            Double min,
            Double max,
            Double step,
            List<Category> categories,
            Boolean multiSelect,
            String trueLabel,
            String falseLabel,
            Integer maxLength,
            Direction direction,
            String description) {

        ScoreConfigDraft applyTo(ScoreConfig current) {
            return new ScoreConfigDraft(current.name(), current.dataType(),
                    widget != null ? widget : current.widget(),
                    min != null ? min : current.min(),
                    max != null ? max : current.max(),
                    step != null ? step : current.step(),
                    categories != null ? categories : current.categories(),
                    multiSelect != null ? multiSelect : current.multiSelect(),
                    trueLabel != null ? trueLabel : current.trueLabel(),
                    falseLabel != null ? falseLabel : current.falseLabel(),
                    maxLength != null ? maxLength : current.maxLength(),
                    direction != null ? direction : current.direction(),
                    description != null ? description : current.description());
        }
    }
}
