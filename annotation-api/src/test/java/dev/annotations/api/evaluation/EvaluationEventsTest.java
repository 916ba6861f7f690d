package dev.annotations.api.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gen_ai.evaluation.result} events become scores, through our OTLP receiver and through a
 * Collector's {@code otel_logs} table, with the same result; invalid ones are refused, counted and listed.
 */
class EvaluationEventsTest {
    private static final long T0 = 1_764_000_000_000_000_000L;
    private static AnnotationService service;
    private static ApiClient client;
    private static String db;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        db = "`" + service.storage().database() + "`";
        ApiClient.Response config = client.postJson("/api/v1/score-configs", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}");
        assertThat(config.status()).as(config.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void feedback_recorded_with_the_sdk_becomes_a_score_on_its_span() {
        Span span;
        try (Sdk sdk = new Sdk(service.port())) {
            span = sdk.tracer.get("app").spanBuilder("chat").startSpan();
            sdk.loggers.get("feedback").logRecordBuilder().setEventName("gen_ai.evaluation.result")
                    .setContext(Context.current().with(span)).setTimestamp(T0 + 1_234_567, TimeUnit.NANOSECONDS)
                    .setAttribute(AttributeKey.stringKey("gen_ai.evaluation.name"), "user-feedback")
                    .setAttribute(AttributeKey.doubleKey("gen_ai.evaluation.score.value"), 1.0)
                    .setAttribute(AttributeKey.stringKey("gen_ai.evaluation.score.label"), "thumbs-up")
                    .setAttribute(AttributeKey.stringKey("gen_ai.evaluation.explanation"), "solved my problem")
                    .setAttribute(AttributeKey.stringKey("gen_ai.response.id"), "chatcmpl-1")
                    .setAttribute(AttributeKey.stringKey("annotation.score.source"), "FEEDBACK")
                    .setAttribute(AttributeKey.stringKey("user.id"), "user-42")
                    .emit();
            span.end();
            sdk.flush();
        }
        String trace = span.getSpanContext().getTraceId();
        String spanId = span.getSpanContext().getSpanId();

        JsonNode score = onlyScore("spanId=" + spanId + "&traceId=" + trace);
        assertThat(score.get("target").toString()).isEqualTo("{\"type\":\"SPAN\",\"traceId\":\"" + trace
                + "\",\"spanId\":\"" + spanId + "\"}");
        assertThat(score.get("name").asText()).isEqualTo("user-feedback");
        assertThat(score.get("dataType").asText()).isEqualTo("CATEGORICAL");
        assertThat(score.get("value").asDouble()).isEqualTo(1.0);
        assertThat(score.get("label").asText()).isEqualTo("thumbs-up");
        assertThat(score.get("comment").asText()).isEqualTo("solved my problem");
        assertThat(score.get("source").asText()).isEqualTo("FEEDBACK");
        assertThat(score.get("annotatorKind").asText()).isEqualTo("HUMAN");
        assertThat(score.get("author").asText()).isEqualTo("user-42");
        assertThat(score.get("metadata").properties()).hasSize(2);
        assertThat(score.get("metadata").get("gen_ai.response.id").asText()).isEqualTo("chatcmpl-1");
        assertThat(score.get("metadata").get("service.name").asText()).isEqualTo("checkout");
        assertThat(Instant.parse(score.get("timestamp").asText())).isEqualTo(Instant.ofEpochSecond(0, T0 + 1_000_000));
        assertThat(count("SELECT count() FROM " + db + ".otel_logs WHERE SpanId = '" + spanId
                + "' AND EventName = 'gen_ai.evaluation.result'")).as("the event row is stored too").isEqualTo(1);

        service.readEvaluationInbox();
        assertThat(client.get("/api/v1/scores/" + score.get("id").asText() + "/history", TestService.BOOTSTRAP_KEY)
                .json().get("items")).as("the inbox reader recognises the receiver's score").hasSize(1);
    }

    @Test
    void events_without_a_span_judge_their_trace_or_the_named_session() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        String session = "session-" + UUID.randomUUID();
        ApiClient.Response response = postLogs(
                event(trace, "", T0, Map.of("gen_ai.evaluation.name", "resolved", "gen_ai.evaluation.score.value", 1)),
                event("", "", T0, Map.of("gen_ai.evaluation.name", "csat", "gen_ai.evaluation.score.value", 4,
                        "session.id", session, "annotation.score.source", "feedback")));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");

        assertThat(onlyScore("traceId=" + trace).get("target").get("type").asText()).isEqualTo("TRACE");
        JsonNode csat = onlyScore("sessionId=" + session);
        assertThat(csat.get("target").get("type").asText()).isEqualTo("SESSION");
        assertThat(csat.get("author").asText()).as("no user.id: the service").isEqualTo("checkout");
        assertThat(csat.get("annotatorKind").asText()).isEqualTo("HUMAN");
    }

