package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import dev.annotations.api.collector.CollectorRepository;
import dev.annotations.api.collector.SpanRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans are separated by project on every read route: each project sees the spans its keys sent (stamped by
 * the receiver, whatever the sender claimed), and of the Collector's spans those its span visibility
 * admits; the first project sees all by default. A span no one may see answers 404, never another's data.
 */
class SpanVisibilityTest {
    private static final long T0 = Instant.now().minus(10, ChronoUnit.MINUTES).toEpochMilli() * 1_000_000;
    private static final String TRACE_A = random(16);
    private static final String TRACE_B = random(16);
    private static final String TRACE_FORGED = random(16);
    private static final String TRACE_COLLECTOR = random(16);

    private static AnnotationService service;
    private static ApiClient client;
    private static String projectA;
    private static String writerA;
    private static String viewerA;
    private static String adminA;
    private static String viewerB;
    private static String viewerServices;
    private static String viewerAttribute;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        projectA = project("vis-a", null);
        String projectB = project("vis-b", null);
        String services = project("vis-services", "{\"mode\":\"SERVICES\",\"services\":[\"collector-svc\"]}");
        String attribute = project("vis-attribute",
                "{\"mode\":\"RESOURCE_ATTRIBUTE\",\"attributeKey\":\"deployment.environment\",\"attributeValue\":\"staging\"}");
        writerA = key(projectA, "writer-a", "ANNOTATOR");
        viewerA = key(projectA, "viewer-a", "VIEWER");
        adminA = key(projectA, "admin-a", "ADMIN");
        String writerB = key(projectB, "writer-b", "ANNOTATOR");
        viewerB = key(projectB, "viewer-b", "VIEWER");
        viewerServices = key(services, "viewer-s", "VIEWER");
        viewerAttribute = key(attribute, "viewer-r", "VIEWER");

