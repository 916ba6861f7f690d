package dev.annotations.api.scoreconfig;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Score configs for unit tests, built the only way the service builds them: a draft passed through
 * {@link ScoreConfigRules#build}. {@link #draft} is a builder for drafts that name only what a test varies.
 */
public final class TestConfigs {
    public static final UUID PROJECT = new UUID(0, 1);
    public static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");

    private TestConfigs() {
    }

    public static Draft draft(String name, DataType dataType) {
        return new Draft(name, dataType);
    }

    public static ScoreConfig numeric(String name, Double min, Double max, Double step) {
        return draft(name, DataType.NUMERIC).min(min).max(max).step(step).build();
    }

    public static ScoreConfig categorical(String name, boolean multiSelect, Category... categories) {
        return draft(name, DataType.CATEGORICAL).multiSelect(multiSelect).categories(categories).build();
    }

    public static Category category(String label, double value) {
        return new Category(label, value, null, null);
    }

    public static ScoreConfig bool(String name, String trueLabel, String falseLabel) {
        return draft(name, DataType.BOOLEAN).trueLabel(trueLabel).falseLabel(falseLabel).build();
    }

    public static ScoreConfig text(String name, Integer maxLength) {
        return draft(name, DataType.TEXT).maxLength(maxLength).build();
    }

    /** The same config, archived: scores naming it are refused. */
    public static ScoreConfig archived(ScoreConfig config) {
        return config.withArchived(true, CREATED.plusSeconds(60), "admin");
    }

    /** A mutable draft: set what the test is about, {@link #build} runs the rules. */
    public static final class Draft {
        private final String name;
        private final DataType dataType;
        private Widget widget;
        private Double min;
        private Double max;
        private Double step;
        private List<Category> categories;
        private Boolean multiSelect;
        private String trueLabel;
        private String falseLabel;
        private Integer maxLength;
        private Direction direction;
        private String description;

        private Draft(String name, DataType dataType) {
            this.name = name;
            this.dataType = dataType;
        }

        public Draft widget(Widget value) {
            widget = value;
            return this;
        }

        public Draft min(Double value) {
            min = value;
            return this;
        }

        public Draft max(Double value) {
            max = value;
            return this;
        }

        public Draft step(Double value) {
            step = value;
            return this;
        }

        public Draft categories(Category... values) {
            categories = values == null ? null : Arrays.asList(values);
            return this;
        }

        public Draft categories(List<Category> values) {
            categories = values;
            return this;
        }

        public Draft multiSelect(Boolean value) {
            multiSelect = value;
            return this;
        }

        public Draft trueLabel(String value) {
            trueLabel = value;
            return this;
        }

        public Draft falseLabel(String value) {
            falseLabel = value;
            return this;
        }

        public Draft maxLength(Integer value) {
            maxLength = value;
            return this;
        }

        public Draft direction(Direction value) {
            direction = value;
            return this;
        }

        public Draft description(String value) {
            description = value;
            return this;
        }

        public ScoreConfigDraft toDraft() {
            return new ScoreConfigDraft(name, dataType, widget, min, max, step, categories, multiSelect, trueLabel,
                    falseLabel, maxLength, direction, description);
        }

        /** The config the rules make of this draft, or their 400. */
        public ScoreConfig build() {
            return ScoreConfigRules.build(toDraft(), UUID.nameUUIDFromBytes(String.valueOf(name).getBytes()), PROJECT,
                    CREATED, "admin", CREATED, "admin");
        }
    }
}
