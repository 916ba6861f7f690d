package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A running service with keys for each role and a few configs, shared by the score tests of one class. */
final class ScoreFixture implements AutoCloseable {
    static final String TRACE = "0123456789abcdef0123456789abcdef";
    static final String SPAN = "0123456789abcdef";

    final AnnotationService service;
    final ApiClient client;
    final String admin = TestService.BOOTSTRAP_KEY;
    final String annotator1;
    final String annotator2;
    final String viewer;
    final String helpfulness;
    final String verdict;
    final String tags;
    final String thumbs;
    final String notes;

    ScoreFixture() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        String project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
        annotator1 = key(project, "annotator-1", "ANNOTATOR");
        annotator2 = key(project, "annotator-2", "ANNOTATOR");
        viewer = key(project, "viewer-1", "VIEWER");
        helpfulness = config("{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}");
        verdict = config("{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":0}]}");
        tags = config("{\"name\":\"tags\",\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":"
                + "[{\"label\":\"rude\",\"value\":0},{\"label\":\"wrong\",\"value\":0},{\"label\":\"slow\",\"value\":0}]}");
        thumbs = config("{\"name\":\"thumbs\",\"dataType\":\"BOOLEAN\",\"trueLabel\":\"up\",\"falseLabel\":\"down\"}");
        notes = config("{\"name\":\"notes\",\"dataType\":\"TEXT\",\"maxLength\":20}");
    }

    private String key(String project, String name, String role) {
        return client.postJson("/api/v1/projects/" + project + "/keys", admin,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").json().get("key").asText();
    }

    private String config(String json) {
        ApiClient.Response response = client.postJson("/api/v1/score-configs", admin, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    static String spanTarget() {
        return "{\"type\":\"SPAN\",\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + SPAN + "\"}";
    }

    static String randomTrace() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    ApiClient.Response post(String key, String json) {
        return client.postJson("/api/v1/scores", key, json);
    }

    JsonNode stored(String key, String json) {
        ApiClient.Response response = post(key, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    long rows(String id) {
        return service.storage().call(dsl -> ((Number) dsl.fetchValue("SELECT count() FROM `" + service.storage().database()
                + "`.annotation_scores WHERE id = ?", UUID.fromString(id))).longValue());
    }

    @Override
    public void close() {
        service.close();
    }
}
