package dev.annotations.api.scoreconfig;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static dev.annotations.api.scoreconfig.TestConfigs.bool;
import static dev.annotations.api.scoreconfig.TestConfigs.categorical;
import static dev.annotations.api.scoreconfig.TestConfigs.category;
import static dev.annotations.api.scoreconfig.TestConfigs.draft;
import static dev.annotations.api.scoreconfig.TestConfigs.numeric;
import static dev.annotations.api.scoreconfig.TestConfigs.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edit of a config in use is allowed only if every stored score stays valid under the edited config; the
 * reasons it would not are what the 409 says. An unused config may change freely.
 */
class ConfigCompatibilityTest {
    private static final ScoreConfig RATING = numeric("rating", 1.0, 10.0, null);
    private static final ScoreConfig STEPPED = numeric("rating", 0.0, 10.0, 1.0);
    private static final ScoreConfig VERDICT = categorical("verdict", false, category("good", 1), category("bad", 0),
            category("meh", 0.5));
    private static final ScoreConfig TAGS = categorical("tags", true, category("rude", 1), category("slow", 2));
    private static final ScoreConfig THUMBS = bool("thumbs", "up", "down");
    private static final ScoreConfig NOTE = text("note", 100);

    /** Stored numeric scores from 2 to 9. */
    private static final ConfigUsage VALUES_2_TO_9 = new ConfigUsage(2, 2.0, 9.0, Set.of(), 0, 0);
    /** Stored scores on step 1 from 1 to 3. */
    private static final ConfigUsage STEPS_1_TO_3 = new ConfigUsage(3, 1.0, 3.0, Set.of(), 0, 0);

    private static ConfigUsage labels(int maxLabelsPerScore, String... inUse) {
        return new ConfigUsage(5, 0.0, 1.0, Set.of(inUse), 0, maxLabelsPerScore);
    }

    private static ConfigUsage texts(int longest) {
        return new ConfigUsage(5, null, null, Set.of(), longest, 0);
    }

    private static Arguments edit(String description, ScoreConfig old, ScoreConfig updated, ConfigUsage usage) {
        return Arguments.of(Named.of(description, old), updated, usage);
    }

    private static Arguments edit(String description, ScoreConfig old, ScoreConfig updated, ConfigUsage usage,
                                  String... reasons) {
        return Arguments.of(Named.of(description, old), updated, usage, reasons);
    }

    static Stream<Arguments> keepingEdits() {
        return Stream.of(
                edit("a new description", RATING, draft("rating", DataType.NUMERIC).min(1.0).max(10.0)
                        .description("**be fair**").direction(Direction.MAXIMIZE).build(), VALUES_2_TO_9),
                edit("wider bounds", RATING, numeric("rating", 0.0, 100.0, null), VALUES_2_TO_9),
                edit("min raised to the lowest stored value", RATING, numeric("rating", 2.0, 10.0, null), VALUES_2_TO_9),
                edit("max lowered to the highest stored value", RATING, numeric("rating", 1.0, 9.0, null), VALUES_2_TO_9),
                edit("min raised within rounding of the lowest stored value", RATING,
                        numeric("rating", 2.0 + 1e-12, 10.0, null), VALUES_2_TO_9),
                edit("a step that divides the old one", STEPPED, numeric("rating", 0.0, 10.0, 0.5), STEPS_1_TO_3),
                edit("a step a quarter of the old one", STEPPED, numeric("rating", 0.0, 10.0, 0.25), STEPS_1_TO_3),
                edit("a decimal step that divides the old one", numeric("r", 0.0, 1.0, 0.3),
                        numeric("r", 0.0, 1.0, 0.1), new ConfigUsage(1, 0.3, 0.3, Set.of(), 0, 0)),
                edit("the same step from a min moved by whole steps", STEPPED, numeric("rating", -1.0, 10.0, 1.0),
                        STEPS_1_TO_3),
                edit("a new category", VERDICT, categorical("verdict", false, category("good", 1), category("bad", 0),
                        category("meh", 0.5), category("unsure", 0.25)), labels(1, "good", "bad", "meh")),
                edit("new display names and hotkeys", VERDICT, draft("verdict", DataType.CATEGORICAL).categories(
                        new Category("good", 1.0, "Good answer", "1"), new Category("bad", 0.0, "Bad", "2"),
                        category("meh", 0.5)).build(), labels(1, "good", "bad", "meh")),
                edit("an unused category removed", VERDICT, categorical("verdict", false, category("good", 1),
                        category("bad", 0)), labels(1, "good", "bad")),
                edit("an unused category's value changed", VERDICT, categorical("verdict", false, category("good", 1),
                        category("bad", 0), category("meh", 0.4)), labels(1, "good", "bad")),
                edit("multi-select turned on", VERDICT, categorical("verdict", true, category("good", 1),
                        category("bad", 0), category("meh", 0.5)), labels(1, "good")),
                edit("multi-select turned off while every score has one label", TAGS,
                        categorical("tags", false, category("rude", 1), category("slow", 2)), labels(1, "rude", "slow")),
                edit("an unused boolean label renamed", THUMBS, bool("thumbs", "up", "nope"), labels(1, "up")),
                edit("a boolean widget changed", THUMBS, draft("thumbs", DataType.BOOLEAN).trueLabel("up")
                        .falseLabel("down").widget(Widget.RADIO).build(), labels(1, "up", "down")),
                edit("maxLength lowered to the longest stored text", NOTE, text("note", 40), texts(40)),
                edit("maxLength raised", NOTE, text("note", 10_000), texts(100)));
    }

