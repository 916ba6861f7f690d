package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SpanFilter#fromJson}: the body form another feature (queues) builds filters from. */
class SpanFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SpanFilter parse(String json) {
        try {
            return SpanFilter.fromJson(JSON.readTree(json), "filter.", CLOCK);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<FieldError> errors(String json) {
        try {
            parse(json);
        } catch (ApiProblem problem) {
            assertThat(problem.status()).isEqualTo(400);
            return problem.errors();
        }
        throw new AssertionError("no error for " + json);
    }

    @Test
    void no_criteria_means_the_last_hour_ending_now() {
        SpanFilter filter = SpanFilter.fromJson(null, "filter.", CLOCK);

        assertThat(filter.from()).isEqualTo(NOW.minus(SpanFilter.DEFAULT_WINDOW));
        assertThat(filter.to()).isEqualTo(NOW);
        assertThat(filter).isEqualTo(parse("{}"));
        assertThat(filter.attributes()).isEmpty();
        assertThat(filter.candidate()).isEmpty();
    }

    @Test
    void every_field_is_read() {
        SpanFilter filter = parse("""
                {"from":"2026-11-24T00:00:00Z","to":"2026-11-25T00:00:00Z","service":"support-bot","name":"chat gpt-4o",
                 "kind":"client","status":"ERROR","attributes":{"gen_ai.request.model":"gpt-4o","user.id":""},
                 "hasAttributes":["session.id"],"candidate":false,"queue":"triage","hasScore":["helpfulness"],
                 "lacksScore":["verdict","thumbs"],"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736"}""");

        assertThat(filter).isEqualTo(new SpanFilter(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z"),
                Optional.of("support-bot"), Optional.of("chat gpt-4o"), Optional.of(SpanKind.CLIENT), Optional.of(SpanStatus.ERROR),
                Map.of("gen_ai.request.model", "gpt-4o", "user.id", ""), List.of("session.id"), Optional.of(false),
                Optional.of("triage"), List.of("helpfulness"), List.of("verdict", "thumbs"),
                Optional.of("4bf92f3577b34da6a3ce929d0e0e4736")));
    }

    @Test
    void only_from_runs_to_now_and_only_to_starts_an_hour_before() {
        assertThat(parse("{\"from\":\"2026-11-25T06:00:00Z\"}").to()).isEqualTo(NOW);
        assertThat(parse("{\"to\":\"2026-11-20T06:00:00Z\"}").from()).isEqualTo(Instant.parse("2026-11-20T05:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"from\":\"2026-11-25T00:00:00Z\",\"to\":\"2026-11-25T00:00:00Z\"}|filter.from",
            "{\"from\":\"2026-11-26T00:00:00Z\",\"to\":\"2026-11-25T00:00:00Z\"}|filter.from",
            "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-11-25T00:00:00Z\"}|filter.from",
            "{\"from\":\"yesterday\"}|filter.from",
            "{\"to\":\"2300-01-01T00:00:00Z\"}|filter.to",
            "{\"kind\":\"sideways\"}|filter.kind",
            "{\"status\":\"fine\"}|filter.status",
            "{\"traceId\":\"not-a-trace\"}|filter.traceId",
            "{\"attributes\":{\"bad key\":\"v\"}}|filter.attributes",
            "{\"attributes\":{\"k\":1}}|filter.attributes",
            "{\"hasAttributes\":[\"\"]}|filter.hasAttributes",
            "{\"hasAttributes\":\"session.id\"}|filter.hasAttributes",
            "{\"hasScore\":[\"-starts-with-dash\"]}|filter.hasScore",
            "{\"lacksScore\":[\"has space\"]}|filter.lacksScore",
            "{\"candidate\":\"true\"}|filter.candidate",
            "{\"service\":\"\"}|filter.service",
            "{\"name\":7}|filter.name",
            "{\"queue\":[\"q\"]}|filter.queue",
            "{\"limit\":10}|filter.limit",
    })
    void an_invalid_field_answers_400_naming_it(String json, String field) {
        assertThat(errors(json)).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void the_window_may_span_31_days_but_no_more() {
        Instant to = Instant.parse("2026-11-25T00:00:00Z");
        SpanFilter widest = parse("{\"from\":\"" + to.minus(SpanFilter.MAX_WINDOW) + "\",\"to\":\"" + to + "\"}");

        assertThat(Duration.between(widest.from(), widest.to())).isEqualTo(Duration.ofDays(31));
        assertThat(errors("{\"from\":\"" + to.minus(SpanFilter.MAX_WINDOW).minusNanos(1) + "\",\"to\":\"" + to + "\"}"))
                .extracting(FieldError::message).containsExactly("from..to may span at most 31 days");
    }

    @Test
    void kinds_and_statuses_are_read_in_any_case_and_in_the_older_exporters_form() {
        assertThat(parse("{\"kind\":\"SPAN_KIND_CONSUMER\",\"status\":\"status_code_ok\"}"))
                .extracting(SpanFilter::kind, SpanFilter::status)
                .containsExactly(Optional.of(SpanKind.CONSUMER), Optional.of(SpanStatus.OK));
        assertThat(errors("{\"kind\":\"sideways\"}").getFirst().message())
                .isEqualTo("must be one of Unspecified, Internal, Server, Client, Producer, Consumer, was 'sideways'");
    }

    @Test
    void attribute_keys_allow_the_documented_characters_up_to_256() {
        String longest = "k".repeat(SpanFilter.MAX_KEY_LENGTH);

        assertThat(parse("{\"hasAttributes\":[\"http.request.header.x-id\",\"a_b:c/d@e-f\",\"" + longest + "\"]}").hasAttributes())
                .hasSize(3);
        assertThat(errors("{\"hasAttributes\":[\"" + longest + "k\"]}")).hasSize(1);
        assertThat(errors("{\"hasAttributes\":[\"key'--\"]}")).hasSize(1);
    }

    @Test
    void every_invalid_field_is_reported_at_once() {
        assertThat(errors("{\"kind\":\"x\",\"status\":\"y\",\"traceId\":\"z\",\"unknown\":1}"))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("filter.unknown", "filter.kind", "filter.status", "filter.traceId");
    }

    @Test
    void a_list_criterion_holds_at_most_20_entries() {
        String names = String.join(",", java.util.Collections.nCopies(SpanFilter.MAX_LIST_SIZE + 1, "\"x\""));

        assertThat(errors("{\"hasScore\":[" + names + "]}")).extracting(FieldError::message)
                .containsExactly("at most 20 entries, was 21");
    }

    @Test
    void a_filter_that_is_not_an_object_is_refused_under_its_own_name() {
        JsonNode array = JSON.createArrayNode();

        assertThatThrownBy(() -> SpanFilter.fromJson(array, "filter.", CLOCK))
                .isInstanceOfSatisfying(ApiProblem.class, problem ->
                        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("filter"));
    }
}
