package dev.annotations.api.score;

import dev.annotations.api.http.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.annotations.api.http.Refusals.assertOnlyError;
import static org.assertj.core.api.Assertions.assertThat;

/** Which ids each target type needs, their formats, and that every other id is refused. */
class TargetRulesTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final List<String> FIELDS = List.of("traceId", "spanId", "sessionId", "datasetId", "itemId",
            "documentPosition");
    /** The README's table: the ids a target of each type carries, and no other. */
    private static final Map<TargetType, Set<String>> NEEDS = Map.of(
            TargetType.TRACE, Set.of("traceId"),
            TargetType.SPAN, Set.of("traceId", "spanId"),
            TargetType.SESSION, Set.of("sessionId"),
            TargetType.DATASET_ITEM, Set.of("datasetId", "itemId"),
            TargetType.DOCUMENT, Set.of("traceId", "spanId", "documentPosition"));

    private static List<FieldError> check(Target target) {
        return check(target, "");
    }

    private static List<FieldError> check(Target target, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        TargetRules.check(target, prefix, errors);
        return errors;
    }

    /** A well-formed value for each id. */
    private static Object sample(String field) {
        return switch (field) {
            case "traceId" -> TRACE_ID;
            case "spanId" -> SPAN_ID;
            case "documentPosition" -> 0;
            default -> field.replace("Id", "-1");
        };
    }

    private static Target valid(TargetType type) {
        Target target = new Target(type, null, null, null, null, null, null);
        for (String field : NEEDS.get(type)) {
            target = with(target, field, sample(field));
        }
        return target;
    }

    private static Target with(Target t, String field, Object value) {
        return new Target(t.type(),
                field.equals("traceId") ? (String) value : t.traceId(),
                field.equals("spanId") ? (String) value : t.spanId(),
                field.equals("sessionId") ? (String) value : t.sessionId(),
                field.equals("datasetId") ? (String) value : t.datasetId(),
                field.equals("itemId") ? (String) value : t.itemId(),
                field.equals("documentPosition") ? (Integer) value : t.documentPosition());
    }

    static Stream<Arguments> idsEachTypeNeeds() {
        return Arrays.stream(TargetType.values())
                .flatMap(type -> NEEDS.get(type).stream().sorted().map(field -> Arguments.of(type, field)));
    }

    static Stream<Arguments> idsEachTypeDoesNotTake() {
        return Arrays.stream(TargetType.values())
                .flatMap(type -> FIELDS.stream().filter(field -> !NEEDS.get(type).contains(field))
                        .map(field -> Arguments.of(type, field)));
    }

    @ParameterizedTest
    @EnumSource(TargetType.class)
    void a_target_with_exactly_the_ids_its_type_needs_is_accepted(TargetType type) {
        assertThat(check(valid(type))).isEmpty();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("idsEachTypeNeeds")
    void a_target_missing_an_id_its_type_needs_is_refused_naming_it(TargetType type, String field) {
        assertOnlyError(check(with(valid(type), field, null)), "target." + field, "is required for " + type + " targets");
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("idsEachTypeDoesNotTake")
    void a_target_carrying_an_id_its_type_does_not_take_is_refused_naming_it(TargetType type, String field) {
        assertOnlyError(check(with(valid(type), field, sample(field))), "target." + field,
                "does not apply to " + type + " targets");
    }

    @Test
    void a_missing_target_is_refused() {
        assertOnlyError(check(null), "target", "is required");
    }

    @Test
    void a_target_without_a_type_is_refused_and_its_ids_are_not_judged() {
        assertOnlyError(check(new Target(null, "not hex", null, "s", null, null, -1)), "target.type",
                "is required; one of TRACE, SPAN, SESSION, DATASET_ITEM, DOCUMENT");
    }

    @ParameterizedTest(name = "traceId \"{0}\"")
    @ValueSource(strings = {
            "4BF92F3577B34DA6A3CE929D0E0E4736",  // upper case: the Collector writes lower case
            "4bf92f3577b34da6a3ce929d0e0e473",   // 31
            "4bf92f3577b34da6a3ce929d0e0e47360", // 33
            "4bf92f3577b34da6a3ce929d0e0e473g",  // not hex
            "4bf92f35-77b3-4da6-a3ce-929d0e0e",  // a UUID's dashes
            " 4bf92f3577b34da6a3ce929d0e0e473",
            "00000000000000000000000000000000",  // the invalid trace id of OpenTelemetry
            ""})
    void a_trace_id_that_is_not_32_lowercase_hex_or_is_all_zero_is_refused(String traceId) {
        assertOnlyError(check(new Target(TargetType.TRACE, traceId, null, null, null, null, null)), "target.traceId",
                "32 lowercase hex characters, not all zero");
    }

    @ParameterizedTest(name = "spanId \"{0}\"")
    @ValueSource(strings = {"00F067AA0BA902B7", "00f067aa0ba902b", "00f067aa0ba902b70", "00f067aa0ba902bz",
            "0000000000000000", ""})
    void a_span_id_that_is_not_16_lowercase_hex_or_is_all_zero_is_refused(String spanId) {
        assertOnlyError(check(new Target(TargetType.SPAN, TRACE_ID, spanId, null, null, null, null)), "target.spanId",
                "16 lowercase hex characters, not all zero");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "00000000000000000000000000000001, 0000000000000001",
            "ffffffffffffffffffffffffffffffff, ffffffffffffffff",
            "0123456789abcdef0123456789abcdef, 0123456789abcdef"})
    void hex_ids_at_the_edges_of_their_format_are_accepted(String traceId, String spanId) {
        assertThat(check(new Target(TargetType.SPAN, traceId, spanId, null, null, null, null))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SESSION, sessionId", "DATASET_ITEM, datasetId", "DATASET_ITEM, itemId"})
    void a_text_id_may_be_256_characters_of_any_script(TargetType type, String field) {
        assertThat(check(with(valid(type), field, "x".repeat(256)))).isEmpty();
        assertThat(check(with(valid(type), field, "sitzung-über-🙂"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} of 257 characters")
    @CsvSource({"SESSION, sessionId", "DATASET_ITEM, datasetId", "DATASET_ITEM, itemId"})
    void a_text_id_longer_than_256_characters_is_refused(TargetType type, String field) {
        assertOnlyError(check(with(valid(type), field, "x".repeat(257))), "target." + field,
                "1 to 256 characters without control characters");
    }

    @ParameterizedTest(name = "{0} with U+{1}")
    @CsvSource({"sessionId, 0000", "sessionId, 000a", "sessionId, 0009", "sessionId, 007f", "sessionId, 009f",
            "datasetId, 000d", "itemId, 001b"})
    void a_text_id_with_a_control_character_is_refused(String field, String codePoint) {
        TargetType type = field.equals("sessionId") ? TargetType.SESSION : TargetType.DATASET_ITEM;
        String id = "a" + Character.toString(Integer.parseInt(codePoint, 16)) + "b";
        assertOnlyError(check(with(valid(type), field, id)), "target." + field,
                "1 to 256 characters without control characters");
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @CsvSource(delimiter = '|', value = {"SESSION | sessionId | ''", "SESSION | sessionId | '   '",
            "DATASET_ITEM | datasetId | ''", "DATASET_ITEM | itemId | ' \t '"})
    void a_blank_text_id_counts_as_missing(TargetType type, String field, String id) {
        assertOnlyError(check(with(valid(type), field, id)), "target." + field, "is required for " + type + " targets");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99, Integer.MAX_VALUE})
    void a_document_position_is_zero_based_and_never_negative(int position) {
        assertThat(check(with(valid(TargetType.DOCUMENT), "documentPosition", position))).isEmpty();
        assertOnlyError(check(with(valid(TargetType.DOCUMENT), "documentPosition", -1 - position)),
                "target.documentPosition", "0-based position");
    }

    @Test
    void every_problem_of_a_target_is_reported_at_once_with_the_prefix() {
        Target target = new Target(TargetType.SPAN, "ABC", null, "s", null, null, 3);

        assertThat(check(target, "scores[2].")).extracting(FieldError::field).containsExactly(
                "scores[2].target.traceId", "scores[2].target.spanId", "scores[2].target.sessionId",
                "scores[2].target.documentPosition");
    }
}
