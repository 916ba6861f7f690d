package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/traces/{traceId}}: real spans in the engine, real HTTP. */
class TraceApiTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456789Z");
    private static TraceFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new TraceFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static List<String> ids(JsonNode spans) {
        List<String> ids = new ArrayList<>();
        spans.forEach(span -> ids.add(span.get("spanId").asText()));
        return ids;
    }

    @Test
    void spans_form_a_tree_of_children_by_start_with_orphans_as_roots() {
        String trace = TestSpan.traceId();
        fixture.insert(
                TestSpan.of(trace, "0000000000000002", T0.plusMillis(20)).parent("0000000000000001").name("second child"),
                TestSpan.of(trace, "0000000000000003", T0.plusMillis(30)).parent("0000000000000004").name("grandchild"),
                TestSpan.of(trace, "0000000000000004", T0.plusMillis(10)).parent("0000000000000001").name("first child"),
                TestSpan.of(trace, "0000000000000005", T0.plusMillis(5)).parent("00000000000000ff").name("orphan"),
                TestSpan.of(trace, "0000000000000001", T0).name("root").duration(100_000_000));

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(body.get("traceId").asText()).isEqualTo(trace);
        assertThat(body.get("spanCount").asInt()).isEqualTo(5);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        assertThat(body.get("start").asText()).isEqualTo("2026-11-20T10:00:00.123456789Z");
        assertThat(body.get("end").asText()).isEqualTo("2026-11-20T10:00:00.223456789Z");
        assertThat(body.get("durationNanos").asLong()).isEqualTo(100_000_000L);
        JsonNode roots = body.get("spans");
        assertThat(ids(roots)).containsExactly("0000000000000001", "0000000000000005");
        assertThat(roots.get(0).has("parentSpanId")).isFalse();
        assertThat(roots.get(1).get("parentSpanId").asText()).as("an orphan keeps its parent's id").isEqualTo("00000000000000ff");
        JsonNode children = roots.get(0).get("children");
        assertThat(ids(children)).containsExactly("0000000000000004", "0000000000000002");
        assertThat(ids(children.get(0).get("children"))).containsExactly("0000000000000003");
        assertThat(children.get(1).get("children")).isEmpty();
    }

    @Test
    void a_span_shows_every_stored_field_in_the_current_vocabulary() {
        String trace = TestSpan.traceId();
        Instant eventAt = T0.plusNanos(1_500);
        fixture.insert(TestSpan.of(trace, "00f067aa0ba902b7", T0).name("POST /chat").service("support-bot")
                .kind("SPAN_KIND_SERVER").status("STATUS_CODE_ERROR", "upstream timed out").duration(2_000_000_001L)
                .traceState("vendor=x").scope("io.opentelemetry.jetty", "2.10.0")
                .attr("http.route", "/chat").resource("service.version", "1.4.2")
                .event("exception", eventAt, Map.of("exception.type", "java.io.IOException"))
                .link("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b8", "k=v", Map.of("link.kind", "follows")));

        JsonNode span = fixture.get("/api/v1/traces/" + trace).get("spans").get(0);

        assertThat(span.get("traceId").asText()).isEqualTo(trace);
        assertThat(span.get("name").asText()).isEqualTo("POST /chat");
        assertThat(span.get("serviceName").asText()).isEqualTo("support-bot");
        assertThat(span.get("kind").asText()).isEqualTo("Server");
        assertThat(span.get("start").asText()).isEqualTo("2026-11-20T10:00:00.123456789Z");
        assertThat(span.get("durationNanos").asLong()).isEqualTo(2_000_000_001L);
        assertThat(span.get("status").get("code").asText()).isEqualTo("Error");
        assertThat(span.get("status").get("message").asText()).isEqualTo("upstream timed out");
        assertThat(span.get("traceState").asText()).isEqualTo("vendor=x");
        assertThat(span.get("scope").get("name").asText()).isEqualTo("io.opentelemetry.jetty");
        assertThat(span.get("scope").get("version").asText()).isEqualTo("2.10.0");
        assertThat(span.get("attributes").get("http.route").asText()).isEqualTo("/chat");
        assertThat(span.get("resourceAttributes").get("service.version").asText()).isEqualTo("1.4.2");
        JsonNode event = span.get("events").get(0);
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-11-20T10:00:00.123458289Z");
        assertThat(event.get("name").asText()).isEqualTo("exception");
        assertThat(event.get("attributes").get("exception.type").asText()).isEqualTo("java.io.IOException");
        JsonNode link = span.get("links").get(0);
        assertThat(link.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(link.get("spanId").asText()).isEqualTo("00f067aa0ba902b8");
        assertThat(link.get("traceState").asText()).isEqualTo("k=v");
        assertThat(link.get("attributes").get("link.kind").asText()).isEqualTo("follows");
        assertThat(span.has("llm")).as("no GenAI data").isFalse();
        assertThat(span.get("scores")).isEmpty();
    }

    @Test
    void a_genai_span_carries_its_llm_view() {
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "00000000000000aa", T0).name("chat gpt-4o").kind("Client")
                .attr("gen_ai.operation.name", "chat").attr("gen_ai.provider.name", "openai")
                .attr("gen_ai.request.model", "gpt-4o").attr("gen_ai.response.model", "gpt-4o-2024-08-06")
                .attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]")
                .attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello!\"}]}]")
                .attr("gen_ai.usage.input_tokens", "12").attr("gen_ai.usage.output_tokens", "3"));

        JsonNode llm = fixture.get("/api/v1/traces/" + trace).get("spans").get(0).get("llm");

        assertThat(llm.get("operation").asText()).isEqualTo("chat");
        assertThat(llm.get("provider").asText()).isEqualTo("openai");
        assertThat(llm.get("requestModel").asText()).isEqualTo("gpt-4o");
        assertThat(llm.get("responseModel").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(llm.get("input").get(0).get("parts").get(0).get("content").asText()).isEqualTo("Hi");
        assertThat(llm.get("output").get(0).get("role").asText()).isEqualTo("assistant");
        assertThat(llm.get("usage").get("inputTokens").asLong()).isEqualTo(12);
        assertThat(llm.get("usage").get("outputTokens").asLong()).isEqualTo(3);
        assertThat(llm.get("usage").get("totalTokens").asLong()).isEqualTo(15);
    }

    @Test
    void live_scores_of_the_callers_project_sit_on_the_trace_and_on_their_spans() {
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000001", T0).name("root"),
                TestSpan.of(trace, "0000000000000002", T0.plusMillis(1)).parent("0000000000000001").name("retrieve"));
        String traceScore = fixture.score(fixture.admin, TraceFixture.traceTarget(trace), "resolved", 1);
        String spanScore = fixture.score(fixture.admin, TraceFixture.spanTarget(trace, "0000000000000001"), "helpfulness", 4);
        String documentScore = fixture.score(fixture.admin, TraceFixture.documentTarget(trace, "0000000000000002", 3), "relevance", 0.5);
        String deleted = fixture.score(fixture.admin, TraceFixture.spanTarget(trace, "0000000000000001"), "helpfulness", 1);
        assertThat(fixture.client.delete("/api/v1/scores/" + deleted, fixture.admin).status()).isEqualTo(204);
        fixture.score(fixture.otherProject, TraceFixture.traceTarget(trace), "resolved", 0);
        fixture.score(fixture.otherProject, TraceFixture.spanTarget(trace, "0000000000000001"), "helpfulness", 1);

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(body.get("scores")).hasSize(1);
        assertThat(body.get("scores").get(0).get("id").asText()).isEqualTo(traceScore);
        JsonNode root = body.get("spans").get(0);
        assertThat(root.get("scores")).hasSize(1);
        assertThat(root.get("scores").get(0).get("id").asText()).isEqualTo(spanScore);
        assertThat(root.get("scores").get(0).get("value").asDouble()).isEqualTo(4.0);
        JsonNode retrieve = root.get("children").get(0);
        assertThat(retrieve.get("scores")).hasSize(1);
        assertThat(retrieve.get("scores").get(0).get("id").asText()).isEqualTo(documentScore);
        assertThat(retrieve.get("scores").get(0).get("target").get("documentPosition").asInt()).isEqualTo(3);
    }

    @Test
    void an_uppercase_trace_id_finds_the_trace() {
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000001", T0));

        JsonNode body = fixture.get("/api/v1/traces/" + trace.toUpperCase(Locale.ROOT));

        assertThat(body.get("traceId").asText()).isEqualTo(trace);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
            "0123456789abcdef0123456789abcdeg", "0123456789abcdef%200123456789abcde"})
    void a_malformed_trace_id_answers_400_naming_it(String traceId) {
        ApiClient.Response response = fixture.client.get("/api/v1/traces/" + traceId, fixture.viewer);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("traceId");
    }

    @Test
    void an_unknown_trace_answers_404_problem() {
        ApiClient.Response response = fixture.client.get("/api/v1/traces/" + TestSpan.traceId(), fixture.viewer);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/not-found");
    }

    @Test
    void without_a_key_the_trace_answers_401() {
        assertThat(fixture.client.get("/api/v1/traces/" + TestSpan.traceId(), null).status()).isEqualTo(401);
    }

    @Test
    void a_trace_missing_from_trace_id_ts_is_found_by_its_id_alone() {
        String trace = TestSpan.traceId();
        fixture.insert(TestSpan.of(trace, "0000000000000001", T0),
                TestSpan.of(trace, "0000000000000002", T0.plusSeconds(3600)).parent("0000000000000001"));
        fixture.service.storage().executeStatement("DELETE FROM " + fixture.db() + ".otel_traces_trace_id_ts WHERE TraceId = '" + trace + "'");
        assertThat(rowsInTraceIdTs(trace)).isZero();

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(body.get("spanCount").asInt()).isEqualTo(2);
    }

    @Test
    void the_scan_is_bounded_by_trace_id_ts_widened_by_one_second() {
        String trace = TestSpan.traceId();
        Instant second = Instant.parse("2026-11-20T11:00:00Z");
        fixture.insert(TestSpan.of(trace, "0000000000000001", second.plusMillis(100)),
                TestSpan.of(trace, "0000000000000002", second.plusMillis(999)).parent("0000000000000001"),
                TestSpan.of(trace, "0000000000000003", second.plusSeconds(1)).parent("0000000000000001"));
        // the lookup table now says the trace started and ended within that one second
        fixture.service.storage().executeStatement("DELETE FROM " + fixture.db() + ".otel_traces_trace_id_ts WHERE TraceId = '" + trace + "'");
        fixture.service.storage().executeStatement("INSERT INTO " + fixture.db() + ".otel_traces_trace_id_ts (TraceId, Start, End) "
                + "VALUES ('" + trace + "', toDateTime(" + second.getEpochSecond() + "), toDateTime(" + second.getEpochSecond() + "))");

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(ids(body.get("spans").get(0).get("children"))).containsExactly("0000000000000002");
    }

    @Test
    void a_trace_over_the_span_cap_answers_its_earliest_spans_and_says_truncated() {
        String trace = TestSpan.traceId();
        List<TestSpan> spans = new ArrayList<>();
        spans.add(TestSpan.of(trace, "1000000000000000", T0).name("root"));
        for (int i = 1; i <= TraceService.MAX_SPANS; i++) {
            spans.add(TestSpan.of(trace, String.format("%016x", i), T0.plusNanos(i)).parent("1000000000000000"));
        }
        fixture.insert(spans);

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(body.get("spanCount").asInt()).isEqualTo(TraceService.MAX_SPANS);
        JsonNode children = body.get("spans").get(0).get("children");
        assertThat(children).hasSize(TraceService.MAX_SPANS - 1);
        assertThat(children.get(children.size() - 1).get("spanId").asText())
                .isEqualTo(String.format("%016x", TraceService.MAX_SPANS - 1));
    }

    private static long rowsInTraceIdTs(String trace) {
        return fixture.service.storage().call(dsl -> ((Number) dsl.fetchValue("SELECT count() FROM " + fixture.db()
                + ".otel_traces_trace_id_ts WHERE TraceId = ?", trace)).longValue());
    }
}
