package dev.annotations.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path under the real OpenTelemetry Java agent (from Maven Central) with our shaded extension:
 * examples/demo-app in its own JVM exports OTLP to annotation-api (in this JVM, on the embedded ClickHouse
 * engine). Checked: the spans stored in {@code otel_traces} carry the annotation attributes the rules file
 * asks for, the HTTP response names the stored server span in {@code server-timing}, and feedback recorded
 * in the app, inline and later by the returned trace context, became scores on those spans.
 */
class AgentEndToEndIT {
    private static final Pattern SERVER_TIMING = Pattern.compile("trace;desc=(00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2}))");
    private static final String RULES = """
            rules:
              - name: health-checks          # first match wins: never a candidate
                match: {spanName: "GET /health"}
                sampleRate: 0
              - name: chat-calls
                match:
                  kind: CLIENT
                  attributes: {gen_ai.operation.name: chat}
                queue: chat-review
                setAttributes: {review.reason: llm-call}
              - name: chat-route             # the server span's final name, known only once the route matched
                match: {kind: SERVER, spanName: "POST /chat"}
                queue: http-review
            """;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AnnotationService service;
    private static ApiClient api;
    private static DemoProcess demo;

    @BeforeAll
    static void start() throws IOException {
        service = TestService.start(TestService.freshDatabase());
        api = new ApiClient(service.port());
        Path logs = Path.of(System.getProperty("e2e.log.dir", "target/e2e-logs"));
        Files.createDirectories(logs);
        Path rules = Files.writeString(logs.resolve("annotation-rules.yaml"), RULES);
        demo = DemoProcess.start(jar("e2e.agent.jar"), jar("e2e.extension.jar"), jar("e2e.demo.jar"), Map.of(
                "OTEL_SERVICE_NAME", "demo-app",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + service.port(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer " + TestService.BOOTSTRAP_KEY,
                "OTEL_LOGS_EXPORTER", "otlp",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_BSP_SCHEDULE_DELAY", "200",
                "OTEL_BLRP_SCHEDULE_DELAY", "200",
                "OTEL_ANNOTATION_RULES_FILE", rules.toString()),
                logs.resolve("demo-app.log"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void the_extension_is_loaded_by_the_agent_and_reports_its_rules() {
        assertThat(demo.output()).contains("otel.annotation: tagging spans with 3 rule(s) [health-checks, chat-calls, chat-route]");
    }

    @Test
    void spans_carry_the_annotation_attributes_the_rules_ask_for_and_the_response_names_the_server_span() {
        String session = "session-" + UUID.randomUUID();
        HttpResponse<String> response = demo("/chat", "{\"question\":\"What is the answer?\",\"userId\":\"u-e2e\"}",
                "baggage", "session.id=" + session + ",user.id=u-e2e");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher timing = serverTiming(response);
        String trace = timing.group(2);
        String serverSpan = timing.group(3);
        // flags: sampled (01), and with SDKs that generate W3C Level 2 random trace ids also the random bit (02)
        assertThat(Integer.parseInt(timing.group(4), 16) & 1).as("sampled flag of " + timing.group(4)).isEqualTo(1);
        assertThat(response.headers().allValues("Server-Timing")).as("one per response, though Jetty and Servlet are both instrumented")
                .hasSize(1);
        assertThat(response.headers().allValues("Access-Control-Expose-Headers")).anySatisfy(
                value -> assertThat(value).contains("Server-Timing"));

        List<StoredSpan> spans = spansOf(trace, 2);
        StoredSpan server = spans.stream().filter(span -> span.spanId().equals(serverSpan)).findFirst()
                .orElseThrow(() -> new AssertionError("the server-timing span " + serverSpan + " is not stored: " + spans));
        assertThat(server.kind()).isEqualTo("Server");
        assertThat(server.name()).isEqualTo("POST /chat");
        assertThat(server.service()).isEqualTo("demo-app");
        assertThat(server.attributes()).containsEntry("annotation.candidate", "true")
                .containsEntry("annotation.queue", "http-review")
                .containsEntry("session.id", session).containsEntry("user.id", "u-e2e");

        StoredSpan chat = spans.stream().filter(span -> span.kind().equals("Client")).findFirst().orElseThrow();
        assertThat(chat.name()).isEqualTo("chat demo-model-1");
        assertThat(chat.parentSpanId()).isEqualTo(serverSpan);
        assertThat(chat.attributes()).containsEntry("annotation.candidate", "true")
                .containsEntry("annotation.queue", "chat-review").containsEntry("review.reason", "llm-call")
                .containsEntry("gen_ai.operation.name", "chat").containsEntry("session.id", session);
    }

    @Test
    void spans_a_rule_samples_at_zero_are_not_candidates() {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher timing = serverTiming(response);

        StoredSpan health = spansOf(timing.group(2), 1).getFirst();
        assertThat(health.name()).isEqualTo("GET /health");
        assertThat(health.spanId()).isEqualTo(timing.group(3));
        assertThat(health.attributes()).doesNotContainKeys("annotation.candidate", "annotation.queue");
    }

    @Test
    void feedback_sent_later_with_the_returned_trace_context_becomes_a_score_on_that_span() {
        HttpResponse<String> answer = demo("/chat", "{\"question\":\"Is it late?\"}");
        Matcher timing = serverTiming(answer);
        String trace = timing.group(2);
        String span = timing.group(3);

        HttpResponse<String> feedback = demo("/feedback", "{\"trace\":\"" + timing.group(1) + "\",\"name\":\"thumbs\","
                + "\"value\":1,\"label\":\"up\",\"comment\":\"exactly what I needed\",\"userId\":\"u-browser\"}");
        assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(202);

        JsonNode score = onlyScore(trace, span);
        assertThat(score.get("target").toString())
                .isEqualTo("{\"type\":\"SPAN\",\"traceId\":\"" + trace + "\",\"spanId\":\"" + span + "\"}");
        assertThat(score.get("name").asText()).isEqualTo("thumbs");
        assertThat(score.get("value").asDouble()).isEqualTo(1.0);
        assertThat(score.get("label").asText()).isEqualTo("up");
        assertThat(score.get("comment").asText()).isEqualTo("exactly what I needed");
        assertThat(score.get("source").asText()).isEqualTo("FEEDBACK");
        assertThat(score.get("annotatorKind").asText()).isEqualTo("HUMAN");
        assertThat(score.get("author").asText()).isEqualTo("u-browser");
        assertThat(score.get("metadata").get("service.name").asText()).isEqualTo("demo-app");
    }

    @Test
    void feedback_recorded_inline_becomes_a_score_on_the_span_that_produced_the_answer() throws IOException {
        HttpResponse<String> answer = demo("/chat", "{\"question\":\"Was this helpful?\",\"userId\":\"u-inline\",\"rating\":4}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String responseId = JSON.readTree(answer.body()).get("responseId").asText();
        String trace = serverTiming(answer).group(2);
        StoredSpan chat = spansOf(trace, 2).stream().filter(span -> span.kind().equals("Client")).findFirst().orElseThrow();

        JsonNode score = onlyScore(trace, chat.spanId());
        assertThat(score.get("name").asText()).isEqualTo("helpfulness");
        assertThat(score.get("value").asDouble()).isEqualTo(4.0);
        assertThat(score.get("comment").asText()).isEqualTo("rated with the question");
        assertThat(score.get("source").asText()).isEqualTo("FEEDBACK");
        assertThat(score.get("author").asText()).isEqualTo("u-inline");
        assertThat(score.get("metadata").get("gen_ai.response.id").asText()).isEqualTo(responseId);
    }

    @Test
    void the_evaluation_events_arrive_with_both_forms_of_their_event_name() {
        HttpResponse<String> answer = demo("/chat", "{\"question\":\"Names?\",\"rating\":5}");
        String trace = serverTiming(answer).group(2);

        List<List<String>> events = Poll.until("the evaluation event of trace " + trace + " in otel_logs",
                () -> service.storage().call(dsl -> dsl.fetch("SELECT EventName, LogAttributes['event.name'] FROM `"
                                + service.storage().database() + "`.otel_logs WHERE TraceId = ?", trace))
                        .map(record -> List.of(record.get(0, String.class), record.get(1, String.class))),
                rows -> !rows.isEmpty());
        assertThat(events).containsExactly(List.of("gen_ai.evaluation.result", "gen_ai.evaluation.result"));
    }

    private static JsonNode onlyScore(String trace, String span) {
        JsonNode items = Poll.until("a score on span " + span,
                () -> api.get("/api/v1/scores?traceId=" + trace + "&spanId=" + span, TestService.BOOTSTRAP_KEY).json().get("items"),
                found -> found != null && !found.isEmpty());
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    record StoredSpan(String spanId, String parentSpanId, String name, String kind, String service,
                      Map<String, String> attributes) {
    }

    /** The trace's spans in otel_traces, once at least {@code expected} of them are there. */
    private static List<StoredSpan> spansOf(String trace, int expected) {
        return Poll.until(expected + " span(s) of trace " + trace + " in otel_traces", () -> service.storage().call(dsl -> dsl.fetch(
                        "SELECT SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, toJSONString(SpanAttributes) FROM `"
                                + service.storage().database() + "`.otel_traces WHERE TraceId = ? ORDER BY Timestamp", trace))
                .map(record -> new StoredSpan(record.get(0, String.class), record.get(1, String.class),
                        record.get(2, String.class), record.get(3, String.class), record.get(4, String.class),
                        attributes(record.get(5, String.class)))),
                spans -> spans.size() >= expected);
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new AssertionError("SpanAttributes not JSON: " + json, e);
        }
    }

    private static Matcher serverTiming(HttpResponse<String> response) {
        String header = response.headers().firstValue("Server-Timing")
                .orElseThrow(() -> new AssertionError("no Server-Timing header in " + response.headers().map()
                        + "\ndemo-app output:\n" + demo.output()));
        Matcher matcher = SERVER_TIMING.matcher(header);
        assertThat(matcher.find()).as("Server-Timing: " + header).isTrue();
        return matcher;
    }

    private static HttpResponse<String> demo(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("demo-app did not answer " + request.uri() + ":\n" + demo.output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        assertThat(path).as(property + " (set by the e2e-tests pom)").isNotBlank();
        assertThat(Path.of(path)).as(property).isRegularFile();
        return Path.of(path);
    }
}
