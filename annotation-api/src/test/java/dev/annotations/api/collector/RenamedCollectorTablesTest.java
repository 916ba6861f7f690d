package dev.annotations.api.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Collector configured with other table names ({@code traces_table_name: llm_traces}, …): the service
 * given the same names creates, writes and reads those tables only — receiver, trace reads, span search,
 * the evaluation inbox and the views over spans.
 */
class RenamedCollectorTablesTest {
    private static final Map<String, String> RENAMED = Map.of(
            "CLICKHOUSE_TRACES_TABLE", "llm_traces",
            "CLICKHOUSE_LOGS_TABLE", "llm_logs",
            "CLICKHOUSE_TRACE_ID_TS_TABLE", "llm_traces_trace_id_ts");
    private static final String TRACE = UUID.randomUUID().toString().replace("-", "");
    private static final String SPAN = TRACE.substring(0, 16);

    private static AnnotationService service;
    private static ApiClient client;
    private static String database;

    @BeforeAll
    static void start() {
        database = TestService.freshDatabase();
        AppConfig config = TestService.config(database,
                dev.annotations.api.SharedClickHouse.engine().jdbcUrl("default"), RENAMED);
        service = AnnotationService.start(config, Clock.systemUTC(), key -> {
            throw new AssertionError("a configured bootstrap key must not be replaced");
        });
        client = new ApiClient(service.port());
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        ApiClient.Response spans = client.postJson("/v1/traces", TestService.BOOTSTRAP_KEY, """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"chat","kind":2,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}""".formatted(TRACE, SPAN, now - 1_000_000, now));
        assertThat(spans.status()).as(spans.body()).isEqualTo(200);
        ApiClient.Response events = client.postJson("/v1/logs", TestService.BOOTSTRAP_KEY, """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","eventName":"gen_ai.evaluation.result",
                 "traceId":"%s","spanId":"%s","attributes":[
                   {"key":"gen_ai.evaluation.name","value":{"stringValue":"relevance"}},
                   {"key":"gen_ai.evaluation.score.value","value":{"doubleValue":0.75}}]}]}]}]}""".formatted(now, TRACE, SPAN));
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        service.readEvaluationInbox();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void the_renamed_tables_exist_and_the_default_names_were_never_created() {
        List<String> tables = new ArrayList<>();
        service.storage().call(dsl -> dsl.fetch("SELECT name FROM system.tables WHERE database = {0} ORDER BY name",
                database)).forEach(row -> tables.add(row.get(0, String.class)));

        assertThat(tables).contains("llm_traces", "llm_logs", "llm_traces_trace_id_ts", "llm_traces_trace_id_ts_mv")
                .noneMatch(name -> name.startsWith("otel_"));
    }

    @Test
    void a_trace_written_by_the_receiver_is_read_from_the_renamed_tables() {
        ApiClient.Response trace = client.get("/api/v1/traces/" + TRACE, TestService.BOOTSTRAP_KEY);

        assertThat(trace.status()).as(trace.body()).isEqualTo(200);
        assertThat(trace.json().get("spanCount").asInt()).isEqualTo(1);
    }

    @Test
    void span_search_reads_the_renamed_traces_table() {
        JsonNode page = client.get("/api/v1/spans?traceId=" + TRACE, TestService.BOOTSTRAP_KEY).json();

        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("name").asText()).isEqualTo("chat");
    }

    @Test
    void an_evaluation_event_in_the_renamed_logs_table_becomes_a_score_on_its_span() {
        JsonNode scores = client.get("/api/v1/scores?traceId=" + TRACE, TestService.BOOTSTRAP_KEY).json().get("items");

        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).get("name").asText()).isEqualTo("relevance");
        assertThat(scores.get(0).get("value").asDouble()).isEqualTo(0.75);
        assertThat(scores.get(0).get("target").get("spanId").asText()).isEqualTo(SPAN);
    }

    @Test
    void the_scores_with_spans_view_joins_the_renamed_traces_table() {
        Long rows = service.storage().call(dsl -> dsl.fetchOne(
                "SELECT count() FROM " + service.storage().qualified("annotation_scores_with_spans")
                        + " WHERE trace_id = {0} AND service_name = 'checkout'", TRACE).get(0, Long.class));

        assertThat(rows).isEqualTo(1L);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"otel traces", "otel.traces", "1traces", "traces;DROP", "`x`"})
    void a_table_name_that_is_not_a_plain_identifier_stops_the_start_naming_the_variable(String name) {
        assertThatThrownBy(() -> AppConfig.from(Map.of("CLICKHOUSE_TRACES_TABLE", name), new Properties()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLICKHOUSE_TRACES_TABLE");
    }

    @Test
    void the_defaults_are_the_exporters_table_names() {
        var tables = AppConfig.from(Map.of(), new Properties()).collectorTables();

        assertThat(List.of(tables.traces(), tables.logs(), tables.traceIdTs()))
                .containsExactly("otel_traces", "otel_logs", "otel_traces_trace_id_ts");
    }
}
