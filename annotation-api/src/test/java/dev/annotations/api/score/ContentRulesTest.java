package dev.annotations.api.score;

import dev.annotations.api.http.FieldError;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.annotations.api.http.Refusals.assertOnlyError;
import static dev.annotations.api.scoreconfig.TestConfigs.bool;
import static dev.annotations.api.scoreconfig.TestConfigs.categorical;
import static dev.annotations.api.scoreconfig.TestConfigs.category;
import static dev.annotations.api.scoreconfig.TestConfigs.numeric;
import static dev.annotations.api.scoreconfig.TestConfigs.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A score's value / label / labels: checked against its config, or its type inferred when it has none. */
class ContentRulesTest {
    private static final ScoreConfig STARS = numeric("helpfulness", 1.0, 5.0, 1.0);
    private static final ScoreConfig VERDICT = categorical("verdict", false, category("good", 1), category("bad", 0),
            category("meh", 0.5));
    private static final ScoreConfig TAGS = categorical("tags", true, category("rude", -1), category("wrong", -2),
            category("slow", 0));
    private static final ScoreConfig THUMBS = bool("thumbs", "up", "down");
    private static final ScoreConfig NOTES = text("notes", 20);

    /** What one call of the rules gives: the content, or the errors it collected. */
    private record Outcome(Optional<ScoreContent> content, List<FieldError> errors) {
        ScoreContent accepted() {
            assertThat(errors).as("errors").isEmpty();
            return content.orElseThrow();
        }

        void refused(String field, String message) {
            assertThat(content).as("content of a refused score").isEmpty();
            assertOnlyError(errors, field, message);
        }
    }

    private static Outcome check(Double value, String label, List<String> labels, ScoreConfig config) {
        return check(value, label, labels, config, "");
    }

    private static Outcome check(Double value, String label, List<String> labels, ScoreConfig config, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        Optional<ScoreContent> content = ContentRules.check(value, label, labels, Optional.ofNullable(config), prefix, errors);
        return new Outcome(content, errors);
    }

    private static List<String> labels(int count) {
        return IntStream.range(0, count).mapToObj(i -> "l" + i).toList();
    }

    @Test
    void without_a_config_a_value_alone_is_numeric() {
        assertThat(check(0.25, null, null, null).accepted())
                .isEqualTo(new ScoreContent(DataType.NUMERIC, 0.25, "", List.of()));
    }

    @Test
    void without_a_config_a_label_is_categorical_and_keeps_a_value_given_with_it() {
        assertThat(check(null, "good", null, null).accepted())
                .isEqualTo(new ScoreContent(DataType.CATEGORICAL, null, "good", List.of()));
        assertThat(check(0.5, "good", null, null).accepted())
                .isEqualTo(new ScoreContent(DataType.CATEGORICAL, 0.5, "good", List.of()));
    }

    @Test
    void without_a_config_labels_are_a_multi_select_categorical_in_their_order() {
        assertThat(check(null, null, List.of("b", "a"), null).accepted())
                .isEqualTo(new ScoreContent(DataType.CATEGORICAL, null, "", List.of("b", "a")));
    }

    @Test
    void without_a_config_labels_with_a_value_are_refused() {
        check(1.0, null, List.of("a"), null).refused("value", "a multi-select score carries labels only");
    }

    @Test
    void without_a_config_nothing_to_judge_is_refused() {
        check(null, null, null, null).refused("value", "a score needs a value, a label or labels");
    }

