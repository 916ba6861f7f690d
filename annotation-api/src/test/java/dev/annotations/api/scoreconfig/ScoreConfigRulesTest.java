package dev.annotations.api.scoreconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.annotations.api.http.Refusals.assertRefused;
import static dev.annotations.api.http.Refusals.assertRefusedNaming;
import static dev.annotations.api.scoreconfig.TestConfigs.category;
import static dev.annotations.api.scoreconfig.TestConfigs.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a score config must be, per data type, and the defaults it gets. */
class ScoreConfigRulesTest {
    /** The README's widget list: which data types each widget can show. */
    private static final Map<Widget, Set<DataType>> FITS = Map.of(
            Widget.NUMBER, Set.of(DataType.NUMERIC),
            Widget.SLIDER, Set.of(DataType.NUMERIC),
            Widget.STARS, Set.of(DataType.NUMERIC),
            Widget.THUMBS, Set.of(DataType.BOOLEAN),
            Widget.RADIO, Set.of(DataType.CATEGORICAL, DataType.BOOLEAN),
            Widget.CHECKBOX, Set.of(DataType.CATEGORICAL),
            Widget.TEXTAREA, Set.of(DataType.TEXT));

    /** The smallest valid draft of each type. */
    private static TestConfigs.Draft minimal(DataType type) {
        TestConfigs.Draft draft = draft("x", type);
        return type == DataType.CATEGORICAL ? draft.categories(category("a", 1)) : draft;
    }

    private static List<Category> categories(int count) {
        return IntStream.range(0, count).mapToObj(i -> category("c" + i, i)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NUMERIC, false, NUMBER", "CATEGORICAL, false, RADIO", "CATEGORICAL, true, CHECKBOX",
            "BOOLEAN, false, THUMBS", "TEXT, false, TEXTAREA"})
    void every_config_gets_its_data_types_default_widget(DataType type, boolean multiSelect, Widget widget) {
        assertThat(minimal(type).multiSelect(multiSelect).build().widget()).isEqualTo(widget);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DataType.class)
    void every_config_keeps_its_identity_and_is_live_with_no_direction_and_an_empty_description(DataType type) {
        ScoreConfig config = minimal(type).build();
        assertThat(config.name()).isEqualTo("x");
        assertThat(config.dataType()).isEqualTo(type);
        assertThat(config.projectId()).isEqualTo(TestConfigs.PROJECT);
        assertThat(config.createdAt()).isEqualTo(TestConfigs.CREATED);
        assertThat(config.createdBy()).isEqualTo("admin");
        assertThat(config.archived()).isFalse();
        assertThat(config.direction()).isEqualTo(Direction.NONE);
        assertThat(config.description()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Direction.class)
    void every_config_keeps_the_direction_it_is_given(Direction direction) {
        assertThat(minimal(DataType.NUMERIC).direction(direction).build().direction()).isEqualTo(direction);
    }

    @Test
    void every_config_may_have_a_description_of_10000_characters_and_no_more() {
        assertThat(minimal(DataType.TEXT).description("d".repeat(10_000)).build().description()).hasSize(10_000);
        assertRefused(minimal(DataType.TEXT).description("d".repeat(10_001))::build, "description",
                "must be at most 10000 characters");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "0", "helpfulness", "ragas.faithfulness", "judge:tone-v2_final"})
    void every_config_is_named_with_letters_digits_and_underscore_dot_colon_dash(String name) {
        assertThat(draft(name, DataType.TEXT).build().name()).isEqualTo(name);
    }

