package dev.annotations.api.score;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.annotations.api.http.Refusals.assertRefused;
import static dev.annotations.api.http.Refusals.assertRefusedNaming;
import static dev.annotations.api.scoreconfig.TestConfigs.archived;
import static dev.annotations.api.scoreconfig.TestConfigs.bool;
import static dev.annotations.api.scoreconfig.TestConfigs.categorical;
import static dev.annotations.api.scoreconfig.TestConfigs.category;
import static dev.annotations.api.scoreconfig.TestConfigs.numeric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A score request becomes a score or a 400 listing every invalid field: name, config, comment, metadata,
 * author, annotator kind and timestamp. Content and target rules have their own tests; here they are only
 * seen to be applied.
 */
class ScoreRulesTest {
    private static final UUID PROJECT = new UUID(7, 7);
    private static final Principal KEY = new Principal(new UUID(1, 1), PROJECT, "annotator-1", Role.ANNOTATOR, false);
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final Target TRACE = new Target(TargetType.TRACE, "4bf92f3577b34da6a3ce929d0e0e4736", null, null,
            null, null, null);
    private static final ScoreConfig HELPFULNESS = numeric("helpfulness", 1.0, 5.0, 1.0);
    private static final ScoreConfig RETIRED = archived(numeric("retired", 1.0, 5.0, null));
    private static final ScoreConfig THUMBS = bool("thumbs", "up", "down");
    private static final ScoreConfig VERDICT = categorical("verdict", false, category("good", 1), category("bad", 0));
    private static final Map<UUID, ScoreConfig> CONFIGS = Map.of(HELPFULNESS.id(), HELPFULNESS, RETIRED.id(), RETIRED,
            THUMBS.id(), THUMBS, VERDICT.id(), VERDICT);
    private static final Function<UUID, Optional<ScoreConfig>> LOOKUP = id -> Optional.ofNullable(CONFIGS.get(id));
    /** The project's one queue. */
    private static final UUID QUEUE = new UUID(9, 9);

    /** A valid request; each test changes what it is about. */
    private static final class Request {
        UUID id;
        Target target = TRACE;
        String name = "helpfulness";
        Double value = 4.0;
        String label;
        List<String> labels;
        String comment;
        Map<String, String> metadata;
        UUID configId;
        UUID queueId;
        Source source;
        AnnotatorKind annotatorKind;
        String author;
        Instant timestamp;

        Request config(ScoreConfig config) {
            configId = config.id();
            name = config.name();
            return this;
        }

        ScoreRequest build() {
            return new ScoreRequest(id, target, name, value, label, labels, comment, metadata, configId, queueId, source,
                    annotatorKind, author, timestamp);
        }

        Score check() {
            return check("");
        }

        Score check(String prefix) {
            return ScoreRules.check(build(), KEY, LOOKUP, QUEUE::equals, NOW, prefix);
        }
    }

    private static Request request() {
        return new Request();
    }

    private static Map<String, String> entries(int count) {
        return IntStream.range(0, count).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
    }

    @Test
    void an_accepted_score_belongs_to_the_callers_project_and_is_authored_by_its_key() {
        Score score = request().check();

        assertThat(score.id()).isNotNull();
        assertThat(score.projectId()).isEqualTo(PROJECT);
        assertThat(score.target()).isEqualTo(TRACE);
        assertThat(score.name()).isEqualTo("helpfulness");
        assertThat(score.dataType()).isEqualTo(DataType.NUMERIC);
        assertThat(score.value()).isEqualTo(4.0);
        assertThat(score.stringValue()).isEmpty();
        assertThat(score.labels()).isEmpty();
        assertThat(score.author()).isEqualTo("annotator-1");
        assertThat(score.createdBy()).isEqualTo("annotator-1");
        assertThat(score.changedBy()).isEqualTo("annotator-1");
        assertThat(score.version()).isZero();
        assertThat(score.deleted()).isFalse();
    }

