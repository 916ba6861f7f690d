package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A running service with a viewer key, and a second project whose scores the first must never see. */
final class TraceFixture implements AutoCloseable {
    final AnnotationService service;
    final ApiClient client;
    final String admin = TestService.BOOTSTRAP_KEY;
    final String viewer;
    final String otherProject;

    TraceFixture() {
        this(TestService.freshDatabase());
    }

    TraceFixture(String database) {
        service = TestService.start(database);
        client = new ApiClient(service.port());
        String project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
        viewer = key(project, "viewer-1", "VIEWER");
        // sees every span, as the first project does: its reads differ by scores only
        String other = client.postJson("/api/v1/projects", admin,
                "{\"name\":\"other\",\"spanVisibility\":{\"mode\":\"ALL\"}}").json().get("id").asText();
        otherProject = key(other, "other-admin", "ADMIN");
    }

    private String key(String project, String name, String role) {
        return client.postJson("/api/v1/projects/" + project + "/keys", admin,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").json().get("key").asText();
    }

    void insert(TestSpan... spans) {
        TestSpan.insert(service.storage(), spans);
    }

    void insert(List<TestSpan> spans) {
        TestSpan.insert(service.storage(), spans);
    }

    /** Stores a score with {@code key}; {@code target} is the target's JSON. */
    String score(String key, String target, String name, double value) {
        ApiClient.Response response = client.postJson("/api/v1/scores", key,
                "{\"target\":" + target + ",\"name\":\"" + name + "\",\"value\":" + value + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    static String traceTarget(String traceId) {
        return "{\"type\":\"TRACE\",\"traceId\":\"" + traceId + "\"}";
    }

    static String spanTarget(String traceId, String spanId) {
        return "{\"type\":\"SPAN\",\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\"}";
    }

    static String documentTarget(String traceId, String spanId, int position) {
        return "{\"type\":\"DOCUMENT\",\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId
                + "\",\"documentPosition\":" + position + "}";
    }

    static String sessionTarget(String sessionId) {
        return "{\"type\":\"SESSION\",\"sessionId\":\"" + sessionId + "\"}";
    }

    JsonNode get(String path) {
        ApiClient.Response response = client.get(path, viewer);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    String db() {
        return "`" + service.storage().database() + "`";
    }

    @Override
    public void close() {
        service.close();
    }
}
