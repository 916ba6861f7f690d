package dev.annotations.api.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP/HTTP receiver fed by the real OpenTelemetry SDK and by hand-made OTLP/JSON and protobuf
 * bodies; every stored column is compared with what the Collector's ClickHouse exporter writes.
 */
class OtlpReceiverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_764_000_000_123_456_789L;
    private static AnnotationService service;
    private static ApiClient client;
    private static String viewer;
    private static String project;
    private static String db;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        project = client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json().get("projects").get(0).get("id").asText();
        viewer = client.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"viewer\",\"role\":\"VIEWER\"}").json().get("key").asText();
        db = "`" + service.storage().database() + "`";
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void spans_from_the_sdk_are_stored_as_the_collector_stores_them() throws Exception {
        SpanContext rootContext;
        SpanContext childContext;
        try (OtlpSdk sdk = new OtlpSdk(service.port(), TestService.BOOTSTRAP_KEY, "gzip")) {
            Span root = sdk.tracer().spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(T0, TimeUnit.NANOSECONDS)
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.usage.input_tokens", 120L)
                    .setAttribute("temperature", 0.7)
                    .setAttribute("ratio", 2.0)
                    .setAttribute("stream", false)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "<b>"))
                    .setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, 2L))
                    .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1.0))
                    .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
                    .startSpan();
            root.addEvent("gen_ai.content.prompt", Attributes.of(AttributeKey.stringKey("gen_ai.prompt"), "hi"),
                    T0 + 1_000, TimeUnit.NANOSECONDS);
            rootContext = root.getSpanContext();
            Span child = sdk.tracer().spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.current().with(root)).setStartTimestamp(T0 + 5_000, TimeUnit.NANOSECONDS)
                    .addLink(rootContext, Attributes.of(AttributeKey.longKey("link.weight"), 3L))
                    .startSpan();
            child.setStatus(StatusCode.ERROR, "upstream timed out");
            childContext = child.getSpanContext();
            child.end(T0 + 2_005_000, TimeUnit.NANOSECONDS);
            root.end(T0 + 3_000_000, TimeUnit.NANOSECONDS);
            sdk.flush();
        }

        Record root = span(rootContext.getTraceId(), rootContext.getSpanId());
        assertThat(root.get("ts", Long.class)).isEqualTo(T0);
        assertThat(root.get("ParentSpanId", String.class)).isEmpty();
        assertThat(root.get("TraceState", String.class)).isEmpty();
        assertThat(root.get("SpanName", String.class)).isEqualTo("POST /chat");
        assertThat(root.get("SpanKind", String.class)).isEqualTo("Server");
        assertThat(root.get("ServiceName", String.class)).isEqualTo("checkout");
        // the exporter's resource, plus the sending key's project the receiver stamps (SpanVisibility)
        assertThat(map(root.get("resource", String.class))).isEqualTo(Map.of("service.name", "checkout",
                "deployment.environment", "test", "annotation.project.id", project));
        assertThat(root.get("ScopeName", String.class)).isEqualTo("test-scope");
        assertThat(root.get("ScopeVersion", String.class)).isEqualTo("1.2.3");
        assertThat(map(root.get("attributes", String.class))).isEqualTo(Map.of(
                "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", "120", "temperature", "0.7",
                "ratio", "2", "stream", "false", "tags", "[\"a\",\"\\u003cb\\u003e\"]", "sizes", "[1,2]",
                "weights", "[0.5,1]", "flags", "[true,false]"));
        assertThat(root.get("Duration", Long.class)).isEqualTo(3_000_000L);
        assertThat(root.get("StatusCode", String.class)).isEqualTo("Unset");
        assertThat(root.get("StatusMessage", String.class)).isEmpty();
        assertThat(root.get("eventTimes", String.class)).isEqualTo("[" + (T0 + 1_000) + "]");
        assertThat(root.get("eventNames", String.class)).isEqualTo("['gen_ai.content.prompt']");
        assertThat(root.get("eventAttributes", String.class)).isEqualTo("[{\"gen_ai.prompt\":\"hi\"}]");
        assertThat(root.get("linkCount", Long.class)).isZero();

        Record child = span(childContext.getTraceId(), childContext.getSpanId());
        assertThat(child.get("ParentSpanId", String.class)).isEqualTo(rootContext.getSpanId());
        assertThat(child.get("SpanKind", String.class)).isEqualTo("Client");
        assertThat(child.get("Duration", Long.class)).isEqualTo(2_000_000L);
        assertThat(child.get("StatusCode", String.class)).isEqualTo("Error");
        assertThat(child.get("StatusMessage", String.class)).isEqualTo("upstream timed out");
        assertThat(child.get("links", String.class)).isEqualTo("[('" + rootContext.getTraceId() + "','"
                + rootContext.getSpanId() + "','')]");
        assertThat(child.get("linkAttributes", String.class)).isEqualTo("[{\"link.weight\":\"3\"}]");
        assertThat(count("SELECT count() FROM " + db + ".otel_traces_trace_id_ts WHERE TraceId = '"
                + rootContext.getTraceId() + "'")).as("the Collector's trace-id view is fed").isPositive();
    }

    @Test
    void otlp_json_with_hex_ids_camel_case_and_integer_enums() {
        String trace = random(16);
        String parent = random(8);
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
                  "scopeSpans":[{"scope":{"name":"manual","version":"0.1"},"spans":[{
                    "traceId":"%s","spanId":"%s","parentSpanId":"%s","traceState":"k=v","name":"retrieve",
                    "kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                    "attributes":[{"key":"n","value":{"intValue":"7"}},{"key":"d","value":{"doubleValue":1e21}},
                                  {"key":"kv","value":{"kvlistValue":{"values":[{"key":"z","value":{"stringValue":"1"}},{"key":"a","value":{"boolValue":true}}]}}}],
                    "status":{"code":1},"unknownField":{"ignored":true}}]}]}]}
                """.formatted(trace.toUpperCase(), "00f067aa0ba902b7", parent, T0, T0 + 42);
        ApiClient.Response response = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "application/json", body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        Record row = span(trace, "00f067aa0ba902b7");
        assertThat(row.get("ParentSpanId", String.class)).isEqualTo(parent);
        assertThat(row.get("TraceState", String.class)).isEqualTo("k=v");
        assertThat(row.get("SpanKind", String.class)).isEqualTo("Client");
        assertThat(row.get("StatusCode", String.class)).isEqualTo("Ok");
        assertThat(row.get("Duration", Long.class)).isEqualTo(42L);
        assertThat(row.get("ServiceName", String.class)).isEqualTo("json-svc");
        assertThat(map(row.get("attributes", String.class))).isEqualTo(Map.of("n", "7", "d", "1e+21",
                "kv", "{\"a\":true,\"z\":\"1\"}"));
    }

    @Test
    void a_json_span_with_an_id_that_is_not_hex_is_refused_and_counted() {
        String trace = random(16);
        String body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"%s","spanId":"zz00000000000001","name":"bad id","startTimeUnixNano":"%d","endTimeUnixNano":"%d"},
                  {"traceId":"%s","spanId":"0000000000000001","name":"good","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(trace, T0, T0 + 1, trace, T0, T0 + 1);
        ApiClient.Response response = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "application/json", body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("partialSuccess").get("rejectedSpans").asText()).isEqualTo("1");
        assertThat(response.json().get("partialSuccess").get("errorMessage").asText()).contains("span 'bad id'", "span_id");
        assertThat(count("SELECT count() FROM " + db + ".otel_traces WHERE TraceId = '" + trace + "'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a lone surrogate in an attribute | \"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"x\\ud800\"}}],\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\" | text",
            "a lone surrogate in the name's place of a status message | \"status\":{\"message\":\"\\udfff\"},\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\" | text",
            "a start at 2^63 ns | \"startTimeUnixNano\":\"9223372036854775808\",\"endTimeUnixNano\":\"9223372036854775809\" | 2262",
            "an end at 2^64-1 ns | \"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"18446744073709551615\" | 2262"})
    void a_span_clickhouse_could_not_store_is_refused_and_its_neighbour_stored(String what, String fields, String reason) {
        String trace = random(16);
        String body = ("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"%s","spanId":"0000000000000001","name":"poison",""" + fields.formatted(T0, T0 + 1) + """
                },
                  {"traceId":"%s","spanId":"0000000000000002","name":"good","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """).formatted(trace, trace, T0, T0 + 1);
        ApiClient.Response response = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "application/json", body);

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(200);
        assertThat(response.json().get("partialSuccess").get("rejectedSpans").asText()).isEqualTo("1");
        assertThat(response.json().get("partialSuccess").get("errorMessage").asText()).contains(reason);
        assertThat(count("SELECT count() FROM " + db + ".otel_traces WHERE TraceId = '" + trace + "'")).isEqualTo(1);
    }

    @Test
    void a_log_record_clickhouse_could_not_store_is_refused_and_its_neighbours_stored() {
        String trace = random(16);
        String body = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"18446744073709551615","traceId":"%s","body":{"stringValue":"far future"}},
                  {"timeUnixNano":"%d","traceId":"%s","body":{"stringValue":"bad \\ud800 text"}},
                  {"timeUnixNano":"%d","traceId":"%s","body":{"stringValue":"fine"}}]}]}]}
                """.formatted(trace, T0, trace, T0, trace);
        ApiClient.Response response = client.post("/v1/logs", TestService.BOOTSTRAP_KEY, "application/json", body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("partialSuccess").get("rejectedLogRecords").asText()).isEqualTo("2");
        assertThat(count("SELECT count() FROM " + db + ".otel_logs WHERE TraceId = '" + trace + "'")).isEqualTo(1);
    }

    @Test
    void invalid_spans_are_refused_and_counted_and_the_rest_stored() throws IOException {
        String trace = random(16);
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.getDefaultInstance()).addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(span(trace, "1111111111111111", "good"))
                        .addSpans(span(trace, "2222222222222222", "short trace id").toBuilder()
                                .setTraceId(ByteString.copyFrom(new byte[5])))
                        .addSpans(span("00000000000000000000000000000000", "3333333333333333", "zero trace id"))
                        .addSpans(span(trace, "4444444444444444", ""))
                        .addSpans(span(trace, "5555555555555555", "ends before it starts").toBuilder()
                                .setEndTimeUnixNano(T0 - 1))))
                .build();
        ApiClient.BinaryResponse response = client.postBytes("/v1/traces", TestService.BOOTSTRAP_KEY, request.toByteArray(),
                "Content-Type", "application/x-protobuf");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-protobuf");
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(4);
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .contains("trace_id must be 16 bytes").contains("name is required").contains("end_time_unix_nano is before");
        assertThat(count("SELECT count() FROM " + db + ".otel_traces WHERE TraceId = '" + trace + "'")).isEqualTo(1);
    }

    @Test
    void malformed_bodies_answer_400_with_a_status_in_the_request_encoding() throws IOException {
        ApiClient.BinaryResponse protobuf = client.postBytes("/v1/traces", TestService.BOOTSTRAP_KEY,
                new byte[]{0x0a, (byte) 0xff, 0x01}, "Content-Type", "application/x-protobuf");
        assertThat(protobuf.status()).isEqualTo(400);
        assertThat(protobuf.header("Content-Type")).isEqualTo("application/x-protobuf");
        CodedInputStream status = CodedInputStream.newInstance(protobuf.body());
        assertThat(status.readTag()).isEqualTo(8);
        assertThat(status.readInt32()).as("INVALID_ARGUMENT").isEqualTo(3);
        assertThat(status.readTag()).isEqualTo(18);
        assertThat(status.readString()).contains("ExportTraceServiceRequest");

        ApiClient.Response json = client.post("/v1/logs", TestService.BOOTSTRAP_KEY, "application/json", "{\"resourceLogs\":");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("code").asInt()).isEqualTo(3);
        assertThat(json.json().get("message").asText()).contains("not valid JSON");

        ApiClient.Response wrongType = client.post("/v1/logs", TestService.BOOTSTRAP_KEY, "application/json",
                "{\"resourceLogs\":[{\"scopeLogs\":\"not a list\"}]}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("message").asText()).contains("not OTLP/JSON");

        ApiClient.BinaryResponse badGzip = client.postBytes("/v1/traces", TestService.BOOTSTRAP_KEY, new byte[]{1, 2, 3},
                "Content-Type", "application/x-protobuf", "Content-Encoding", "gzip");
        assertThat(badGzip.status()).isEqualTo(400);
    }

    @Test
    void wrong_content_type_encoding_and_size_are_refused() throws IOException {
        ApiClient.Response text = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "text/plain", "hello");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.header("Content-Type")).startsWith("application/problem+json");
        assertThat(text.json().get("detail").asText()).contains("application/x-protobuf");

        ApiClient.BinaryResponse brotli = client.postBytes("/v1/traces", TestService.BOOTSTRAP_KEY, new byte[]{1},
                "Content-Type", "application/x-protobuf", "Content-Encoding", "br");
        assertThat(brotli.status()).isEqualTo(415);
        assertThat(brotli.header("Content-Type")).as("415 is problem+json, as the README says")
                .startsWith("application/problem+json");
        assertThat(brotli.text()).contains("Content-Encoding 'br' is not supported");

        ApiClient.Response tooLarge = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "application/json",
                "{\"resourceSpans\":[]," + "\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).as("over ANNOTATION_MAX_REQUEST_BYTES (64 KiB in tests)").isEqualTo(413);

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            gzip.write(new byte[200_000]);
        }
        try (AnnotationService small = AnnotationService.start(TestService.config(service.storage().database(),
                dev.annotations.api.SharedClickHouse.engine().jdbcUrl("default"),
                Map.of("ANNOTATION_OTLP_MAX_DECODED_BYTES", "100000")), java.time.Clock.systemUTC(), key -> {
        })) {
            ApiClient.BinaryResponse decoded = new ApiClient(small.port()).postBytes("/v1/traces", TestService.BOOTSTRAP_KEY,
                    bomb.toByteArray(), "Content-Type", "application/x-protobuf", "Content-Encoding", "gzip");
            assertThat(decoded.status()).isEqualTo(413);
            assertThat(decoded.text()).contains("ANNOTATION_OTLP_MAX_DECODED_BYTES");
        }
    }

    @Test
    void senders_need_a_key_that_may_write() {
        ApiClient.Response none = client.post("/v1/traces", null, "application/json", "{}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("code").asInt()).as("UNAUTHENTICATED").isEqualTo(16);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

        ApiClient.Response reader = client.post("/v1/logs", viewer, "application/json", "{}");
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.json().get("code").asInt()).as("PERMISSION_DENIED").isEqualTo(7);
    }

    private static io.opentelemetry.proto.trace.v1.Span span(String trace, String spanId, String name) {
        HexFormat hex = HexFormat.of();
        return io.opentelemetry.proto.trace.v1.Span.newBuilder().setTraceId(ByteString.copyFrom(hex.parseHex(trace)))
                .setSpanId(ByteString.copyFrom(hex.parseHex(spanId))).setName(name)
                .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 10).build();
    }

    private static Record span(String traceId, String spanId) {
        List<Record> rows = service.storage().call(dsl -> dsl.fetch("SELECT toUnixTimestamp64Nano(Timestamp) AS ts, "
                + "ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, toJSONString(ResourceAttributes) AS resource, "
                + "ScopeName, ScopeVersion, toJSONString(SpanAttributes) AS attributes, Duration, StatusCode, StatusMessage, "
                + "toString(arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp)) AS eventTimes, "
                + "toString(Events.Name) AS eventNames, toJSONString(Events.Attributes) AS eventAttributes, "
                + "length(Links.TraceId) AS linkCount, toString(arrayZip(Links.TraceId, Links.SpanId, Links.TraceState)) AS links, "
                + "toJSONString(Links.Attributes) AS linkAttributes "
                + "FROM " + db + ".otel_traces WHERE TraceId = ? AND SpanId = ?", traceId, spanId));
        assertThat(rows).as("span " + spanId + " stored once").hasSize(1);
        return rows.getFirst();
    }

    private static long count(String sql) {
        return service.storage().call(dsl -> ((Number) dsl.fetchValue(sql)).longValue());
    }

    private static Map<String, String> map(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String random(int bytes) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, bytes * 2);
    }
}