    @Test
    void an_accepted_score_takes_the_documented_defaults() {
        Score score = request().check();

        assertThat(score.source()).isEqualTo(Source.API);
        assertThat(score.annotatorKind()).isEqualTo(AnnotatorKind.HUMAN);
        assertThat(score.comment()).isEmpty();
        assertThat(score.metadata()).isEmpty();
        assertThat(score.configId()).isNull();
        assertThat(score.queueId()).isNull();
        assertThat(score.timestamp()).isEqualTo(NOW);
        assertThat(score.createdAt()).isEqualTo(NOW);
        assertThat(score.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void an_accepted_score_keeps_what_the_client_chose() {
        Request request = request().config(HELPFULNESS);
        request.id = UUID.fromString("6f1c7a52-9a51-4d8e-b0f4-2f3b2d1c0a11");
        request.queueId = QUEUE;
        request.comment = "clear, but long";
        request.metadata = Map.of("model", "gpt-4o");

        Score score = request.check();

        assertThat(score.id()).isEqualTo(request.id);
        assertThat(score.configId()).isEqualTo(HELPFULNESS.id());
        assertThat(score.queueId()).isEqualTo(request.queueId);
        assertThat(score.comment()).isEqualTo("clear, but long");
        assertThat(score.metadata()).containsExactly(Map.entry("model", "gpt-4o"));
    }

    @Test
    void a_queue_id_that_names_no_queue_of_the_project_is_refused_naming_queueId() {
        Request request = request();
        request.queueId = new UUID(9, 10);

        assertRefused(request::check, "queueId", "no queue 00000000-0000-0009-0000-00000000000a in this project");
    }

    @Test
    void an_accepted_score_without_an_id_gets_a_fresh_one_each_time() {
        assertThat(request().check().id()).isNotEqualTo(request().check().id());
    }

    @Test
    void an_accepted_score_has_its_client_timestamp_cut_to_milliseconds() {
        Request request = request();
        request.timestamp = Instant.parse("2026-11-24T08:30:00.987654321Z");

        assertThat(request.check().timestamp()).isEqualTo(Instant.parse("2026-11-24T08:30:00.987Z"));
    }

    @Test
    void an_accepted_score_takes_its_content_from_its_config() {
        Request request = request().config(THUMBS);
        request.value = null;
        request.label = "up";

        Score score = request.check();

        assertThat(score.dataType()).isEqualTo(DataType.BOOLEAN);
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.stringValue()).isEqualTo("up");
    }

    @ParameterizedTest(name = "source {0} → {1}")
    @CsvSource({", HUMAN", "API, HUMAN", "ANNOTATION, HUMAN", "EVAL, LLM", "FEEDBACK, HUMAN"})
    void the_annotator_kind_defaults_to_LLM_for_EVAL_and_HUMAN_otherwise(Source source, AnnotatorKind expected) {
        Request request = request();
        request.source = source;
        assertThat(request.check().annotatorKind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"EVAL, CODE", "EVAL, HUMAN", "API, LLM", "FEEDBACK, CODE", "ANNOTATION, LLM"})
    void a_given_annotator_kind_wins_over_the_default(Source source, AnnotatorKind kind) {
        Request request = request();
        request.source = source;
        request.annotatorKind = kind;
        assertThat(request.check().annotatorKind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "9lives", "helpfulness", "Ragas.faithfulness", "judge:tone-v2_final", "X-1.2:3_"})
    void names_of_letters_digits_and_underscore_dot_colon_dash_are_accepted(String name) {
        Request request = request();
        request.name = name;
        assertThat(request.check().name()).isEqualTo(name);
    }

    @Test
    void names_are_at_most_64_characters() {
        Request request = request();
        request.name = "n".repeat(64);
        assertThat(request.check().name()).hasSize(64);
        request.name = "n".repeat(65);
        assertRefused(request::check, "name", "1 to 64 letters");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "_private", ".x", "-x", ":x", "has space", "a/b", "a,b", "naïve", "x\n"})
    void names_that_are_empty_start_with_a_sign_or_leave_that_alphabet_are_refused(String name) {
        Request request = request();
        request.name = name;
        assertRefused(request::check, "name", "1 to 64 letters, digits and _ . : -, starting with a letter or digit");
    }

    @ParameterizedTest
    @NullSource
    void a_missing_name_is_refused(String name) {
        Request request = request();
        request.name = name;
        assertRefused(request::check, "name", "1 to 64 letters");
    }

    @Test
    void an_unknown_config_is_refused() {
        UUID unknown = new UUID(0, 404);
        Request request = request();
        request.configId = unknown;
        assertRefused(request::check, "configId", "no score config " + unknown + " in this project");
    }

    @Test
    void an_archived_config_is_refused_without_judging_the_content() {
        Request request = request().config(RETIRED);
        request.value = null;
        request.labels = List.of("nonsense");
        assertRefused(request::check, "configId", "score config 'retired' is archived");
    }

    @Test
    void a_name_other_than_the_configs_is_refused() {
        Request request = request().config(HELPFULNESS);
        request.name = "helpful";
        assertRefused(request::check, "name", "must be the config's name 'helpfulness'");
    }

    @Test
    void the_content_is_checked_against_the_config() {
        Request request = request().config(HELPFULNESS);
        request.value = 9.0;
        assertRefused(request::check, "value", "9.0 is above the config's max 5.0");
    }

    @Test
    void without_a_config_the_content_is_inferred() {
        Request request = request();
        request.value = null;
        request.labels = List.of("rude", "slow");
        Score score = request.check();
        assertThat(score.dataType()).isEqualTo(DataType.CATEGORICAL);
        assertThat(score.labels()).containsExactly("rude", "slow");
    }

