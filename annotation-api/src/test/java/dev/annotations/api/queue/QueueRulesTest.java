package dev.annotations.api.queue;

import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static dev.annotations.api.http.Refusals.assertRefused;
import static dev.annotations.api.http.Refusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings a queue is created with and may be edited to: names, configs, members, strategy and bounds. */
class QueueRulesTest {
    private static final ScoreConfig HELPFULNESS = TestConfigs.numeric("helpfulness", 1.0, 5.0, 1.0);
    private static final ScoreConfig VERDICT = TestConfigs.text("verdict", 100);
    private static final ScoreConfig RETIRED = TestConfigs.archived(TestConfigs.text("retired", 100));
    private static final UUID UNKNOWN = new UUID(0, 404);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** Every id is a live config except {@link #UNKNOWN} and {@link #RETIRED}'s. */
    private static final Map<UUID, ScoreConfig> KNOWN = Map.of(HELPFULNESS.id(), HELPFULNESS, VERDICT.id(), VERDICT,
            RETIRED.id(), RETIRED);
    private static final Function<UUID, Optional<ScoreConfig>> CONFIGS = id -> id.equals(UNKNOWN) ? Optional.empty()
            : Optional.of(KNOWN.getOrDefault(id, HELPFULNESS));

    /** A valid draft; each test changes what it is about. */
    private static final class Draft {
        String name = "support-review";
        String description;
        List<UUID> scoreConfigIds = List.of(HELPFULNESS.id());
        List<UUID> optionalScoreConfigIds;
        List<String> annotators = List.of("annotator-1", "annotator-2");
        List<String> reviewers;
        Strategy strategy = Strategy.ROUND_ROBIN;
        Integer annotatorsPerItem = 1;
        Integer reservationTimeoutSeconds;
        Boolean reviewRequired;

        List<Queue.ConfigRef> check() {
            return QueueRules.check(new QueueDraft(name, description, scoreConfigIds, optionalScoreConfigIds, annotators,
                    reviewers, strategy, annotatorsPerItem, reservationTimeoutSeconds, reviewRequired, null), CONFIGS);
        }
    }

    private static Draft draft() {
        return new Draft();
    }

    private static List<UUID> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> new UUID(1, i)).toList();
    }

    private static List<String> members(int count) {
        return IntStream.range(0, count).mapToObj(i -> "member-" + i).toList();
    }

    private static Queue queue(boolean reviewRequired) {
        return new Queue(new UUID(2, 2), TestConfigs.PROJECT, "support-review", "", List.of(), List.of("a"),
                List.of("r"), Strategy.MANUAL, 1, 600, reviewRequired, false, QueueStatus.ACTIVE, T0, "admin", T0, "admin");
    }

    private static QueueDraft.Patch patch(String name, String description, List<String> annotators, List<String> reviewers,
                                          Integer timeout) {
        return new QueueDraft.Patch(name, description, annotators, reviewers, timeout, null, null);
    }

    @Test
    void a_new_queue_fills_its_required_then_its_optional_configs_in_order() {
        Draft draft = draft();
        draft.scoreConfigIds = List.of(VERDICT.id(), HELPFULNESS.id());
        draft.optionalScoreConfigIds = List.of(new UUID(3, 3));

        assertThat(draft.check()).containsExactly(new Queue.ConfigRef(VERDICT.id(), true),
                new Queue.ConfigRef(HELPFULNESS.id(), true), new Queue.ConfigRef(new UUID(3, 3), false));
    }

    @Test
    void a_queue_of_optional_configs_only_is_accepted() {
        Draft draft = draft();
        draft.scoreConfigIds = null;
        draft.optionalScoreConfigIds = List.of(HELPFULNESS.id());
        assertThat(draft.check()).containsExactly(new Queue.ConfigRef(HELPFULNESS.id(), false));
    }

    @Test
    void a_queue_without_configs_is_refused() {
        Draft draft = draft();
        draft.scoreConfigIds = List.of();
        assertRefused(draft::check, "scoreConfigIds", "at least one score config is required");
        draft.scoreConfigIds = null;
        assertRefused(draft::check, "scoreConfigIds", "at least one score config is required");
    }

    @ParameterizedTest(name = "{0} required + {1} optional")
    @CsvSource({"50, 0", "0, 50", "25, 25"})
    void creating_a_queue_accepts_up_to_50_configs_in_all(int required, int optional) {
        Draft draft = draft();
        List<UUID> all = ids(required + optional);
        draft.scoreConfigIds = all.subList(0, required);
        draft.optionalScoreConfigIds = all.subList(required, all.size());
        assertThat(draft.check()).hasSize(50);
    }

    @ParameterizedTest(name = "{0} required + {1} optional")
    @CsvSource({"51, 0", "0, 51", "30, 21"})
    void creating_a_queue_refuses_more_than_50_configs_in_all(int required, int optional) {
        Draft draft = draft();
        List<UUID> all = ids(required + optional);
        draft.scoreConfigIds = all.subList(0, required);
        draft.optionalScoreConfigIds = all.subList(required, all.size());
        assertRefused(draft::check, "scoreConfigIds", "at most 50 configs");
    }

    @Test
    void creating_a_queue_refuses_each_config_that_is_missing_unknown_archived_or_listed_twice_at_its_place() {
        Draft draft = draft();
        draft.scoreConfigIds = Arrays.asList(HELPFULNESS.id(), null, UNKNOWN, RETIRED.id(), HELPFULNESS.id());
        draft.optionalScoreConfigIds = List.of(VERDICT.id(), HELPFULNESS.id());

        assertThatThrownBy(draft::check).hasMessage("5 fields are invalid");
        assertRefusedNaming(draft::check, "scoreConfigIds[1]", "scoreConfigIds[2]", "scoreConfigIds[3]",
                "scoreConfigIds[4]", "optionalScoreConfigIds[1]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "null      | must be a config id",
            "unknown   | no score config 00000000-0000-0000-0000-000000000194 in this project",
            "archived  | score config 'retired' is archived",
            "twice     | config %s is listed twice"})
    void creating_a_queue_names_why_a_config_is_refused(String kind, String message) {
        Draft draft = draft();
        UUID id = switch (kind) {
            case "null" -> null;
            case "unknown" -> UNKNOWN;
            case "archived" -> RETIRED.id();
            default -> HELPFULNESS.id();
        };
        draft.scoreConfigIds = Arrays.asList(HELPFULNESS.id(), id);
        assertRefused(draft::check, "scoreConfigIds[1]", message.formatted(HELPFULNESS.id()));
    }

    @Test
    void creating_a_queue_refuses_a_config_both_required_and_optional() {
        Draft draft = draft();
        draft.optionalScoreConfigIds = List.of(HELPFULNESS.id());
        assertRefused(draft::check, "optionalScoreConfigIds[0]", "config " + HELPFULNESS.id() + " is listed twice");
    }

    @Test
    void creating_a_queue_needs_a_strategy() {
        Draft draft = draft();
        draft.strategy = null;
        assertRefused(draft::check, "strategy", "is required: ROUND_ROBIN, LOAD_BALANCED or MANUAL");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1, 2, 10})
    void creating_a_queue_accepts_1_to_10_annotators_per_item(int perItem) {
        Draft draft = draft();
        draft.annotatorsPerItem = perItem;
        assertThat(draft.check()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @NullSource
    @ValueSource(ints = {0, -1, 11, Integer.MAX_VALUE})
    void creating_a_queue_refuses_annotators_per_item_outside_1_to_10(Integer perItem) {
        Draft draft = draft();
        draft.annotatorsPerItem = perItem;
        assertRefused(draft::check, "annotatorsPerItem", "must be 1 to 10");
    }

    @Test
    void creating_a_queue_with_review_required_needs_a_reviewer() {
        Draft draft = draft();
        draft.reviewRequired = true;
        assertRefused(draft::check, "reviewers", "a queue with reviewRequired needs at least one reviewer");
        draft.reviewers = List.of();
        assertRefused(draft::check, "reviewers", "a queue with reviewRequired needs at least one reviewer");
        draft.reviewers = List.of("reviewer-1");
        assertThat(draft.check()).hasSize(1);
    }

    @ParameterizedTest(name = "reviewRequired {0}")
    @NullSource
    @ValueSource(booleans = false)
    void creating_a_queue_without_review_needs_no_reviewer(Boolean reviewRequired) {
        Draft draft = draft();
        draft.reviewRequired = reviewRequired;
        draft.reviewers = List.of();
        assertThat(draft.check()).hasSize(1);
    }

    @Test
    void a_queue_with_no_members_yet_is_accepted() {
        Draft draft = draft();
        draft.annotators = null;
        draft.reviewers = null;
        assertThat(draft.check()).hasSize(1);
    }

    @Test
    void creating_a_queue_reports_every_invalid_setting_at_once() {
        Draft draft = draft();
        draft.name = "";
        draft.description = "d".repeat(20_001);
        draft.scoreConfigIds = List.of(UNKNOWN);
        draft.annotators = List.of("a b");
        draft.reviewers = List.of("r", "r");
        draft.strategy = null;
        draft.annotatorsPerItem = 0;
        draft.reservationTimeoutSeconds = 0;
        assertRefusedNaming(draft::check, "name", "description", "scoreConfigIds[0]", "annotators[0]",
                "reviewers[1]", "strategy", "annotatorsPerItem", "reservationTimeoutSeconds");
    }

    /** Rules shared by creating and editing a queue: run on a draft and on a patch alike. */
    private void create(String name, String description, List<String> annotators, List<String> reviewers,
                        Integer timeout) {
        Draft draft = draft();
        draft.name = name;
        draft.description = description;
        draft.annotators = annotators;
        draft.reviewers = reviewers;
        draft.reservationTimeoutSeconds = timeout;
        draft.check();
    }

    private void edit(String name, String description, List<String> annotators, List<String> reviewers,
                      Integer timeout) {
        QueueRules.checkPatch(patch(name, description, annotators, reviewers, timeout), queue(false));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"x", "support review (week 48)", "Überprüfung 🙂"})
    void a_name_of_1_to_100_characters_of_any_script_is_accepted(String name) {
        create(name, null, null, null, null);
        edit(name, null, null, null, null);
    }

    @Test
    void a_name_may_be_100_characters() {
        create("n".repeat(100), null, null, null, null);
        edit("n".repeat(100), null, null, null, null);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "\t"})
    void a_blank_name_is_refused(String name) {
        assertRefused(() -> create(name, null, null, null, null), "name", "is required and must not be empty");
        assertRefused(() -> edit(name, null, null, null, null), "name", "is required and must not be empty");
    }

    @Test
    void a_missing_name_is_refused_on_create_and_kept_on_edit() {
        assertRefused(() -> create(null, null, null, null, null), "name", "is required and must not be empty");
        edit(null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"101 characters, 101", "a line break, 10", "a NUL, 0", "an escape, 27"})
    void a_name_too_long_or_with_a_control_character_is_refused(String description, int code) {
        String name = code == 101 ? "n".repeat(101) : "a" + (char) code + "b";
        assertRefused(() -> create(name, null, null, null, null), "name",
                "1 to 100 characters without control characters");
        assertRefused(() -> edit(name, null, null, null, null), "name",
                "1 to 100 characters without control characters");
    }

    @Test
    void a_description_is_at_most_20000_characters() {
        create("q", "d".repeat(20_000), null, null, null);
        edit(null, "d".repeat(20_000), null, null, null);
        assertRefused(() -> create("q", "d".repeat(20_001), null, null, null), "description",
                "must be at most 20000 characters");
        assertRefused(() -> edit(null, "d".repeat(20_001), null, null, null), "description",
                "must be at most 20000 characters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1, 600, 604_800})
    void a_reservation_timeout_of_1_second_to_7_days_is_accepted(int seconds) {
        create("q", null, null, null, seconds);
        edit(null, null, null, null, seconds);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1, 604_801, Integer.MIN_VALUE})
    void a_reservation_timeout_outside_1_second_to_7_days_is_refused(int seconds) {
        assertRefused(() -> create("q", null, null, null, seconds), "reservationTimeoutSeconds", "must be 1 to 604800");
        assertRefused(() -> edit(null, null, null, null, seconds), "reservationTimeoutSeconds", "must be 1 to 604800");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"annotator-1", "jane.doe@example.org", "a+b_c", "Jürgen", "田中"})
    void members_are_named_like_keys(String member) {
        create("q", null, List.of(member), List.of(member), null);
        edit(null, null, List.of(member), List.of(member), null);
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "annotators | ''          | a key name: is required",
            "annotators | has space   | a key name: may contain letters, digits and . _ @ + - only",
            "reviewers  | a/b         | a key name: may contain letters, digits and . _ @ + - only",
            "reviewers  | 'x\ty'      | a key name: may contain letters, digits and . _ @ + - only",
            "annotators | 101         | a key name: must be at most 100 characters"})
    void a_member_that_is_not_a_key_name_is_refused_at_its_place(String field, String member, String message) {
        List<String> members = List.of("ok", member.equals("101") ? "m".repeat(101) : member);
        List<String> annotators = field.equals("annotators") ? members : null;
        List<String> reviewers = field.equals("reviewers") ? members : null;
        assertRefused(() -> create("q", null, annotators, reviewers, null), field + "[1]", message);
        assertRefused(() -> edit(null, null, annotators, reviewers, null), field + "[1]", message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"annotators", "reviewers"})
    void a_null_member_is_refused(String field) {
        List<String> members = Collections.singletonList(null);
        assertRefused(() -> create("q", null, field.equals("annotators") ? members : null,
                field.equals("reviewers") ? members : null, null), field + "[0]", "a key name: is required");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"annotators", "reviewers"})
    void a_member_listed_twice_is_refused_at_the_second_place(String field) {
        List<String> members = List.of("a", "b", "a");
        List<String> annotators = field.equals("annotators") ? members : null;
        List<String> reviewers = field.equals("reviewers") ? members : null;
        assertRefused(() -> create("q", null, annotators, reviewers, null), field + "[2]", "'a' is listed twice");
        assertRefused(() -> edit(null, null, annotators, reviewers, null), field + "[2]", "'a' is listed twice");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"annotators", "reviewers"})
    void up_to_1000_members_are_accepted_and_no_more(String field) {
        boolean annotating = field.equals("annotators");
        create("q", null, annotating ? members(1000) : null, annotating ? null : members(1000), null);
        edit(null, null, annotating ? members(1000) : null, annotating ? null : members(1000), null);
        assertRefused(() -> create("q", null, annotating ? members(1001) : null, annotating ? null : members(1001), null),
                field, "at most 1000 members");
        assertRefused(() -> edit(null, null, annotating ? members(1001) : null, annotating ? null : members(1001), null),
                field, "at most 1000 members");
    }

    @Test
    void editing_an_empty_patch_is_accepted() {
        QueueRules.checkPatch(patch(null, null, null, null, null), queue(true));
    }

    @Test
    void editing_a_queue_with_review_required_keeps_at_least_one_reviewer() {
        assertRefused(() -> QueueRules.checkPatch(patch(null, null, null, List.of(), null), queue(true)), "reviewers",
                "a queue with reviewRequired needs at least one reviewer");
        QueueRules.checkPatch(patch(null, null, null, List.of("reviewer-2"), null), queue(true));
    }

    @Test
    void editing_a_queue_without_review_may_drop_every_member() {
        QueueRules.checkPatch(patch(null, null, List.of(), List.of(), null), queue(false));
    }

    @Test
    void editing_reports_every_invalid_change_at_once() {
        List<String> annotators = new ArrayList<>(List.of("a", "a"));
        assertRefusedNaming(() -> QueueRules.checkPatch(patch("", "d".repeat(20_001), annotators, List.of(), 0),
                queue(true)), "name", "description", "annotators[1]", "reservationTimeoutSeconds", "reviewers");
    }
}
