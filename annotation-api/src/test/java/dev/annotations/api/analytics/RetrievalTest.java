package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Retrieval metrics on rankings computed by hand, k = 3, relevant = value ≥ the config's max (1):
 * A — 5 documents, relevant at ranks 2 and 4: P@3 1/3, hit 1, RR 1/2, NDCG@3 (1/log2 3) / (1 + 1/log2 3);
 * B — 2 documents (fewer than k), relevant at rank 1: P@3 1/3, hit 1, RR 1, NDCG 1;
 * C — 3 documents, none relevant: P 0, hit 0, RR 0, NDCG undefined;
 * D — rank 1 judged 0, 0, 1 by three judges (a third: not relevant), rank 2 unjudged, rank 3 judged 1, 0 (half:
 *     relevant): P@3 1/3, hit 1, RR 1/3, NDCG@3 = (1/log2 4) / 1.
 */
class RetrievalTest {
    private static AnalyticsFixture f;
    private static String[] relevance;
    private static final String A = AnalyticsFixture.trace();
    private static final String B = AnalyticsFixture.trace();
    private static final String C = AnalyticsFixture.trace();
    private static final String D = AnalyticsFixture.trace();
    private static final String SPAN = "00f067aa0ba902b7";

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
        relevance = f.config("relevance", "{\"dataType\":\"NUMERIC\",\"min\":0,\"max\":1}");
        List<String> first = new ArrayList<>();
        document(first, A, new int[] {0, 1, 0, 1, 0});
        document(first, B, new int[] {1, 0});
        document(first, C, new int[] {0, 0, 0});
        first.add(doc(D, 0, 0));
        first.add(doc(D, 2, 1));
        f.scores("judge-a", first);
        f.scores("judge-b", List.of(doc(D, 0, 0), doc(D, 2, 0)));
        f.scores("judge-c", List.of(doc(D, 0, 1)));
        String db = "`" + f.service.storage().database() + "`";
        f.service.storage().executeStatement("INSERT INTO " + db + ".otel_traces (Timestamp, TraceId, SpanId, SpanName,"
                + " ServiceName, SpanAttributes, Duration) VALUES"
                + " ('2026-11-03 10:00:00', '" + A + "', '" + SPAN + "', 'retrieve', 'search-api', {'gen_ai.request.model':'gpt-4o'}, 1000),"
                + " ('2026-11-03 11:00:00', '" + B + "', '" + SPAN + "', 'retrieve', 'search-api', {'gen_ai.request.model':'gpt-4o'}, 1000),"
                + " ('2026-11-04 10:00:00', '" + D + "', '" + SPAN + "', 'rerank', 'rag', {'gen_ai.request.model':'claude'}, 1000)");
    }

    private static void document(List<String> scores, String trace, int[] values) {
        for (int position = 0; position < values.length; position++) {
            scores.add(doc(trace, position, values[position]));
        }
    }

    private static String doc(String trace, int position, int value) {
        return AnalyticsFixture.score("{\"type\":\"DOCUMENT\",\"traceId\":\"" + trace + "\",\"spanId\":\"" + SPAN
                + "\",\"documentPosition\":" + position + "}", relevance, "\"value\":" + value);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    private static JsonNode span(JsonNode retrieval, String trace) {
        for (JsonNode item : retrieval.get("items")) {
            if (item.get("traceId").asText().equals(trace)) {
                return item;
            }
        }
        throw new AssertionError("no span of trace " + trace);
    }

    @Test
    void each_span_gets_the_hand_computed_metrics() {
        JsonNode retrieval = f.get("/api/v1/analytics/retrieval?configId=" + relevance[0] + "&k=3");

        assertThat(retrieval.get("relevantAtLeast").asDouble()).as("the config's max").isEqualTo(1.0);
        JsonNode a = span(retrieval, A);
        assertThat(a.get("precisionAtK").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(a.get("hitRateAtK").asDouble()).isEqualTo(1.0);
        assertThat(a.get("mrr").asDouble()).isEqualTo(0.5);
        assertThat(a.get("ndcgAtK").asDouble()).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3), within(1e-9));
        JsonNode b = span(retrieval, B);
        assertThat(b.get("precisionAtK").asDouble()).as("divided by k though only 2 documents").isCloseTo(1.0 / 3, within(1e-9));
        assertThat(b.get("ndcgAtK").asDouble()).isEqualTo(1.0);
        assertThat(b.get("mrr").asDouble()).isEqualTo(1.0);
        JsonNode c = span(retrieval, C);
        assertThat(c.get("precisionAtK").asDouble()).isZero();
        assertThat(c.get("hitRateAtK").asDouble()).isZero();
        assertThat(c.get("mrr").asDouble()).isZero();
        assertThat(c.has("ndcgAtK")).as("undefined without a relevant document").isFalse();
        JsonNode d = span(retrieval, D);
        assertThat(d.get("judged").toString()).isEqualTo("[0,2]");
        assertThat(d.get("relevant").toString()).as("a third of the judges is not enough, half is").isEqualTo("[2]");
        assertThat(d.get("mrr").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(d.get("ndcgAtK").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(retrieval.get("items").get(0).get("traceId").asText()).as("worst first").isEqualTo(C);
    }

    @Test
    void spans_aggregate_overall_and_by_service_model_span_name_and_day() {
        JsonNode retrieval = f.get("/api/v1/analytics/retrieval?configId=" + relevance[0] + "&k=3&bucket=day");
        JsonNode overall = retrieval.get("overall");

        assertThat(retrieval.get("spans").asLong()).isEqualTo(4);
        assertThat(retrieval.get("spansWithoutRelevant").asLong()).isEqualTo(1);
        assertThat(overall.get("precisionAtK").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(overall.get("hitRateAtK").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(overall.get("mrr").asDouble()).isCloseTo((0.5 + 1 + 0 + 1.0 / 3) / 4, within(1e-9));
        double ndcgA = (1 / LOG2_3) / (1 + 1 / LOG2_3);
        assertThat(overall.get("ndcgAtK").asDouble()).isCloseTo((ndcgA + 1 + 0.5) / 3, within(1e-9));
        assertThat(retrieval.get("byService")).extracting(group -> group.get("key").asText())
                .containsExactly("", "rag", "search-api");
        assertThat(retrieval.get("byService").get(2).get("metrics").get("ndcgAtK").asDouble())
                .isCloseTo((ndcgA + 1) / 2, within(1e-9));
        assertThat(retrieval.get("byModel")).extracting(group -> group.get("key").asText())
                .containsExactly("", "claude", "gpt-4o");
        assertThat(retrieval.get("bySpanName")).extracting(group -> group.get("key").asText())
                .containsExactly("", "rerank", "retrieve");
        assertThat(retrieval.get("series")).extracting(point -> point.get("start").asText())
                .contains("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
    }

    @Test
    void a_lower_threshold_makes_more_documents_relevant() {
        JsonNode retrieval = f.get("/api/v1/analytics/retrieval?configId=" + relevance[0] + "&k=3&relevantAtLeast=0");
        assertThat(retrieval.get("spansWithoutRelevant").asLong()).isZero();
        assertThat(span(retrieval, C).get("precisionAtK").asDouble()).isEqualTo(1.0);
    }
}