    @Test
    void comments_of_up_to_10000_characters_are_accepted() {
        Request request = request();
        request.comment = "x".repeat(10_000);
        assertThat(request.check().comment()).hasSize(10_000);
    }

    @Test
    void comments_longer_than_10000_characters_are_refused() {
        Request request = request();
        request.comment = "x".repeat(10_001);
        assertRefused(request::check, "comment", "must be at most 10000 characters");
    }

    private Request with(Map<String, String> metadata) {
        Request request = request();
        request.metadata = metadata;
        return request;
    }

    @Test
    void metadata_of_up_to_50_entries_is_accepted_and_copied() {
        Map<String, String> metadata = new HashMap<>(entries(50));
        Score score = with(metadata).check();
        metadata.put("later", "change");
        assertThat(score.metadata()).hasSize(50).doesNotContainKey("later");
    }

    @Test
    void metadata_of_more_than_50_entries_is_refused() {
        assertRefused(with(entries(51))::check, "metadata", "at most 50 entries");
    }

    @Test
    void metadata_keys_are_1_to_100_characters() {
        String longest = "k".repeat(100);
        assertThat(with(Map.of(longest, "v")).check().metadata()).containsKey(longest);
        assertRefused(with(Map.of("k".repeat(101), "v"))::check, "metadata." + "k".repeat(101),
                "keys are 1 to 100 characters");
        assertRefused(with(Map.of("", "v"))::check, "metadata.", "keys are 1 to 100 characters");
    }

    @Test
    void metadata_values_are_strings_not_null() {
        assertRefused(with(Collections.singletonMap("k", null))::check, "metadata.k", "values are strings, not null");
    }

    @Test
    void metadata_of_up_to_16384_bytes_of_keys_and_values_is_accepted() {
        assertThat(with(Map.of("k", "v".repeat(16_383))).check().metadata()).hasSize(1);
        assertRefused(with(Map.of("k", "v".repeat(16_384)))::check, "metadata", "is 16385 bytes; at most 16384");
    }

    @Test
    void metadata_is_measured_in_utf8_bytes() {
        // 8 192 two-byte characters + a one-byte key: 8 193 characters, 16 385 bytes.
        assertRefused(with(Map.of("k", "é".repeat(8_192)))::check, "metadata", "is 16385 bytes; at most 16384");
    }

    @ParameterizedTest(name = "source {0}")
    @CsvSource({", API", "API, API", "ANNOTATION, ANNOTATION"})
    void only_EVAL_and_FEEDBACK_scores_name_another_author(Source source, String shown) {
        Request request = request();
        request.source = source;
        request.author = "someone-else";
        assertRefused(request::check, "author", "only EVAL and FEEDBACK scores name their author; " + shown
                + " scores are authored by the API key ('annotator-1')");
    }

    @ParameterizedTest(name = "source {0}")
    @EnumSource(Source.class)
    void any_score_may_name_its_own_key_as_author(Source source) {
        Request request = request();
        request.source = source;
        request.author = "annotator-1";
        assertThat(request.check().author()).isEqualTo("annotator-1");
    }

