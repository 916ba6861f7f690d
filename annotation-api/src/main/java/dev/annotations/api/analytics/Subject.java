package dev.annotations.api.analytics;

import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.scoreconfig.Category;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What is rated: one score config, or one name whose scores carry no config, with the shape of its ratings.
 *
 * @param field the request parameter that named it ({@code configId} or {@code name}), for error messages
 */
record Subject(Optional<ScoreConfig> config, String name, DataType dataType, boolean multiSelect, String field) {

    static Subject of(ScoreConfig config, String field) {
        return new Subject(Optional.of(config), config.name(), config.dataType(), config.multiSelect(), field);
    }

    Optional<UUID> configId() {
        return config.map(ScoreConfig::id);
    }

    RatingSelection.ValueKind valueKind() {
        return switch (dataType) {
            case NUMERIC -> RatingSelection.ValueKind.NUMBER;
            case CATEGORICAL -> multiSelect ? RatingSelection.ValueKind.LABELS : RatingSelection.ValueKind.LABEL;
            case BOOLEAN, TEXT -> RatingSelection.ValueKind.LABEL;
        };
    }

    Level defaultLevel() {
        if (dataType == DataType.NUMERIC) {
            return Level.INTERVAL;
        }
        return multiSelect ? Level.MASI : Level.NOMINAL;
    }

    /** The levels that fit: numbers are ordered, a categorical config's labels have values, sets have MASI. */
    Set<Level> levels() {
        if (dataType == DataType.NUMERIC) {
            return EnumSet.of(Level.NOMINAL, Level.ORDINAL, Level.INTERVAL);
        }
        if (multiSelect) {
            return EnumSet.of(Level.NOMINAL, Level.MASI);
        }
        if (dataType == DataType.CATEGORICAL && config.isPresent()) {
            return EnumSet.of(Level.NOMINAL, Level.ORDINAL, Level.INTERVAL);
        }
        return EnumSet.of(Level.NOMINAL);
    }

    /** The number a single-select label stands for (its category's value), for ordinal and interval levels. */
    Optional<Double> valueOf(String label) {
        List<Category> categories = config.map(ScoreConfig::categories).orElse(List.of());
        return categories.stream().filter(category -> category.label().equals(label)).findFirst().map(Category::value);
    }

    /** The bounds of the scale when the config sets both, else empty. */
    Optional<double[]> bounds() {
        return config.filter(c -> c.min() != null && c.max() != null).map(c -> new double[] {c.min(), c.max()});
    }
}
