package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A running service with annotator keys issued on demand; scores go in through the batch API as each key. */
final class AnalyticsFixture implements AutoCloseable {
    final AnnotationService service;
    final ApiClient client;
    final String admin = TestService.BOOTSTRAP_KEY;
    final String project;
    private final Map<String, String> keys = new HashMap<>();

    AnalyticsFixture() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
    }

    String key(String name) {
        return key(name, "ANNOTATOR");
    }

    String key(String name, String role) {
        return keys.computeIfAbsent(name, ignored -> {
            ApiClient.Response response = client.postJson("/api/v1/projects/" + project + "/keys", admin,
                    "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            return response.json().get("key").asText();
        });
    }

    /** Creates a config; {@code json} without the name, which is made unique. Returns {id, name}. */
    String[] config(String prefix, String json) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response response = client.postJson("/api/v1/score-configs", admin,
                "{\"name\":\"" + name + "\"," + json.substring(1));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new String[] {response.json().get("id").asText(), name};
    }

    static String trace() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String traceTarget(String traceId) {
        return "{\"type\":\"TRACE\",\"traceId\":\"" + traceId + "\"}";
    }

    /** Stores scores as the key called {@code author}; each content is the JSON of value / label / labels. */
    void scores(String author, List<String> scores) {
        for (int from = 0; from < scores.size(); from += 1_000) {
            List<String> batch = scores.subList(from, Math.min(scores.size(), from + 1_000));
            ApiClient.Response response = client.postJson("/api/v1/scores/batch", key(author),
                    "{\"scores\":[" + String.join(",", batch) + "]}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("failed").asInt()).as(response.body()).isZero();
        }
    }

    static String score(String target, String[] config, String content) {
        return "{\"target\":" + target + ",\"name\":\"" + config[1] + "\",\"configId\":\"" + config[0] + "\"," + content + "}";
    }

    JsonNode get(String path) {
        ApiClient.Response response = client.get(path, admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }

    @Override
    public void close() {
        service.close();
    }
}
