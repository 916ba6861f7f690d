package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/sessions/{sessionId}}: a conversation's traces, in time order, with their scores. */
class SessionApiTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static TraceFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new TraceFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String path(String sessionId) {
        return "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> traceIds(JsonNode session) {
        List<String> ids = new ArrayList<>();
        session.get("traces").forEach(trace -> ids.add(trace.get("traceId").asText()));
        return ids;
    }

    @Test
    void traces_with_a_span_of_the_session_under_either_attribute_are_listed_in_time_order() {
        String session = "conv-" + TestSpan.traceId();
        String later = TestSpan.traceId();
        String earlier = TestSpan.traceId();
        fixture.insert(TestSpan.of(later, "0000000000000021", T0.plusSeconds(60)).name("POST /chat").service("gateway")
                        .kind("Server").attr("gen_ai.conversation.id", session).duration(3_000_000_000L),
                TestSpan.of(earlier, "0000000000000011", T0).name("POST /chat").service("gateway").kind("Server")
                        .status("Error", "boom").duration(2_000_000_000L),
                TestSpan.of(earlier, "0000000000000012", T0.plusMillis(10)).parent("0000000000000011").name("chat")
                        .attr("session.id", session).duration(500_000_000L),
                TestSpan.of(earlier, "0000000000000013", T0.plusMillis(20)).parent("0000000000000011").name("tool"),
                TestSpan.of(TestSpan.traceId(), "0000000000000031", T0).attr("session.id", session + "-other"));

        JsonNode body = fixture.get(path(session));

        assertThat(body.get("sessionId").asText()).isEqualTo(session);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        assertThat(traceIds(body)).containsExactly(earlier, later);
        JsonNode first = body.get("traces").get(0);
        assertThat(first.get("start").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(first.get("durationNanos").asLong()).isEqualTo(2_000_000_000L);
        assertThat(first.get("spanCount").asInt()).as("every span of the trace, not only those naming the session").isEqualTo(3);
        assertThat(first.get("root").get("spanId").asText()).isEqualTo("0000000000000011");
        assertThat(first.get("root").get("name").asText()).isEqualTo("POST /chat");
        assertThat(first.get("root").get("serviceName").asText()).isEqualTo("gateway");
        assertThat(first.get("root").get("status").get("code").asText()).isEqualTo("Error");
        assertThat(first.get("root").get("status").get("message").asText()).isEqualTo("boom");
        assertThat(body.get("traces").get(1).get("durationNanos").asLong()).isEqualTo(3_000_000_000L);
    }

    @Test
    void session_scores_and_trace_scores_of_the_callers_project_are_attached() {
        String session = "conv-" + TestSpan.traceId();
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000001", T0).attr("session.id", session),
                TestSpan.of(trace, "0000000000000002", T0.plusMillis(1)).parent("0000000000000001"));
        String sessionScore = fixture.score(fixture.admin, TraceFixture.sessionTarget(session), "satisfaction", 5);
        String traceScore = fixture.score(fixture.admin, TraceFixture.traceTarget(trace), "resolved", 1);
        fixture.score(fixture.admin, TraceFixture.spanTarget(trace, "0000000000000002"), "helpfulness", 3);
        fixture.score(fixture.admin, TraceFixture.sessionTarget(session + "-other"), "satisfaction", 1);
        fixture.score(fixture.otherProject, TraceFixture.sessionTarget(session), "satisfaction", 1);
        fixture.score(fixture.otherProject, TraceFixture.traceTarget(trace), "resolved", 0);

        JsonNode body = fixture.get(path(session));

        assertThat(body.get("scores")).hasSize(1);
        assertThat(body.get("scores").get(0).get("id").asText()).isEqualTo(sessionScore);
        JsonNode scores = body.get("traces").get(0).get("scores");
        assertThat(scores).as("trace-level scores only").hasSize(1);
        assertThat(scores.get(0).get("id").asText()).isEqualTo(traceScore);
    }

    @Test
    void a_trace_without_a_root_span_shows_its_earliest_span_as_root() {
        String session = "conv-" + TestSpan.traceId();
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000002", T0.plusMillis(5)).parent("00000000000000ff").name("later"),
                TestSpan.of(trace, "0000000000000001", T0).parent("00000000000000ff").name("earliest").attr("session.id", session));

        JsonNode body = fixture.get(path(session));

        assertThat(body.get("traces").get(0).get("root").get("name").asText()).isEqualTo("earliest");
    }

    @Test
    void from_and_to_bound_which_spans_of_the_session_count() {
        String session = "conv-" + TestSpan.traceId();
        String first = TestSpan.traceId();
        String second = TestSpan.traceId();
        fixture.insert(TestSpan.of(first, "0000000000000001", T0).attr("session.id", session),
                TestSpan.of(second, "0000000000000002", T0.plusSeconds(3600)).attr("session.id", session));

        assertThat(traceIds(fixture.get(path(session) + "?from=" + T0.plusSeconds(1)))).containsExactly(second);
        assertThat(traceIds(fixture.get(path(session) + "?to=" + T0.plusSeconds(1)))).containsExactly(first);
        assertThat(traceIds(fixture.get(path(session) + "?from=" + T0 + "&to=" + T0.plusSeconds(7200)))).containsExactly(first, second);
        assertThat(fixture.client.get(path(session) + "?from=" + T0.plusSeconds(7200), fixture.viewer).status()).isEqualTo(404);
    }

    @Test
    void a_session_id_with_spaces_quotes_and_accents_is_plain_data() {
        String session = "user 42's chat ü' OR '1'='1";
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000001", T0).attr("session.id", session));

        assertThat(traceIds(fixture.get(path(session)))).containsExactly(trace);
    }

    @Test
    void an_unknown_session_answers_404_problem() {
        ApiClient.Response response = fixture.client.get(path("no-such-session-" + TestSpan.traceId()), fixture.viewer);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/sessions/%01control|sessionId",
            "/api/v1/sessions/tab%09inside|sessionId",
            "/api/v1/sessions/s?from=2026-11-20T11:00:00Z&to=2026-11-20T10:00:00Z|from",
            "/api/v1/sessions/s?from=soon|from",
            "/api/v1/sessions/s?to=1800-01-01T00:00:00Z|to",
    })
    void invalid_input_answers_400_naming_it(String path, String field) {
        ApiClient.Response response = fixture.client.get(path, fixture.viewer);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    @Test
    void a_session_id_may_have_256_characters_but_not_257() {
        assertThat(fixture.client.get(path("s".repeat(256)), fixture.viewer).status()).isEqualTo(404);
        ApiClient.Response tooLong = fixture.client.get(path("s".repeat(257)), fixture.viewer);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asText()).isEqualTo("sessionId");
    }

    @Test
    void a_session_over_the_trace_cap_lists_its_earliest_traces_and_says_truncated() {
        String session = "conv-" + TestSpan.traceId();
        List<TestSpan> spans = new ArrayList<>();
        for (int i = 0; i <= TraceService.MAX_SESSION_TRACES; i++) {
            spans.add(TestSpan.of(TestSpan.traceId(), "0000000000000001", T0.plusMillis(i)).attr("session.id", session));
        }
        fixture.insert(spans);

        JsonNode body = fixture.get(path(session));

        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(body.get("traces")).hasSize(TraceService.MAX_SESSION_TRACES);
        assertThat(body.get("traces").get(TraceService.MAX_SESSION_TRACES - 1).get("traceId").asText())
                .isEqualTo(spans.get(TraceService.MAX_SESSION_TRACES - 1).traceId);
    }
}