    static Stream<Arguments> invalidatingEdits() {
        return Stream.of(
                edit("min above the lowest stored value", RATING, numeric("rating", 3.0, 10.0, null), VALUES_2_TO_9,
                        "min 3.0 is above the stored value 2.0"),
                edit("min just beyond rounding above it", RATING, numeric("rating", 2.000001, 10.0, null), VALUES_2_TO_9,
                        "min 2.000001 is above the stored value 2.0"),
                edit("max below the highest stored value", RATING, numeric("rating", 1.0, 8.0, null), VALUES_2_TO_9,
                        "max 8.0 is below the stored value 9.0"),
                edit("both bounds past the stored values", RATING, numeric("rating", 5.0, 6.0, null), VALUES_2_TO_9,
                        "min 5.0 is above the stored value 2.0", "max 6.0 is below the stored value 9.0"),
                edit("a step where there was none", RATING, numeric("rating", 1.0, 10.0, 1.0), VALUES_2_TO_9,
                        "step 1.0 does not divide the old step null from the same minimum, so stored values could fall off it"),
                edit("a coarser step", numeric("r", 0.0, 10.0, 0.5), numeric("r", 0.0, 10.0, 1.0), STEPS_1_TO_3,
                        "step 1.0 does not divide the old step 0.5 from the same minimum, so stored values could fall off it"),
                edit("a step that does not divide the old one", STEPPED, numeric("rating", 0.0, 10.0, 0.3), STEPS_1_TO_3,
                        "step 0.3 does not divide the old step 1.0 from the same minimum, so stored values could fall off it"),
                edit("a finer step from another min", STEPPED, numeric("rating", 0.25, 10.0, 0.5), STEPS_1_TO_3,
                        "step 0.5 does not divide the old step 1.0 from the same minimum, so stored values could fall off it"),
                edit("a used category removed", VERDICT, categorical("verdict", false, category("good", 1),
                        category("meh", 0.5)), labels(1, "good", "bad"),
                        "category 'bad' is used by stored scores and cannot be removed"),
                edit("a used category's value changed", VERDICT, categorical("verdict", false, category("good", 1),
                        category("bad", -1), category("meh", 0.5)), labels(1, "bad"),
                        "category 'bad' is used by stored scores; its value cannot change"),
                edit("two used categories touched", VERDICT, categorical("verdict", false, category("good", 2),
                        category("meh", 0.5)), labels(1, "good", "bad"),
                        "category 'good' is used by stored scores; its value cannot change",
                        "category 'bad' is used by stored scores and cannot be removed"),
                edit("a used category renamed", TAGS, categorical("tags", true, category("impolite", 1),
                        category("slow", 2)), labels(1, "rude"),
                        "category 'rude' is used by stored scores and cannot be removed"),
                edit("multi-select turned off while scores carry several labels", TAGS,
                        categorical("tags", false, category("rude", 1), category("slow", 2)), labels(2, "rude", "slow"),
                        "stored scores carry several labels, so multiSelect cannot be turned off"),
                edit("a used true label renamed", THUMBS, bool("thumbs", "yes", "down"), labels(1, "up"),
                        "label 'up' is used by stored scores and cannot be renamed"),
                edit("a used false label renamed", THUMBS, bool("thumbs", "up", "no"), labels(1, "up", "down"),
                        "label 'down' is used by stored scores and cannot be renamed"),
                edit("both used labels renamed", THUMBS, bool("thumbs", "👍", "👎"), labels(1, "up", "down"),
                        "label 'up' is used by stored scores and cannot be renamed",
                        "label 'down' is used by stored scores and cannot be renamed"),
                edit("maxLength below the longest stored text", NOTE, text("note", 10), texts(40),
                        "maxLength 10 is below the longest stored text (40)"),
                edit("maxLength one below the longest stored text", NOTE, text("note", 39), texts(40),
                        "maxLength 39 is below the longest stored text (40)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keepingEdits")
    void an_edit_that_keeps_every_stored_score_valid_is_allowed(ScoreConfig old, ScoreConfig updated, ConfigUsage usage) {
        assertThat(ConfigCompatibility.conflicts(old, updated, usage)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidatingEdits")
    void an_edit_that_would_invalidate_stored_scores_is_refused_with_each_reason(ScoreConfig old, ScoreConfig updated,
                                                                                ConfigUsage usage, String[] reasons) {
        assertThat(ConfigCompatibility.conflicts(old, updated, usage)).containsExactly(reasons);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidatingEdits")
    void any_edit_of_a_config_without_stored_scores_is_allowed(ScoreConfig old, ScoreConfig updated) {
        assertThat(ConfigCompatibility.conflicts(old, updated, ConfigUsage.NONE)).isEmpty();
    }

    @Test
    void labels_of_other_scores_do_not_hold_back_an_unused_category() {
        ConfigUsage usage = labels(1, "good", "something-else");
        assertThat(ConfigCompatibility.conflicts(VERDICT, categorical("verdict", false, category("good", 1)), usage))
                .isEmpty();
    }

    @Test
    void moving_min_off_the_step_grid_of_stored_values_is_refused() {
        assertThat(ConfigCompatibility.conflicts(STEPPED, numeric("rating", 0.5, 10.0, 1.0), STEPS_1_TO_3))
                .isNotEmpty();
    }

    @Test
    void swapping_used_boolean_labels_is_refused() {
        assertThat(ConfigCompatibility.conflicts(THUMBS, bool("thumbs", "down", "up"), labels(1, "up", "down")))
                .isNotEmpty();
    }
}