    @Test
    void a_score_config_with_the_events_name_validates_it() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        ApiClient.Response response = postLogs(
                event(trace, "00000000000000a1", T0, Map.of("gen_ai.evaluation.name", "helpfulness", "gen_ai.evaluation.score.value", 4)),
                event(trace, "00000000000000a2", T0, Map.of("gen_ai.evaluation.name", "helpfulness", "gen_ai.evaluation.score.value", 9)));

        assertThat(response.json().get("partialSuccess").get("rejectedLogRecords").asText()).isEqualTo("1");
        assertThat(response.json().get("partialSuccess").get("errorMessage").asText())
                .contains("evaluation 'helpfulness': gen_ai.evaluation.score.value:");
        JsonNode stored = onlyScore("traceId=" + trace);
        assertThat(stored.get("configId").asText()).isNotEmpty();
        assertThat(stored.get("annotatorKind").asText()).as("EVAL defaults to an LLM judge").isEqualTo("LLM");
        assertThat(count("SELECT count() FROM " + db + ".otel_logs WHERE TraceId = '" + trace + "'"))
                .as("the refused event is not stored as accepted").isEqualTo(1);
        assertThat(rejectionsFor(trace)).singleElement()
                .satisfies(rejection -> {
                    assertThat(rejection.get("path").asText()).isEqualTo("RECEIVER");
                    assertThat(rejection.get("name").asText()).isEqualTo("helpfulness");
                    assertThat(rejection.get("reason").asText()).contains("gen_ai.evaluation.score.value");
                });
    }

    @Test
    void unusable_events_are_refused_counted_and_listed_with_their_reason() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        ApiClient.Response response = postLogs(
                event(trace, "00000000000000b1", T0, Map.of("gen_ai.evaluation.score.value", 1)),
                event(trace, "00000000000000b2", T0, Map.of("gen_ai.evaluation.name", "x", "gen_ai.evaluation.score.value", "high")),
                event(trace, "00000000000000b3", T0, Map.of("gen_ai.evaluation.name", "x", "error.type", "timeout")),
                event(trace, "00000000000000b4", T0, Map.of("gen_ai.evaluation.name", "x", "gen_ai.evaluation.score.value", 1,
                        "annotation.score.source", "ANNOTATION")),
                event(trace, "00000000000000b5", T0, Map.of("gen_ai.evaluation.name", "x")),
                plainLog(trace));

        assertThat(response.json().get("partialSuccess").get("rejectedLogRecords").asText()).isEqualTo("5");
        assertThat(rejectionsFor(trace)).extracting(rejection -> rejection.get("reason").asText())
                .anySatisfy(reason -> assertThat(reason).contains("gen_ai.evaluation.name is required"))
                .anySatisfy(reason -> assertThat(reason).contains("must be a number, was 'high'"))
                .anySatisfy(reason -> assertThat(reason).contains("error.type=timeout"))
                .anySatisfy(reason -> assertThat(reason).contains("must be EVAL or FEEDBACK"))
                .anySatisfy(reason -> assertThat(reason).contains("needs a value, a label or labels"));
        assertThat(count("SELECT count() FROM " + db + ".otel_logs WHERE TraceId = '" + trace + "'"))
                .as("only the ordinary log record").isEqualTo(1);
    }

    @Test
    void events_arriving_through_a_collector_become_the_same_scores() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        ApiClient.Response response = postLogs(
                event(trace, "00000000000000c1", T0, Map.of("gen_ai.evaluation.name", "faithfulness",
                        "gen_ai.evaluation.score.value", 0.25, "gen_ai.evaluation.explanation", "cites a missing source")),
                event(trace, "00000000000000c2", T0 + 7, Map.of("gen_ai.evaluation.name", "tone",
                        "gen_ai.evaluation.score.label", "rude", "annotation.score.author", "judge-v2",
                        "annotation.annotator.kind", "code")),
                event(trace, "", T0 + 9, Map.of("gen_ai.evaluation.name", "user-feedback",
                        "gen_ai.evaluation.score.value", 0, "annotation.score.source", "FEEDBACK", "user.id", "u-7")));
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> viaReceiver = scores("traceId=" + trace);
        assertThat(viaReceiver).hasSize(3);

        String collectorDb = TestService.freshDatabase();
        try (AnnotationService collectorSide = TestService.start(collectorDb)) {
            // what a Collector's exporter would insert: the very rows the receiver wrote
            collectorSide.storage().executeStatement("INSERT INTO `" + collectorDb + "`.otel_logs SELECT * FROM " + db
                    + ".otel_logs WHERE TraceId = '" + trace + "'");
            assertThat(collectorSide.readEvaluationInbox()).isEqualTo(3);
            List<JsonNode> viaCollector = scores(new ApiClient(collectorSide.port()), "traceId=" + trace);

            assertThat(viaCollector).hasSize(3);
            assertThat(viaCollector.stream().map(EvaluationEventsTest::judgement).toList())
                    .isEqualTo(viaReceiver.stream().map(EvaluationEventsTest::judgement).toList());
            assertThat(collectorSide.readEvaluationInbox()).as("the cursor moved past them").isZero();
        }
    }

    @Test
    void collector_events_go_to_the_project_they_name_and_are_refused_without_one() {
        String collectorDb = TestService.freshDatabase();
        try (AnnotationService collectorSide = TestService.start(collectorDb)) {
            ApiClient collectorClient = new ApiClient(collectorSide.port());
            JsonNode second = collectorClient.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY, "{\"name\":\"second\"}").json();
            String secondAdmin = collectorClient.postJson("/api/v1/projects/" + second.get("id").asText() + "/keys",
                    TestService.BOOTSTRAP_KEY, "{\"name\":\"admin-2\",\"role\":\"ADMIN\"}").json().get("key").asText();
            String trace = UUID.randomUUID().toString().replace("-", "");
            insertCollectorRow(collectorSide, collectorDb, trace, "00000000000000d1", "EventName",
                    Map.of("gen_ai.evaluation.name", "named", "gen_ai.evaluation.score.value", "1",
                            "annotation.project.id", second.get("id").asText()));
            insertCollectorRow(collectorSide, collectorDb, trace, "00000000000000d2", "EventName",
                    Map.of("gen_ai.evaluation.name", "unnamed", "gen_ai.evaluation.score.value", "1"));
            insertCollectorRow(collectorSide, collectorDb, trace, "00000000000000d3", "EventName",
                    Map.of("gen_ai.evaluation.name", "bad-project", "gen_ai.evaluation.score.value", "1",
                            "annotation.project.id", UUID.randomUUID().toString()));

            collectorSide.readEvaluationInbox();

            assertThat(scores(collectorClient, secondAdmin, "traceId=" + trace)).singleElement()
                    .satisfies(score -> assertThat(score.get("name").asText()).isEqualTo("named"));
            List<JsonNode> refused = new ArrayList<>();
            collectorClient.get("/api/v1/evaluation-rejections", secondAdmin).json().get("items").forEach(refused::add);
            assertThat(refused).extracting(rejection -> rejection.get("name").asText())
                    .containsExactlyInAnyOrder("unnamed", "bad-project");
            assertThat(refused).allSatisfy(rejection -> {
                assertThat(rejection.get("path").asText()).isEqualTo("COLLECTOR");
                assertThat(rejection.has("projectId")).as("no project").isFalse();
            });
        }
    }

    @Test
    void the_older_otel_logs_generation_works_on_both_paths_and_earlier_events_are_picked_up() {
        String oldDb = TestService.freshDatabase();
        SharedClickHouse.engine().directQuery("CREATE DATABASE IF NOT EXISTS `" + oldDb + "`");
        SharedClickHouse.engine().directQuery("CREATE TABLE `" + oldDb + "`.otel_logs ("
                + "Timestamp DateTime64(9), TimestampTime DateTime DEFAULT toDateTime(Timestamp), TraceId String, SpanId String,"
                + " TraceFlags UInt8, SeverityText LowCardinality(String), SeverityNumber UInt8, ServiceName LowCardinality(String),"
                + " Body String, ResourceSchemaUrl LowCardinality(String), ResourceAttributes Map(LowCardinality(String), String),"
                + " ScopeSchemaUrl LowCardinality(String), ScopeName String, ScopeVersion LowCardinality(String),"
                + " ScopeAttributes Map(LowCardinality(String), String), LogAttributes Map(LowCardinality(String), String))"
                + " ENGINE = MergeTree PARTITION BY toDate(TimestampTime) ORDER BY (ServiceName, TimestampTime, Timestamp)");
        String trace = UUID.randomUUID().toString().replace("-", "");
        SharedClickHouse.engine().directQuery("INSERT INTO `" + oldDb + "`.otel_logs (Timestamp, TraceId, SpanId, ServiceName,"
                + " LogAttributes) VALUES (now64(9) - INTERVAL 2 DAY, '" + trace + "', '00000000000000e1', 'old-svc',"
                + " map('event.name', 'gen_ai.evaluation.result', 'gen_ai.evaluation.name', 'before-install',"
                + " 'gen_ai.evaluation.score.value', '3'))");
        try (AnnotationService old = TestService.start(oldDb)) {
            ApiClient oldClient = new ApiClient(old.port());
            old.readEvaluationInbox();
            assertThat(scores(oldClient, "traceId=" + trace)).as("events stored before the service existed")
                    .extracting(score -> score.get("name").asText()).containsExactly("before-install");

            ApiClient.Response response = postLogs(oldClient, event(trace, "00000000000000e2", T0,
                    Map.of("gen_ai.evaluation.name", "via-receiver", "gen_ai.evaluation.score.value", 2)));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            Object timestampTime = old.storage().call(dsl -> dsl.fetchValue("SELECT toUnixTimestamp(TimestampTime) FROM `"
                    + oldDb + "`.otel_logs WHERE SpanId = '00000000000000e2'"));
            assertThat(String.valueOf(timestampTime)).isEqualTo(Long.toString(T0 / 1_000_000_000L));

            insertCollectorRow(old, oldDb, trace, "00000000000000e3", null, Map.of("event.name", "gen_ai.evaluation.result",
                    "gen_ai.evaluation.name", "via-collector", "gen_ai.evaluation.score.value", "1"));
            old.readEvaluationInbox();
            assertThat(scores(oldClient, "traceId=" + trace)).extracting(score -> score.get("name").asText())
                    .containsExactlyInAnyOrder("before-install", "via-receiver", "via-collector");
        }
    }

    @Test
    void events_stored_before_the_view_are_copied_by_the_next_start_when_the_first_copy_did_not_finish() {
        String database = TestService.freshDatabase();
        String trace = UUID.randomUUID().toString().replace("-", "");
        try (AnnotationService first = TestService.start(database)) {
            // what a start that created the view and died before its copy leaves behind: the view, no copy
            first.storage().executeStatement("DROP VIEW `" + database + "`.annotation_evaluation_inbox_mv");
            first.storage().executeStatement("DELETE FROM `" + database + "`.annotation_ingest_cursors"
                    + " WHERE name = 'inbox-backfill-done'");
            insertCollectorRow(first, database, trace, "00000000000000d1", "EventName", Map.of(
                    "gen_ai.evaluation.name", "stored-before-the-view", "gen_ai.evaluation.score.value", "1"));
            first.storage().executeStatement("CREATE MATERIALIZED VIEW `" + database + "`.annotation_evaluation_inbox_mv"
                    + " TO `" + database + "`.annotation_evaluation_inbox AS SELECT now64(6, 'UTC') AS received_at,"
                    + " toUInt64(0) AS event_key, Timestamp, TraceId, SpanId, ServiceName, ResourceAttributes, LogAttributes"
                    + " FROM `" + database + "`.otel_logs WHERE 0");
        }
        try (AnnotationService second = TestService.start(database)) {
            ApiClient secondClient = new ApiClient(second.port());
            second.readEvaluationInbox();
            assertThat(scores(secondClient, "traceId=" + trace)).extracting(score -> score.get("name").asText())
                    .containsExactly("stored-before-the-view");
        }
        try (AnnotationService third = TestService.start(database)) {
            ApiClient thirdClient = new ApiClient(third.port());
            third.readEvaluationInbox();
            assertThat(scores(thirdClient, "traceId=" + trace)).as("copied once the copy finished, not at every start")
                    .hasSize(1);
            Object copies = third.storage().call(dsl -> dsl.fetchValue("SELECT count() FROM `" + database
                    + "`.annotation_evaluation_inbox WHERE TraceId = ?", trace));
            assertThat(String.valueOf(copies)).as("rows of the event in the inbox").isEqualTo("1");
        }
    }

    @Test
    void a_late_event_is_read_by_arrival_not_by_its_own_time() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        service.readEvaluationInbox();
        service.storage().executeStatement("INSERT INTO " + db + ".otel_logs (Timestamp, TraceId, SpanId, ServiceName,"
                + " LogAttributes, EventName) VALUES (now64(9) - INTERVAL 3 HOUR, '" + trace + "', '00000000000000f1', 'svc',"
                + " map('gen_ai.evaluation.name', 'late', 'gen_ai.evaluation.score.value', '1'), 'gen_ai.evaluation.result')");
        service.readEvaluationInbox();
        assertThat(scores("traceId=" + trace)).extracting(score -> score.get("name").asText()).containsExactly("late");
    }

    // ---- helpers

    /** A score's judgement: everything but when and by which instance it was written. */
    private static JsonNode judgement(JsonNode score) {
        ObjectNode copy = score.deepCopy();
        copy.remove(List.of("createdAt", "updatedAt", "version", "configId"));
        return copy;
    }

    private static void insertCollectorRow(AnnotationService target, String database, String trace, String span,
                                           String eventNameColumn, Map<String, String> attributes) {
        StringBuilder map = new StringBuilder("map(");
        attributes.forEach((key, value) -> map.append(map.length() > 4 ? ", " : "").append("'").append(key)
                .append("', '").append(value).append("'"));
        map.append(")");
        target.storage().executeStatement("INSERT INTO `" + database + "`.otel_logs (Timestamp, TraceId, SpanId, ServiceName,"
                + " LogAttributes" + (eventNameColumn == null ? "" : ", EventName") + ") VALUES (now64(9), '" + trace + "', '"
                + span + "', 'collector-svc', " + map + (eventNameColumn == null ? "" : ", 'gen_ai.evaluation.result'") + ")");
    }

    private static ApiClient.Response postLogs(String... records) {
        return postLogs(client, records);
    }

    private static ApiClient.Response postLogs(ApiClient to, String... records) {
        String body = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"checkout\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"judge\"},\"logRecords\":["
                + String.join(",", records) + "]}]}]}";
        return to.post("/v1/logs", TestService.BOOTSTRAP_KEY, "application/json", body);
    }

    private static String event(String trace, String span, long time, Map<String, Object> attributes) {
        StringBuilder json = new StringBuilder("{\"timeUnixNano\":\"" + time + "\",\"eventName\":\"gen_ai.evaluation.result\","
                + "\"traceId\":\"" + trace + "\",\"spanId\":\"" + span + "\",\"attributes\":[");
        List<String> values = new ArrayList<>();
        attributes.forEach((key, value) -> values.add("{\"key\":\"" + key + "\",\"value\":" + switch (value) {
            case Integer number -> "{\"intValue\":\"" + number + "\"}";
            case Double number -> "{\"doubleValue\":" + number + "}";
            default -> "{\"stringValue\":\"" + value + "\"}";
        } + "}"));
        return json.append(String.join(",", values)).append("]}").toString();
    }

    private static String plainLog(String trace) {
        return "{\"timeUnixNano\":\"" + T0 + "\",\"traceId\":\"" + trace + "\",\"body\":{\"stringValue\":\"hello\"}}";
    }

    private static JsonNode onlyScore(String query) {
        List<JsonNode> found = scores(query);
        assertThat(found).as(query).hasSize(1);
        return found.getFirst();
    }

    private static List<JsonNode> scores(String query) {
        return scores(client, query);
    }

    private static List<JsonNode> scores(ApiClient from, String query) {
        return scores(from, TestService.BOOTSTRAP_KEY, query);
    }

    private static List<JsonNode> scores(ApiClient from, String key, String query) {
        ApiClient.Response response = from.get("/api/v1/scores?" + query, key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.json().get("items").forEach(items::add);
        items.sort(java.util.Comparator.comparing(score -> score.get("name").asText()));
        return items;
    }

    private static List<JsonNode> rejectionsFor(String trace) {
        List<JsonNode> items = new ArrayList<>();
        client.get("/api/v1/evaluation-rejections", TestService.BOOTSTRAP_KEY).json().get("items").forEach(item -> {
            if (item.get("traceId").asText().equals(trace)) {
                items.add(item);
            }
        });
        return items;
    }

    private static long count(String sql) {
        return service.storage().call(dsl -> ((Number) dsl.fetchValue(sql)).longValue());
    }

    /** The SDK as an application sets it up; SimpleXProcessor + flush make the test deterministic. */
    private static final class Sdk implements AutoCloseable {
        final SdkTracerProvider tracer;
        final SdkLoggerProvider loggers;

        Sdk(int port) {
            Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"));
            tracer = SdkTracerProvider.builder().setResource(resource).addSpanProcessor(SimpleSpanProcessor.create(
                    OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
                            .addHeader("Authorization", "Bearer " + TestService.BOOTSTRAP_KEY).build())).build();
            loggers = SdkLoggerProvider.builder().setResource(resource).addLogRecordProcessor(SimpleLogRecordProcessor.create(
                    OtlpHttpLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + port + "/v1/logs")
                            .addHeader("Authorization", "Bearer " + TestService.BOOTSTRAP_KEY).build())).build();
        }

        void flush() {
            assertThat(tracer.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(loggers.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }

        @Override
        public void close() {
            tracer.close();
            loggers.close();
        }
    }
}
