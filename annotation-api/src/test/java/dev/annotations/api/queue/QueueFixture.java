package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A running service with member keys and two score configs, shared by the queue tests of one class. */
final class QueueFixture implements AutoCloseable {
    final AnnotationService service;
    /** The service's clock: tests advance it rather than sleep. */
    final TestClock clock;
    final ApiClient client;
    final String admin = TestService.BOOTSTRAP_KEY;
    final String project;
    final Map<String, String> keys = new HashMap<>();
    final String helpfulness;
    final String verdict;

    QueueFixture() {
        this(new TestClock());
    }

    private QueueFixture(TestClock clock) {
        this(TestService.start(TestService.freshDatabase(), clock), clock);
    }

    QueueFixture(AnnotationService service, TestClock clock) {
        this.service = service;
        this.clock = clock;
        client = new ApiClient(service.port());
        project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
        helpfulness = config("{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}");
        verdict = config("{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":0}]}");
    }

    String key(String name, String role) {
        return keys.computeIfAbsent(name, ignored -> client.postJson("/api/v1/projects/" + project + "/keys", admin,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").json().get("key").asText());
    }

    private String config(String json) {
        ApiClient.Response response = client.postJson("/api/v1/score-configs", admin, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    /** A queue with helpfulness required and verdict optional. */
    String queue(String name, String strategy, int perItem, int timeoutSeconds, boolean review, String annotators,
                 String reviewers) {
        ApiClient.Response response = client.postJson("/api/v1/queues", admin, "{\"name\":\"" + name + "\","
                + "\"scoreConfigIds\":[\"" + helpfulness + "\"],\"optionalScoreConfigIds\":[\"" + verdict + "\"],"
                + "\"annotators\":[" + annotators + "],\"reviewers\":[" + reviewers + "],\"strategy\":\"" + strategy
                + "\",\"annotatorsPerItem\":" + perItem + ",\"reservationTimeoutSeconds\":" + timeoutSeconds
                + ",\"reviewRequired\":" + review + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    static String trace() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String traceTarget(String traceId) {
        return "{\"type\":\"TRACE\",\"traceId\":\"" + traceId + "\"}";
    }

    JsonNode addTraces(String queue, int count) {
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < count; i++) {
            targets.append(i == 0 ? "" : ",").append(traceTarget(trace()));
        }
        ApiClient.Response response = client.postJson("/api/v1/queues/" + queue + "/items", admin,
                "{\"targets\":[" + targets + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    ApiClient.Response next(String queue, String key) {
        return client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
    }

    ApiClient.Response submit(String queue, String item, String key, int value) {
        return client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit", key,
                "{\"scores\":[{\"configId\":\"" + helpfulness + "\",\"value\":" + value + "}]}");
    }

    @Override
    public void close() {
        service.close();
    }
}