    @Test
    void without_a_config_a_label_may_be_1000_characters_and_no_more() {
        assertThat(check(null, "x".repeat(1000), null, null).accepted().stringValue()).hasSize(1000);
        check(null, "x".repeat(1001), null, null).refused("label", "must not be empty or too long");
        check(null, "", null, null).refused("label", "must not be empty or too long");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void a_value_that_is_not_finite_is_refused(double value) {
        check(value, null, null, null).refused("value", "must be a finite number (NaN and Infinity are refused)");
        check(value, null, null, numeric("unbounded", null, null, null)).refused("value", "must be a finite number");
    }

    @Test
    void label_and_labels_together_are_refused() {
        check(null, "a", List.of("a"), null).refused("labels", "send either label or labels, not both");
        check(null, "rude", List.of("rude"), TAGS).refused("labels", "send either label or labels, not both");
    }

    @Test
    void a_list_of_1_to_100_labels_is_accepted() {
        assertThat(check(null, null, labels(1), null).accepted().labels()).hasSize(1);
        assertThat(check(null, null, labels(100), null).accepted().labels()).hasSize(100);
    }

    @Test
    void over_100_labels_are_refused() {
        check(null, null, labels(101), null).refused("labels", "1 to 100 labels");
    }

    @Test
    void an_empty_list_of_labels_means_none_as_a_generated_client_sends_it() {
        assertThat(check(4.0, null, List.of(), STARS).accepted().value()).isEqualTo(4.0);
        check(null, null, List.of(), null).refused("value", "a score needs a value, a label or labels");
    }

    @Test
    void each_label_of_a_list_is_1_to_1000_characters() {
        assertThat(check(null, null, List.of("x".repeat(1000)), null).accepted().labels()).hasSize(1);
        check(null, null, List.of("a", "x".repeat(1001)), null).refused("labels[1]", "1 to 1000 characters");
        check(null, null, List.of("a", "b", ""), null).refused("labels[2]", "1 to 1000 characters");
        check(null, null, Collections.singletonList(null), null).refused("labels[0]", "1 to 1000 characters");
    }

    @Test
    void a_label_listed_twice_is_refused_at_its_second_place() {
        check(null, null, List.of("rude", "slow", "rude"), TAGS).refused("labels[2]", "duplicate label 'rude'");
    }

    @Test
    void every_field_is_named_with_the_prefix() {
        check(Double.NaN, null, null, null, "scores[7].").refused("scores[7].value", "finite");
        check(6.0, null, null, STARS, "scores[7].").refused("scores[7].value", "above the config's max");
        check(null, null, List.of("rude", "odd"), TAGS, "items[0].").refused("items[0].labels[1]", "unknown category");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {1, 2, 3, 4, 5})
    void numeric_values_on_the_steps_from_min_to_max_inclusive_are_accepted(double value) {
        assertThat(check(value, null, null, STARS).accepted())
                .isEqualTo(new ScoreContent(DataType.NUMERIC, value, "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0     | 0.0 is below the config's min 1.0",
            "-3    | -3.0 is below the config's min 1.0",
            "6     | 6.0 is above the config's max 5.0",
            "2.5   | 2.5 is off the config's step 1.0 (from 1.0)",
            "1.000001 | is off the config's step"})
    void numeric_values_outside_the_bounds_or_off_the_step_are_refused(double value, String message) {
        check(value, null, null, STARS).refused("value", message);
    }

    @Test
    void numeric_bounds_are_inclusive_and_exact() {
        ScoreConfig probability = numeric("probability", 0.0, 1.0, null);
        assertThat(check(0.0, null, null, probability).errors()).isEmpty();
        assertThat(check(1.0, null, null, probability).errors()).isEmpty();
        check(-1e-12, null, null, probability).refused("value", "is below the config's min 0.0");
        check(1.000000001, null, null, probability).refused("value", "1.000000001 is above the config's max 1.0");
    }

    @Test
    void a_value_below_min_and_off_the_step_is_refused_for_both_reasons() {
        Outcome outcome = check(0.5, null, null, STARS);
        assertThat(outcome.errors()).extracting(FieldError::message)
                .containsExactly("0.5 is below the config's min 1.0", "0.5 is off the config's step 1.0 (from 1.0)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {0.5, 1.5, 2.5, 10.5})
    void the_step_counts_from_min(double value) {
        assertThat(check(value, null, null, numeric("halves", 0.5, null, 1.0)).errors()).isEmpty();
        check(value + 0.5, null, null, numeric("halves", 0.5, null, 1.0)).refused("value", "(from 0.5)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {-0.75, 0, 0.25, 1e6})
    void without_min_the_step_counts_from_zero(double value) {
        assertThat(check(value, null, null, numeric("quarters", null, null, 0.25)).errors()).isEmpty();
        check(value + 0.1, null, null, numeric("quarters", null, null, 0.25)).refused("value",
                "off the config's step 0.25 (from 0.0)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {0.1, 0.3, 0.7, 2.9, 9.9, 0.1 + 0.2})
    void decimal_steps_absorb_binary_rounding(double value) {
        assertThat(check(value, null, null, numeric("tenths", 0.0, 10.0, 0.1)).errors()).isEmpty();
    }

    @Test
    void only_the_bounds_a_config_has_are_checked() {
        assertThat(check(-1e300, null, null, numeric("capped", null, 10.0, null)).errors()).isEmpty();
        assertThat(check(1e300, null, null, numeric("floored", 0.0, null, null)).errors()).isEmpty();
        check(10.5, null, null, numeric("capped", null, 10.0, null)).refused("value", "above the config's max 10.0");
        check(-0.5, null, null, numeric("floored", 0.0, null, null)).refused("value", "below the config's min 0.0");
    }

    @Test
    void a_value_off_the_step_far_from_the_base_is_refused() {
        check(2_000_000_000.5, null, null, numeric("count", 0.0, null, 1.0)).refused("value", "off the config's step");
    }

    @Test
    void a_label_or_labels_on_a_numeric_config_are_refused() {
        check(3.0, "x", null, STARS).refused("label", "config 'helpfulness' is NUMERIC: send a value, not labels");
        check(3.0, null, List.of("x"), STARS).refused("labels", "config 'helpfulness' is NUMERIC");
    }

    @Test
    void a_numeric_config_needs_a_value() {
        check(null, null, null, STARS).refused("value", "is required by NUMERIC config 'helpfulness'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"good, 1", "bad, 0", "meh, 0.5"})
    void a_category_label_stores_its_category_value(String label, double value) {
        ScoreContent expected = new ScoreContent(DataType.CATEGORICAL, value, label, List.of());
        assertThat(check(null, label, null, VERDICT).accepted()).isEqualTo(expected);
        assertThat(check(value, label, null, VERDICT).accepted()).as("with the matching value").isEqualTo(expected);
        assertThat(check(null, null, List.of(label), VERDICT).accepted()).as("as a list of one").isEqualTo(expected);
    }

    @Test
    void a_value_other_than_the_categorys_is_refused() {
        check(0.0, "good", null, VERDICT).refused("value", "category 'good' has value 1.0");
    }

    @Test
    void an_unknown_category_is_refused_listing_the_known_ones() {
        check(null, "Good", null, VERDICT).refused("label", "unknown category 'Good'; one of [good, bad, meh]");
    }

    @Test
    void a_single_select_config_takes_one_label() {
        check(null, null, List.of("good", "bad"), VERDICT).refused("labels", "config 'verdict' allows one label");
    }

    @Test
    void a_categorical_value_without_a_label_is_refused() {
        check(1.0, null, null, VERDICT).refused("label",
                "is required by CATEGORICAL config 'verdict'; one of [good, bad, meh]");
        check(null, null, null, VERDICT).refused("label", "is required by CATEGORICAL config 'verdict'");
    }

    @Test
    void a_multi_select_score_stores_its_labels_in_order_and_no_value() {
        assertThat(check(null, null, List.of("slow", "rude", "wrong"), TAGS).accepted())
                .isEqualTo(new ScoreContent(DataType.CATEGORICAL, null, "", List.of("slow", "rude", "wrong")));
        assertThat(check(null, "rude", null, TAGS).accepted())
                .as("a single label").isEqualTo(new ScoreContent(DataType.CATEGORICAL, null, "", List.of("rude")));
    }

    @Test
    void a_multi_select_score_with_a_value_is_refused() {
        check(-1.0, null, List.of("rude"), TAGS).refused("value", "a multi-select score carries labels only");
    }

    @Test
    void each_unknown_category_of_a_list_is_refused_at_its_place() {
        Outcome outcome = check(null, null, List.of("odd", "rude", "new"), TAGS);
        assertThat(outcome.content()).isEmpty();
        assertThat(outcome.errors()).extracting(FieldError::field).containsExactly("labels[0]", "labels[2]");
        assertThat(outcome.errors().getFirst().message()).isEqualTo("unknown category 'odd'; one of [rude, wrong, slow]");
    }

    @ParameterizedTest(name = "value {0}, label {1}")
    @CsvSource({"1, , 1, up", "0, , 0, down", ", up, 1, up", ", down, 0, down", "1, up, 1, up", "0, down, 0, down"})
    void a_boolean_value_0_or_1_or_a_label_stores_both(Double value, String label, double stored, String storedLabel) {
        assertThat(check(value, label, null, THUMBS).accepted())
                .isEqualTo(new ScoreContent(DataType.BOOLEAN, stored, storedLabel, List.of()));
    }

    @Test
    void boolean_labels_default_to_true_and_false() {
        ScoreConfig plain = bool("plain", null, null);
        assertThat(check(null, "true", null, plain).accepted().value()).isEqualTo(1.0);
        assertThat(check(null, "false", null, plain).accepted().value()).isEqualTo(0.0);
        assertThat(check(1.0, null, null, plain).accepted().stringValue()).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {0.5, 2, -1, 1.0000001})
    void a_boolean_value_other_than_0_or_1_is_refused(double value) {
        check(value, null, null, THUMBS).refused("value", "a BOOLEAN score's value is 0 or 1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maybe", "Up", "true", "1"})
    void a_boolean_label_other_than_the_configs_two_is_refused(String label) {
        check(null, label, null, THUMBS).refused("label", "must be 'up' or 'down'");
    }

    @Test
    void a_boolean_label_contradicting_the_value_is_refused() {
        check(1.0, "down", null, THUMBS).refused("label", "contradicts value 1.0");
        check(0.0, "up", null, THUMBS).refused("label", "contradicts value 0.0");
    }

    @Test
    void a_boolean_score_needs_a_value_or_a_label_and_takes_no_list() {
        check(null, null, null, THUMBS).refused("value", "is required by BOOLEAN config 'thumbs' (0/1 or a label)");
        check(null, null, List.of("up"), THUMBS).refused("labels", "config 'thumbs' is BOOLEAN: send value 0/1 or one label");
    }

    @Test
    void a_text_up_to_max_length_is_stored_as_its_label() {
        assertThat(check(null, "x".repeat(20), null, NOTES).accepted())
                .isEqualTo(new ScoreContent(DataType.TEXT, null, "x".repeat(20), List.of()));
    }

    @Test
    void a_text_longer_than_max_length_is_refused() {
        check(null, "x".repeat(21), null, NOTES).refused("label",
                "text of 21 characters is longer than the config's maxLength 20");
    }

    @Test
    void text_max_length_counts_characters_not_utf16_units() {
        assertThat(check(null, "🙂".repeat(20), null, NOTES).errors()).isEmpty();
        check(null, "🙂".repeat(21), null, NOTES).refused("label", "text of 21 characters");
    }

    @Test
    void a_text_may_be_as_long_as_the_largest_max_length_beyond_the_label_limit() {
        ScoreConfig longest = text("essay", 10_000);
        assertThat(check(null, "x".repeat(10_000), null, longest).errors()).isEmpty();
        check(null, "x".repeat(10_001), null, longest).refused("label", "must not be empty or too long");
    }

    @Test
    void a_text_of_astral_characters_is_measured_in_characters_up_to_the_largest_max_length() {
        assertThat(check(null, "🙂".repeat(6_000), null, text("essay", 10_000)).errors()).isEmpty();
    }

    @Test
    void an_empty_text_is_refused() {
        check(null, "", null, NOTES).refused("label", "must not be empty");
    }

    @Test
    void a_text_score_is_its_label_only() {
        check(null, null, null, NOTES).refused("label", "is required by TEXT config 'notes': the text");
        check(3.0, "ok", null, NOTES).refused("value", "config 'notes' is TEXT: send the text as label");
        Outcome list = check(null, null, List.of("ok"), NOTES);
        assertThat(list.content()).isEmpty();
        assertThat(list.errors()).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("labels", "config 'notes' is TEXT: send the text as label"),
                tuple("label", "is required by TEXT config 'notes': the text"));
    }
}
