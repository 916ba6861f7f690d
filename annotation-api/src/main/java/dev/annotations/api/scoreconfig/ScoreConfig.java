package dev.annotations.api.scoreconfig;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rubric for one score name in a project. Fields that do not apply to the data type are empty:
 * bounds and step for NUMERIC, categories and multi-select for CATEGORICAL, the two labels for BOOLEAN,
 * the maximum length for TEXT.
 */
public record ScoreConfig(
        UUID id,
        UUID projectId,
        String name,
        DataType dataType,
        Widget widget,
        Double min,
        Double max,
        Double step,
        List<Category> categories,
        boolean multiSelect,
        String trueLabel,
        String falseLabel,
        Integer maxLength,
        Direction direction,
        String description,
        boolean archived,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {

    public Optional<Category> category(String label) {
        return categories.stream().filter(category -> category.label().equals(label)).findFirst();
    }

    ScoreConfig withArchived(boolean newArchived, Instant at, String by) {
        return new ScoreConfig(id, projectId, name, dataType, widget, min, max, step, categories, multiSelect,
                trueLabel, falseLabel, maxLength, direction, description, newArchived, createdAt, createdBy, at, by);
    }
}