    @ParameterizedTest(name = "{0} by \"{1}\"")
    @CsvSource({"EVAL, judge:gpt-4o", "FEEDBACK, end-user 42", "FEEDBACK, Jürgen 🙂", "EVAL, x"})
    void an_EVAL_or_FEEDBACK_score_records_the_author_it_names(Source source, String author) {
        Request request = request();
        request.source = source;
        request.author = author;
        Score score = request.check();
        assertThat(score.author()).isEqualTo(author);
        assertThat(score.createdBy()).as("who wrote it stays the key").isEqualTo("annotator-1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Source.class, names = {"EVAL", "FEEDBACK"})
    void a_named_author_may_be_256_characters(Source source) {
        Request request = request();
        request.source = source;
        request.author = "a".repeat(256);
        assertThat(request.check().author()).hasSize(256);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "line\nbreak", "tab\there", "nul\u0000", "del\u007f"})
    void a_named_author_that_is_blank_or_has_control_characters_is_refused(String author) {
        Request request = request();
        request.source = Source.FEEDBACK;
        request.author = author;
        assertRefused(request::check, "author", "1 to 256 characters without control characters");
    }

    @Test
    void a_named_author_longer_than_256_characters_is_refused() {
        Request request = request();
        request.source = Source.EVAL;
        request.author = "a".repeat(257);
        assertRefused(request::check, "author", "1 to 256 characters without control characters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1899-12-31T23:59:59.999Z", "2300-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void a_timestamp_outside_what_the_table_can_hold_is_refused(String timestamp) {
        Request request = request();
        request.timestamp = Instant.parse(timestamp);
        assertRefused(request::check, "timestamp", "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1900-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2299-12-31T23:59:59.999Z"})
    void a_timestamp_the_table_can_hold_is_accepted(String timestamp) {
        Request request = request();
        request.timestamp = Instant.parse(timestamp);
        assertThat(request.check().timestamp()).isEqualTo(Instant.parse(timestamp));
    }

    @Test
    void every_invalid_field_is_reported_at_once_with_the_prefix() {
        Request request = request();
        request.target = new Target(TargetType.SPAN, "4bf92f3577b34da6a3ce929d0e0e4736", null, null, null, null, null);
        request.name = "no spaces";
        request.value = Double.NaN;
        request.comment = "x".repeat(10_001);
        request.metadata = entries(51);
        request.author = "someone-else";

        assertRefusedNaming(() -> request.check("scores[3]."), "scores[3].target.spanId", "scores[3].name",
                "scores[3].value", "scores[3].comment", "scores[3].metadata", "scores[3].author");
        assertThatThrownBy(() -> request.check("scores[3].")).hasMessage("6 fields are invalid");
    }

    @Test
    void a_single_invalid_field_is_the_problems_detail() {
        Request request = request();
        request.comment = "x".repeat(10_001);
        assertThatThrownBy(request::check).isInstanceOf(ApiProblem.class)
                .hasMessage("comment: must be at most 10000 characters");
    }

    private Score stored(ScoreConfig config, Double value, String label) {
        Request request = config == null ? request() : request().config(config);
        request.value = value;
        request.label = label;
        return request.check();
    }

    @Test
    void a_patch_without_content_keeps_the_stored_content() {
        Score current = stored(VERDICT, null, "good");
        ScoreContent content = ScoreRules.checkPatch(new ScoreRequest.Patch(null, null, null, "on reflection",
                Map.of("pass", "2")), current, Optional.of(VERDICT));
        assertThat(content).isEqualTo(new ScoreContent(DataType.CATEGORICAL, 1.0, "good", List.of()));
    }

    @Test
    void patched_content_is_checked_against_the_config() {
        Score current = stored(HELPFULNESS, 3.0, null);
        assertThat(ScoreRules.checkPatch(new ScoreRequest.Patch(5.0, null, null, null, null), current,
                Optional.of(HELPFULNESS))).isEqualTo(new ScoreContent(DataType.NUMERIC, 5.0, "", List.of()));
        assertRefused(() -> ScoreRules.checkPatch(new ScoreRequest.Patch(6.0, null, null, null, null), current,
                Optional.of(HELPFULNESS)), "value", "6.0 is above the config's max 5.0");
        assertRefused(() -> ScoreRules.checkPatch(new ScoreRequest.Patch(null, "meh", null, null, null),
                stored(VERDICT, null, "good"), Optional.of(VERDICT)), "label", "unknown category 'meh'");
    }

    @Test
    void a_boolean_score_may_be_patched_by_its_label() {
        Score current = stored(THUMBS, 1.0, null);
        assertThat(ScoreRules.checkPatch(new ScoreRequest.Patch(null, "down", null, null, null), current,
                Optional.of(THUMBS))).isEqualTo(new ScoreContent(DataType.BOOLEAN, 0.0, "down", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "numeric patched with a label    | 3 |      | | label  | the score is NUMERIC and stays so",
            "numeric patched with labels     | 3 |      | a | labels | the score is NUMERIC and stays so",
            "categorical patched with a value|   | good | 2 | value  | the score is CATEGORICAL and stays so"})
    void a_patched_score_keeps_its_inferred_data_type(String description, Double storedValue, String storedLabel,
                                                String patch, String field, String message) {
        Score current = stored(null, storedValue, storedLabel);
        ScoreRequest.Patch change = switch (field) {
            case "label" -> new ScoreRequest.Patch(null, "x", null, null, null);
            case "labels" -> new ScoreRequest.Patch(null, null, List.of(patch), null, null);
            default -> new ScoreRequest.Patch(Double.parseDouble(patch), null, null, null, null);
        };
        assertRefused(() -> ScoreRules.checkPatch(change, current, Optional.empty()), field, message);
    }

    @Test
    void a_patched_comment_and_metadata_keep_their_limits() {
        Score current = stored(null, 3.0, null);
        assertRefused(() -> ScoreRules.checkPatch(new ScoreRequest.Patch(null, null, null, "x".repeat(10_001), null),
                current, Optional.empty()), "comment", "must be at most 10000 characters");
        assertRefused(() -> ScoreRules.checkPatch(new ScoreRequest.Patch(null, null, null, null, entries(51)),
                current, Optional.empty()), "metadata", "at most 50 entries");
        assertRefused(() -> ScoreRules.checkPatch(new ScoreRequest.Patch(null, null, null, null,
                Map.of("k", "é".repeat(8_192))), current, Optional.empty()), "metadata", "is 16385 bytes");
    }
}