    @Test
    void every_config_has_a_name_of_at_most_64_characters() {
        assertThat(draft("n".repeat(64), DataType.TEXT).build().name()).hasSize(64);
        assertRefused(draft("n".repeat(65), DataType.TEXT)::build, "name", "1 to 64 letters");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"_x", "-x", ".x", "a b", "a/b", "naïve", "tab\tx"})
    void every_config_refuses_any_other_name(String name) {
        assertRefused(draft(name, DataType.TEXT)::build, "name",
                "1 to 64 letters, digits and _ . : -, starting with a letter or digit");
    }

    @Test
    void every_config_needs_a_data_type_and_stops_there() {
        assertRefused(draft("x", null).min(5.0).max(1.0)::build, "dataType",
                "is required; one of NUMERIC, CATEGORICAL, BOOLEAN, TEXT");
        assertRefusedNaming(draft("a b", null)::build, "name", "dataType");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"NUMERIC", "CATEGORICAL", "TEXT"})
    void every_config_names_a_stray_false_label_as_false_label(DataType type) {
        assertRefused(minimal(type).falseLabel("no")::build, "falseLabel", "does not apply to " + type + " configs");
    }

    @Test
    void every_config_reports_every_invalid_field_at_once() {
        TestConfigs.Draft draft = draft("a b", DataType.NUMERIC).widget(Widget.TEXTAREA).min(5.0).max(1.0).step(0.0)
                .maxLength(3).description("d".repeat(10_001));
        assertRefusedNaming(draft::build, "name", "description", "widget", "maxLength", "max", "step");
        assertThatThrownBy(draft::build).hasMessage("6 fields are invalid");
    }

    static Stream<Arguments> fitting() {
        return FITS.entrySet().stream().flatMap(entry -> entry.getValue().stream().map(type -> Arguments.of(entry.getKey(), type)));
    }

    static Stream<Arguments> unfitting() {
        return Arrays.stream(Widget.values()).flatMap(widget -> Arrays.stream(DataType.values())
                .filter(type -> !FITS.get(widget).contains(type)).map(type -> Arguments.of(widget, type)));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("fitting")
    void a_widget_shows_the_data_types_it_fits(Widget widget, DataType type) {
        TestConfigs.Draft draft = minimal(type).widget(widget);
        switch (widget) {
            case SLIDER -> draft.min(0.0).max(10.0);
            case STARS -> draft.max(5.0);
            case CHECKBOX -> draft.multiSelect(true);
            default -> { }
        }
        assertThat(draft.build().widget()).isEqualTo(widget);
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("unfitting")
    void a_widget_is_refused_for_a_data_type_it_does_not_fit(Widget widget, DataType type) {
        assertRefused(minimal(type).widget(widget)::build, "widget", widget + " cannot show " + type + " scores");
    }

    @Test
    void numeric_configs_may_have_any_of_min_max_and_step() {
        ScoreConfig config = draft("x", DataType.NUMERIC).min(-1.5).max(1.5).step(0.5).build();
        assertThat(List.of(config.min(), config.max(), config.step())).containsExactly(-1.5, 1.5, 0.5);
        assertThat(draft("x", DataType.NUMERIC).build().min()).isNull();
        assertThat(draft("x", DataType.NUMERIC).min(3.0).build().max()).isNull();
        assertThat(draft("x", DataType.NUMERIC).max(-3.0).build().min()).isNull();
        assertThat(draft("x", DataType.NUMERIC).min(0.0).max(1e-9).step(1e-12).build().step()).isEqualTo(1e-12);
    }

    @ParameterizedTest(name = "min {0}, max {1}")
    @CsvSource({"5, 5", "5, 1", "-1, -2", "0, -0.0"})
    void numeric_configs_need_max_greater_than_min(double min, double max) {
        assertRefused(draft("x", DataType.NUMERIC).min(min).max(max)::build, "max", "must be greater than min");
    }

    @ParameterizedTest(name = "step {0}")
    @ValueSource(doubles = {0, -0.0, -1})
    void numeric_configs_need_a_positive_step(double step) {
        assertRefused(draft("x", DataType.NUMERIC).step(step)::build, "step", "must be greater than 0");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"min, NaN", "min, -Infinity", "max, Infinity", "max, NaN"})
    void numeric_configs_refuse_bounds_that_are_not_finite(String field, double value) {
        TestConfigs.Draft draft = draft("x", DataType.NUMERIC);
        assertRefused((field.equals("min") ? draft.min(value) : draft.max(value))::build, field,
                "must be a finite number");
    }

    @Test
    void numeric_configs_refuse_a_step_that_is_not_finite() {
        assertRefused(draft("x", DataType.NUMERIC).step(Double.POSITIVE_INFINITY)::build, "step",
                "must be a finite number");
        assertRefusedNaming(draft("x", DataType.NUMERIC).step(Double.NaN)::build, "step", "step");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "categories   | categories",
            "multiSelect  | multiSelect",
            "trueLabel    | trueLabel",
            "maxLength    | maxLength"})
    void numeric_configs_refuse_the_fields_of_other_types(String sent, String field) {
        assertRefused(withForeignField(draft("x", DataType.NUMERIC), sent)::build, field,
                "does not apply to NUMERIC configs");
    }

    @Test
    void numeric_configs_accept_empty_categories_and_multi_select_off() {
        assertThat(draft("x", DataType.NUMERIC).categories(List.of()).multiSelect(false).build().categories()).isEmpty();
    }

    @ParameterizedTest(name = "max {0}")
    @ValueSource(doubles = {2, 5, 10})
    void numeric_configs_as_stars_count_from_1_by_1_up_to_2_to_10_stars(double max) {
        ScoreConfig stars = draft("x", DataType.NUMERIC).widget(Widget.STARS).max(max).build();
        assertThat(List.of(stars.min(), stars.max(), stars.step())).containsExactly(1.0, max, 1.0);
        assertThat(draft("x", DataType.NUMERIC).widget(Widget.STARS).min(1.0).max(max).step(1.0).build().step())
                .isEqualTo(1.0);
    }

    @ParameterizedTest(name = "max {0}")
    @CsvSource(nullValues = "null", value = {"null", "1", "11", "4.5", "-5"})
    void numeric_configs_as_stars_refuse_a_max_that_is_not_a_star_count_of_2_to_10(Double max) {
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.STARS).max(max)::build, "max",
                "a STARS config needs max = the number of stars, 2..10");
    }

    @Test
    void numeric_configs_as_stars_refuse_another_start_or_step() {
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.STARS).min(0.0).max(5.0)::build, "min",
                "a STARS config starts at 1");
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.STARS).max(5.0).step(0.5)::build, "step",
                "a STARS config steps by 1");
    }

    @Test
    void numeric_configs_as_a_slider_need_both_bounds() {
        assertThat(draft("x", DataType.NUMERIC).widget(Widget.SLIDER).min(0.0).max(1.0).build().widget())
                .isEqualTo(Widget.SLIDER);
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.SLIDER).max(1.0)::build, "min",
                "a SLIDER needs both min and max");
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.SLIDER).min(0.0)::build, "max",
                "a SLIDER needs both min and max");
        assertRefused(draft("x", DataType.NUMERIC).widget(Widget.SLIDER)::build, "min",
                "a SLIDER needs both min and max");
    }

    @Test
    void categorical_configs_default_each_display_name_to_its_label_and_keep_hotkeys() {
        ScoreConfig config = draft("x", DataType.CATEGORICAL).categories(new Category("good", 1.0, "Good answer", "g"),
                new Category("bad", 0.0, null, null)).build();
        assertThat(config.categories()).containsExactly(new Category("good", 1.0, "Good answer", "g"),
                new Category("bad", 0.0, "bad", null));
        assertThat(config.multiSelect()).isFalse();
    }

    @ParameterizedTest(name = "{0} categories")
    @ValueSource(ints = {1, 100})
    void categorical_configs_have_1_to_100_categories(int count) {
        assertThat(draft("x", DataType.CATEGORICAL).categories(categories(count)).build().categories()).hasSize(count);
    }

    @ParameterizedTest(name = "{0} categories")
    @ValueSource(ints = {0, 101})
    void categorical_configs_refuse_none_or_more_than_100_categories(int count) {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(categories(count))::build, "categories",
                "1 to 100 categories are required");
    }

    @Test
    void categorical_configs_refuse_missing_categories() {
        assertRefused(draft("x", DataType.CATEGORICAL)::build, "categories", "1 to 100 categories are required");
    }

    @Test
    void categorical_configs_refuse_a_null_category() {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(Collections.singletonList(null))::build,
                "categories[0]", "must be an object with label and value");
    }

    @ParameterizedTest(name = "label \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void categorical_configs_refuse_a_blank_label(String label) {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(category("ok", 1), new Category(label, 0.0, null, null))::build,
                "categories[1].label", "1 to 100 characters");
    }

    @Test
    void categorical_configs_accept_a_label_of_100_characters_of_any_kind_and_no_more() {
        assertThat(draft("x", DataType.CATEGORICAL).categories(category("l".repeat(100), 1), category("😐 meh", 0))
                .build().categories()).hasSize(2);
        assertRefused(draft("x", DataType.CATEGORICAL).categories(category("l".repeat(101), 1))::build,
                "categories[0].label", "1 to 100 characters");
    }

    @Test
    void categorical_configs_refuse_a_label_listed_twice() {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(category("a", 1), category("b", 2), category("a", 3))::build,
                "categories[2].label", "duplicate label 'a'");
    }

    @ParameterizedTest(name = "value {0}")
    @CsvSource(nullValues = "null", value = {"null", "NaN", "Infinity", "-Infinity"})
    void categorical_configs_refuse_a_value_that_is_missing_or_not_finite(Double value) {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(new Category("a", value, null, null))::build,
                "categories[0].value", "a finite number is required");
    }

    @ParameterizedTest(name = "hotkey \"{0}\"")
    @ValueSource(strings = {"1", "g", "👍", "é"})
    void categorical_configs_accept_a_hotkey_of_one_character(String hotkey) {
        assertThat(draft("x", DataType.CATEGORICAL).categories(new Category("a", 1.0, null, hotkey)).build()
                .categories().getFirst().hotkey()).isEqualTo(hotkey);
    }

    @ParameterizedTest(name = "hotkey \"{0}\"")
    @ValueSource(strings = {"", "ab", "👍👍", "e\u0301"})
    void categorical_configs_refuse_a_hotkey_that_is_not_one_character(String hotkey) {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(new Category("a", 1.0, null, hotkey))::build,
                "categories[0].hotkey", "a single character, unique within the config");
    }

    @Test
    void categorical_configs_refuse_a_hotkey_used_twice() {
        assertRefused(draft("x", DataType.CATEGORICAL).categories(new Category("a", 1.0, null, "k"),
                new Category("b", 2.0, null, "k"))::build, "categories[1].hotkey", "unique within the config");
    }

    @Test
    void categorical_configs_allow_display_names_of_up_to_100_characters() {
        assertThat(draft("x", DataType.CATEGORICAL).categories(new Category("a", 1.0, "d".repeat(100), null)).build()
                .categories().getFirst().displayName()).hasSize(100);
        assertRefused(draft("x", DataType.CATEGORICAL).categories(new Category("a", 1.0, "d".repeat(101), null))::build,
                "categories[0].displayName", "at most 100 characters");
    }

    @Test
    void categorical_configs_name_each_invalid_category_field() {
        assertRefusedNaming(draft("x", DataType.CATEGORICAL).categories(new Category("", null, "d".repeat(101), "xy"),
                new Category("b", 1.0, null, null))::build,
                "categories[0].label", "categories[0].value", "categories[0].hotkey", "categories[0].displayName");
    }

    @Test
    void categorical_configs_with_multi_select_default_to_checkboxes_and_refuse_radio_buttons() {
        assertThat(minimal(DataType.CATEGORICAL).multiSelect(true).build().multiSelect()).isTrue();
        assertRefused(minimal(DataType.CATEGORICAL).multiSelect(true).widget(Widget.RADIO)::build, "widget",
                "RADIO picks one label; use CHECKBOX with multiSelect");
    }

    @Test
    void categorical_configs_without_multi_select_refuse_checkboxes() {
        assertRefused(minimal(DataType.CATEGORICAL).widget(Widget.CHECKBOX)::build, "widget",
                "CHECKBOX needs multiSelect: true");
        assertRefused(minimal(DataType.CATEGORICAL).multiSelect(false).widget(Widget.CHECKBOX)::build, "widget",
                "CHECKBOX needs multiSelect: true");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"min", "max", "step", "trueLabel", "maxLength"})
    void categorical_configs_refuse_the_fields_of_other_types(String field) {
        assertRefused(withForeignField(minimal(DataType.CATEGORICAL), field)::build, field,
                "does not apply to CATEGORICAL configs");
    }

    @Test
    void boolean_configs_default_their_labels_to_true_and_false() {
        ScoreConfig config = draft("x", DataType.BOOLEAN).build();
        assertThat(List.of(config.trueLabel(), config.falseLabel())).containsExactly("true", "false");
    }

    @Test
    void boolean_configs_keep_the_labels_they_are_given_and_may_use_radio_buttons() {
        ScoreConfig config = draft("x", DataType.BOOLEAN).trueLabel("👍").falseLabel("👎").widget(Widget.RADIO).build();
        assertThat(List.of(config.trueLabel(), config.falseLabel())).containsExactly("👍", "👎");
        assertThat(draft("x", DataType.BOOLEAN).trueLabel("t".repeat(100)).build().trueLabel()).hasSize(100);
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @CsvSource(delimiter = '|', value = {"trueLabel | ''", "trueLabel | '  '", "trueLabel | 101", "falseLabel | ''",
            "falseLabel | ' '", "falseLabel | 101"})
    void boolean_configs_refuse_a_label_that_is_blank_or_longer_than_100(String field, String given) {
        String label = given.equals("101") ? "l".repeat(101) : given;
        TestConfigs.Draft draft = draft("x", DataType.BOOLEAN);
        if (field.equals("trueLabel")) {
            draft.trueLabel(label);
        } else {
            draft.falseLabel(label);
        }
        assertRefused(draft::build, field, "1 to 100 characters");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(nullValues = "null", value = {"yes, yes", "false, null", "null, true"})
    void boolean_configs_refuse_two_equal_labels_given_or_defaulted(String trueLabel, String falseLabel) {
        assertRefused(draft("x", DataType.BOOLEAN).trueLabel(trueLabel).falseLabel(falseLabel)::build, "falseLabel",
                "must differ from trueLabel");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"min", "max", "step", "categories", "multiSelect", "maxLength"})
    void boolean_configs_refuse_the_fields_of_other_types(String field) {
        assertRefused(withForeignField(draft("x", DataType.BOOLEAN), field)::build, field,
                "does not apply to BOOLEAN configs");
    }

    @Test
    void text_configs_default_to_a_max_length_of_1000() {
        assertThat(draft("x", DataType.TEXT).build().maxLength()).isEqualTo(1_000);
    }

    @ParameterizedTest(name = "maxLength {0}")
    @ValueSource(ints = {1, 20, 10_000})
    void text_configs_allow_a_max_length_of_1_to_10000(int maxLength) {
        assertThat(draft("x", DataType.TEXT).maxLength(maxLength).build().maxLength()).isEqualTo(maxLength);
    }

    @ParameterizedTest(name = "maxLength {0}")
    @ValueSource(ints = {0, -1, 10_001, Integer.MAX_VALUE})
    void text_configs_refuse_a_max_length_outside_1_to_10000(int maxLength) {
        assertRefused(draft("x", DataType.TEXT).maxLength(maxLength)::build, "maxLength", "must be 1..10000");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"min", "max", "step", "categories", "multiSelect", "trueLabel"})
    void text_configs_refuse_the_fields_of_other_types(String field) {
        assertRefused(withForeignField(draft("x", DataType.TEXT), field)::build, field,
                "does not apply to TEXT configs");
    }

    /** The draft with one field that belongs to another data type, set to a value valid there. */
    private static TestConfigs.Draft withForeignField(TestConfigs.Draft draft, String field) {
        return switch (field) {
            case "min" -> draft.min(0.0);
            case "max" -> draft.max(1.0);
            case "step" -> draft.step(1.0);
            case "categories" -> draft.categories(category("a", 1));
            case "multiSelect" -> draft.multiSelect(true);
            case "trueLabel" -> draft.trueLabel("yes");
            case "maxLength" -> draft.maxLength(100);
            default -> throw new IllegalArgumentException(field);
        };
    }
}
