package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.ApiClient;
import dev.annotations.api.project.SpanVisibility;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/spans}: every filter against real spans and scores, pagination, validation. */
class SpanSearchApiTest {
    private static final Instant FROM = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant TO = FROM.plus(1, ChronoUnit.HOURS);
    private static final String INJECTION_NAME = "it's '; DROP TABLE otel_traces; --";
    private static final String INJECTION_VALUE = "x' OR '1'='1";
    private static TraceFixture fixture;
    private static String traceA;
    private static String traceB;
    private static String traceC;

    @BeforeAll
    static void start() {
        fixture = new TraceFixture();
        traceA = TestSpan.traceId();
        traceB = TestSpan.traceId();
        traceC = TestSpan.traceId();
        fixture.insert(
                TestSpan.of(traceA, "00000000000000a1", FROM.plusSeconds(1)).service("chat-api").name("POST /chat")
                        .kind("Server").attr("session.id", "s-1").attr("http.route", "/chat"),
                TestSpan.of(traceA, "00000000000000a2", FROM.plusSeconds(2)).parent("00000000000000a1").service("chat-api")
                        .name("chat gpt-4o").kind("Client").status("Error", "rate limited").duration(1_500_000_000L)
                        .attr("gen_ai.request.model", "gpt-4o").attr("annotation.candidate", "true").attr("annotation.queue", "triage"),
                TestSpan.of(traceB, "00000000000000a3", FROM.plusSeconds(3)).service("worker").name("embed")
                        .kind("SPAN_KIND_CONSUMER").status("STATUS_CODE_OK", "")
                        .attr("gen_ai.request.model", "text-embedding-3").attr("annotation.candidate", "false"),
                TestSpan.of(traceB, "00000000000000a4", FROM.plusSeconds(4)).parent("00000000000000a3").service("worker")
                        .name("retrieve").attr("empty.value", ""),
                TestSpan.of(traceC, "00000000000000a5", FROM.plusSeconds(5)).service("chat-api").name(INJECTION_NAME)
                        .attr("q", INJECTION_VALUE),
                TestSpan.of(traceC, "00000000000000a6", TO).service("chat-api").name("at the window's end"),
                TestSpan.of(traceC, "00000000000000a7", FROM.minusNanos(1)).service("chat-api").name("just before"));
        fixture.score(fixture.admin, TraceFixture.spanTarget(traceA, "00000000000000a2"), "helpfulness", 4);
        fixture.score(fixture.admin, TraceFixture.traceTarget(traceB), "resolved", 1);
        fixture.score(fixture.admin, TraceFixture.documentTarget(traceB, "00000000000000a4", 0), "relevance", 1);
        fixture.score(fixture.otherProject, TraceFixture.spanTarget(traceA, "00000000000000a1"), "helpfulness", 1);
        String deleted = fixture.score(fixture.admin, TraceFixture.spanTarget(traceC, "00000000000000a5"), "helpfulness", 2);
        assertThat(fixture.client.delete("/api/v1/scores/" + deleted, fixture.admin).status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String window() {
        return "from=" + FROM + "&to=" + TO;
    }

    /** {@code a=b&c=d} with each value URL-encoded (only the first {@code =} of a pair separates). */
    private static String encoded(String query) {
        return Arrays.stream(query.split("&")).map(pair -> {
            int equals = pair.indexOf('=');
            return pair.substring(0, equals + 1) + URLEncoder.encode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }).collect(Collectors.joining("&"));
    }

    private static JsonNode search(String key, String query) {
        ApiClient.Response response = fixture.client.get("/api/v1/spans?" + query, key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> spanIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("spanId").asText()));
        return ids;
    }

    @Test
    void the_window_holds_spans_from_its_start_up_to_its_end_newest_first() {
        JsonNode page = search(fixture.viewer, window());

        assertThat(spanIds(page)).containsExactly("00000000000000a5", "00000000000000a4", "00000000000000a3",
                "00000000000000a2", "00000000000000a1");
        assertThat(page.hasNonNull("nextCursor")).as("a short page is the last").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "service=worker|a4 a3",
            "name=embed|a3",
            "kind=Consumer|a3",
            "kind=server|a1",
            "status=Error|a2",
            "status=Ok|a3",
            "attr=gen_ai.request.model=gpt-4o|a2",
            "attr=empty.value=|a4",
            "hasAttr=session.id|a1",
            "hasAttr=gen_ai.request.model&attr=annotation.candidate=true|a2",
            "hasAttr=gen_ai.request.model&hasAttr=session.id|''",
            "candidate=true|a2",
            "candidate=false|a5 a4 a3 a1",
            "queue=triage|a2",
            "traceId={A}|a2 a1",
            "traceId={A_UPPER}|a2 a1",
            "hasScore=helpfulness|a2",
            "hasScore=resolved|a4 a3",
            "hasScore=relevance|a4",
            "lacksScore=helpfulness|a5 a4 a3 a1",
            "hasScore=resolved&lacksScore=relevance|a3",
            "hasScore=resolved&hasScore=relevance|a4",
            "service=chat-api&status=Unset&lacksScore=nothing-has-this|a5 a1",
    })
    void each_filter_selects_its_spans(String query, String expected) {
        String resolved = query.replace("{A}", traceA).replace("{A_UPPER}", traceA.toUpperCase(Locale.ROOT));

        JsonNode page = search(fixture.viewer, window() + "&" + encoded(resolved));

        List<String> want = expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split(" ")).map(id -> "00000000000000" + id).toList();
        assertThat(spanIds(page)).containsExactlyElementsOf(want);
    }

    @Test
    void score_filters_count_only_the_callers_projects_live_scores() {
        assertThat(spanIds(search(fixture.otherProject, window() + "&hasScore=helpfulness"))).containsExactly("00000000000000a1");
        assertThat(spanIds(search(fixture.otherProject, window() + "&hasScore=resolved"))).isEmpty();
    }

    @Test
    void values_that_look_like_sql_are_matched_as_plain_data() {
        assertThat(spanIds(search(fixture.viewer, window() + "&" + encoded("name=" + INJECTION_NAME))))
                .containsExactly("00000000000000a5");
        JsonNode page = search(fixture.viewer, window() + "&" + encoded("attr=q=" + INJECTION_VALUE));
        assertThat(spanIds(page)).containsExactly("00000000000000a5");
        assertThat(page.get("items").get(0).get("name").asText()).isEqualTo(INJECTION_NAME);
        assertThat(spanIds(search(fixture.viewer, window() + "&" + encoded("service=worker' OR '1'='1")))).isEmpty();
    }

    @Test
    void an_item_is_the_span_summary() {
        JsonNode item = search(fixture.viewer, window() + "&status=Error").get("items").get(0);

        assertThat(item.get("traceId").asText()).isEqualTo(traceA);
        assertThat(item.get("spanId").asText()).isEqualTo("00000000000000a2");
        assertThat(item.get("parentSpanId").asText()).isEqualTo("00000000000000a1");
        assertThat(item.get("serviceName").asText()).isEqualTo("chat-api");
        assertThat(item.get("name").asText()).isEqualTo("chat gpt-4o");
        assertThat(item.get("kind").asText()).isEqualTo("Client");
        assertThat(item.get("start").asText()).isEqualTo("2026-11-20T10:00:02Z");
        assertThat(item.get("durationNanos").asLong()).isEqualTo(1_500_000_000L);
        assertThat(item.get("status").get("code").asText()).isEqualTo("Error");
        assertThat(item.get("status").get("message").asText()).isEqualTo("rate limited");
        assertThat(item.get("attributes").get("annotation.queue").asText()).isEqualTo("triage");
        assertThat(item.has("events")).isFalse();
    }

    @Test
    void without_from_and_to_the_last_hour_is_searched() {
        Instant now = Instant.now();
        fixture.insert(TestSpan.of(traceC, "00000000000000b1", now.minusSeconds(600)).service("recent"),
                TestSpan.of(traceC, "00000000000000b2", now.minusSeconds(7200)).service("recent"));

        assertThat(spanIds(search(fixture.viewer, "service=recent"))).containsExactly("00000000000000b1");
    }

    @Test
    void pages_follow_each_other_without_duplicates_or_gaps_while_spans_arrive() {
        Instant day = Instant.parse("2026-11-21T00:00:00Z");
        List<TestSpan> spans = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // groups of three spans start at the same nanosecond: the span id breaks the tie
            spans.add(TestSpan.of(TestSpan.traceId(), String.format("%016x", 0xc00 + i), day.plusNanos(1_000L * (i / 3)))
                    .service("paged"));
        }
        fixture.insert(spans);
        List<String> expected = spans.stream()
                .sorted((a, b) -> a.start.equals(b.start) ? b.spanId.compareTo(a.spanId) : b.start.compareTo(a.start))
                .map(span -> span.spanId).toList();
        String query = "service=paged&limit=7&from=" + day + "&to=" + day.plusSeconds(60);

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JsonNode page = search(fixture.viewer, query);
        while (true) {
            seen.addAll(spanIds(page));
            sizes.add(page.get("items").size());
            if (sizes.size() == 1) {
                fixture.insert(TestSpan.of(TestSpan.traceId(), "0000000000000fff", day.plusSeconds(30)).service("paged"));
            }
            if (!page.hasNonNull("nextCursor")) {
                break;
            }
            page = search(fixture.viewer, query + "&cursor=" + page.get("nextCursor").asText());
        }

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(7, 7, 7, 4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "from=2026-11-20T11:00:00Z&to=2026-11-20T10:00:00Z|from",
            "from=2026-11-20T10:00:00Z&to=2026-11-20T10:00:00Z|from",
            "from=2026-10-01T00:00:00Z&to=2026-11-20T10:00:00Z|from",
            "from=last-tuesday|from",
            "to=99999-01-01T00:00:00Z|to",
            "kind=sideways|kind",
            "status=fine|status",
            "traceId=0123|traceId",
            "attr=no-equals-sign|attr",
            "attr=bad key=v|attr",
            "attr=k=1&attr=k=2|attr",
            "hasAttr=key'); DROP TABLE x; --|hasAttr",
            "hasAttr=|hasAttr",
            "hasScore=not a name|hasScore",
            "lacksScore=' OR 1=1|lacksScore",
            "candidate=maybe|candidate",
            "limit=0|limit",
            "limit=1001|limit",
            "cursor=garbage|cursor",
    })
    void invalid_parameters_answer_400_naming_them(String query, String field) {
        ApiClient.Response response = fixture.client.get("/api/v1/spans?" + encoded(query), fixture.viewer);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    @Test
    void an_attribute_key_of_256_characters_is_accepted_and_257_refused() {
        String key = "k".repeat(256);

        assertThat(fixture.client.get("/api/v1/spans?hasAttr=" + key, fixture.viewer).status()).isEqualTo(200);
        assertThat(fixture.client.get("/api/v1/spans?hasAttr=" + key + "k", fixture.viewer).status()).isEqualTo(400);
    }

    @Test
    void without_a_key_search_answers_401() {
        assertThat(fixture.client.get("/api/v1/spans", null).status()).isEqualTo(401);
    }

    @Test
    void the_filter_read_from_json_selects_what_the_same_query_selects() {
        SpanFilter filter = SpanFilter.fromJson(new ObjectMapper().valueToTree(Map.of(
                "from", FROM.toString(), "to", TO.toString(), "hasScore", List.of("resolved"), "lacksScore", List.of("relevance"))),
                "", Clock.systemUTC());
        TraceRepository traces = new TraceRepository(fixture.service.storage(),
                new ScoreRepository(fixture.service.storage()));
        UUID project = UUID.fromString(fixture.client.get("/api/v1/projects", fixture.viewer).json()
                .get("projects").get(0).get("id").asText());

        List<String> selected = traces.matchingSpans(new Viewer(project, SpanVisibility.ALL), filter, 100).stream().map(Target::spanId).toList();

        assertThat(selected).containsExactly("00000000000000a3");
    }
}
