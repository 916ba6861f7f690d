package dev.annotations.api.score;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The views analysts query in SQL and Grafana: current scores, and scores next to their spans. */
class AnalystViewsTest {
    private static ScoreFixture fixture;
    private static String db;

    @BeforeAll
    static void start() {
        fixture = new ScoreFixture();
        db = "`" + fixture.service.storage().database() + "`";
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String query(String sql) {
        return fixture.service.storage().call(dsl -> dsl.fetch(sql.replace("$db", db)).formatCSV(false));
    }

    @Test
    void current_view_holds_the_latest_live_version_only() {
        String trace = ScoreFixture.randomTrace();
        String target = "{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"}";
        String kept = fixture.stored(fixture.admin, "{\"target\":" + target + ",\"name\":\"v\",\"value\":1}").get("id").asText();
        String deleted = fixture.stored(fixture.admin, "{\"target\":" + target + ",\"name\":\"v\",\"value\":2}").get("id").asText();
        fixture.client.patchJson("/api/v1/scores/" + kept, fixture.admin, "{\"value\":3}");
        fixture.client.delete("/api/v1/scores/" + deleted, fixture.admin);

        assertThat(query("SELECT toString(id), value FROM $db.annotation_scores_current WHERE trace_id = '" + trace + "'"))
                .isEqualTo(kept + ",3.0\n");
        assertThat(query("SELECT count() FROM $db.annotation_score_history WHERE trace_id = '" + trace + "'"))
                .as("2 + 1 + 1 versions").isEqualTo("4\n");
    }

    @Test
    void scores_with_spans_joins_span_and_trace_scores_to_their_spans() {
        String trace = ScoreFixture.randomTrace();
        fixture.service.storage().executeStatement("INSERT INTO " + db + ".otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, "
                + "SpanName, ServiceName, SpanAttributes, Duration) VALUES "
                + "(now64(9), '" + trace + "', 'aaaaaaaaaaaaaaaa', '', 'POST /chat', 'support-bot', map(), 2000000000), "
                + "(now64(9), '" + trace + "', 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'chat gpt-4o', 'support-bot', "
                + "map('gen_ai.request.model', 'gpt-4o', 'gen_ai.usage.input_tokens', '120', 'gen_ai.usage.output_tokens', '45'), 1500000000)");
        fixture.stored(fixture.admin, "{\"target\":{\"type\":\"SPAN\",\"traceId\":\"" + trace + "\",\"spanId\":\"bbbbbbbbbbbbbbbb\"},"
                + "\"name\":\"helpfulness\",\"configId\":\"" + fixture.helpfulness + "\",\"value\":4}");
        fixture.stored(fixture.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"},\"name\":\"resolved\",\"value\":1}");

        String rows = query("SELECT name, service_name, span_name, request_model, input_tokens, output_tokens, duration_ns "
                + "FROM $db.annotation_scores_with_spans WHERE trace_id = '" + trace + "' ORDER BY name");

        assertThat(rows).isEqualTo("helpfulness,support-bot,chat gpt-4o,gpt-4o,120,45,1500000000\n"
                + "resolved,support-bot,POST /chat,\"\",0,0,2000000000\n");
    }
}