        send(writerA, TRACE_A, "svc-a", "sess-a", "");
        send(writerB, TRACE_B, "svc-b", "sess-b", "");
        // B claims to write for A: the receiver stamps the key's project over it
        send(writerB, TRACE_FORGED, "svc-a", "sess-a",
                ",{\"key\":\"annotation.project.id\",\"value\":{\"stringValue\":\"" + projectA + "\"}}");
        new CollectorRepository(service.storage(), Clock.systemUTC()).insertSpans(List.of(new SpanRow(T0,
                TRACE_COLLECTOR, "00000000000000c1", "", "", "collected", "Server", "collector-svc",
                Map.of("service.name", "collector-svc", "deployment.environment", "staging"), "", "",
                Map.of("session.id", "sess-c"), 1_000, "Unset", "", List.of(), List.of())));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void a_project_reads_its_own_traces_and_no_other_projects() {
        assertThat(client.get("/api/v1/traces/" + TRACE_A, viewerA).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/traces/" + TRACE_B, viewerA).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/traces/" + TRACE_FORGED, viewerA).status()).as("a forged stamp").isEqualTo(404);
        assertThat(client.get("/api/v1/traces/" + TRACE_COLLECTOR, viewerA).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/traces/" + TRACE_B, viewerB).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/traces/" + TRACE_FORGED, viewerB).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/traces/" + TRACE_A, viewerB).status()).isEqualTo(404);
    }

    @Test
    void span_search_lists_only_the_spans_a_project_sees() {
        assertThat(searchedTraces(viewerA, "")).containsExactly(TRACE_A);
        assertThat(searchedTraces(viewerA, "&service=svc-b")).isEmpty();
        assertThat(searchedTraces(viewerB, "")).containsExactlyInAnyOrder(TRACE_B, TRACE_FORGED);
        assertThat(searchedTraces(viewerServices, "")).containsExactly(TRACE_COLLECTOR);
        assertThat(searchedTraces(viewerAttribute, "")).containsExactly(TRACE_COLLECTOR);
        assertThat(searchedTraces(TestService.BOOTSTRAP_KEY, ""))
                .as("the first project sees every span by default")
                .contains(TRACE_A, TRACE_B, TRACE_FORGED, TRACE_COLLECTOR);
    }

    @Test
    void a_session_lists_only_the_traces_a_project_sees() {
        JsonNode session = client.get("/api/v1/sessions/sess-a", viewerA).json();
        assertThat(session.get("traces").findValuesAsText("traceId")).containsExactly(TRACE_A);
        assertThat(client.get("/api/v1/sessions/sess-b", viewerA).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/sessions/sess-c", viewerA).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/sessions/sess-c", viewerServices).json().get("traces")
                .findValuesAsText("traceId")).containsExactly(TRACE_COLLECTOR);
    }

    @Test
    void a_queue_adds_by_filter_only_the_spans_its_project_sees() {
        String config = client.postJson("/api/v1/score-configs", adminA,
                "{\"name\":\"quality\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5}").json().get("id").asText();
        String queue = client.postJson("/api/v1/queues", adminA, "{\"name\":\"vis\",\"scoreConfigIds\":[\"" + config
                + "\"],\"annotators\":[\"writer-a\"],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":1}").json()
                .get("id").asText();
        ApiClient.Response job = client.postJson("/api/v1/queues/" + queue + "/items", adminA, "{\"filter\":{}}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String jobPath = "/api/v1/queues/" + queue + "/jobs/" + job.json().get("id").asText();
        // a generous bound for a job of one span on a busy machine
        Polling.until(Duration.ofSeconds(60), "the add-by-filter job finished",
                () -> !client.get(jobPath, adminA).json().get("status").asText().equals("RUNNING"));
        JsonNode state = client.get(jobPath, adminA).json();
        assertThat(state.get("status").asText()).isEqualTo("DONE");
        assertThat(state.get("matched").asLong()).isEqualTo(1);
        assertThat(client.get("/api/v1/queues/" + queue + "/items", adminA).json().get("items")
                .findValuesAsText("traceId")).containsExactly(TRACE_A);
    }

    @Test
    void only_the_bootstrap_key_sets_what_a_project_sees() {
        String widen = "{\"spanVisibility\":{\"mode\":\"ALL\"}}";
        assertThat(client.patchJson("/api/v1/projects/" + projectA, adminA, widen).status()).isEqualTo(403);
        String other = project("vis-edited", null);
        String viewer = key(other, "viewer-e", "VIEWER");
        assertThat(client.get("/api/v1/traces/" + TRACE_A, viewer).status()).isEqualTo(404);

        ApiClient.Response edited = client.patchJson("/api/v1/projects/" + other, TestService.BOOTSTRAP_KEY, widen);
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("spanVisibility").get("mode").asText()).isEqualTo("ALL");
        assertThat(edited.json().get("spanVisibilityDefault").asBoolean()).isFalse();
        assertThat(client.get("/api/v1/traces/" + TRACE_A, viewer).status()).isEqualTo(200);

        ApiClient.Response reset = client.patchJson("/api/v1/projects/" + other, TestService.BOOTSTRAP_KEY,
                "{\"spanVisibility\":null}");
        assertThat(reset.json().get("spanVisibility").get("mode").asText()).isEqualTo("OWN");
        assertThat(client.get("/api/v1/traces/" + TRACE_A, viewer).status()).isEqualTo(404);
    }

    @Test
    void a_span_visibility_missing_what_its_mode_needs_is_refused_with_400() {
        ApiClient.Response response = client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"vis-bad\",\"spanVisibility\":{\"mode\":\"SERVICES\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("spanVisibility.services");
    }

    private static List<String> searchedTraces(String key, String query) {
        ApiClient.Response response = client.get("/api/v1/spans?limit=1000" + query, key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> traces = new ArrayList<>();
        response.json().get("items").forEach(span -> {
            String trace = span.get("traceId").asText();
            if (List.of(TRACE_A, TRACE_B, TRACE_FORGED, TRACE_COLLECTOR).contains(trace)) {
                traces.add(trace);
            }
        });
        return traces;
    }

    private static void send(String key, String trace, String service, String session, String moreResource) {
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}%s]},
                  "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"00000000000000a1","name":"chat",
                    "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                    "attributes":[{"key":"session.id","value":{"stringValue":"%s"}}]}]}]}]}
                """.formatted(service, moreResource, trace, T0, T0 + 1_000, session);
        ApiClient.Response response = client.post("/v1/traces", key, "application/json", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    private static String project(String name, String visibility) {
        ApiClient.Response response = client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY, "{\"name\":\""
                + name + "\"" + (visibility == null ? "" : ",\"spanVisibility\":" + visibility) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static String key(String project, String name, String role) {
        return client.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").json().get("key").asText();
    }

    private static String random(int bytes) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, bytes * 2);
    }
}
