package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestClock;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real service on the shared embedded engine (fresh database, a clock the test may move), member keys,
 * and fixture traces written through the service's own OTLP receiver. Scores are acknowledged from the score
 * log, as with {@code ./run} (durability {@code log}, the embedded default): what the browser shows right after
 * a save must already include it (read-your-writes), which the other tests, in {@code insert} mode, do not see.
 */
final class UiFixture implements AutoCloseable {
    final TestClock clock = new TestClock();
    final AnnotationService service;
    final ApiClient client;
    final String admin = TestService.BOOTSTRAP_KEY;
    final String project;
    private final Map<String, String> keys = new HashMap<>();

    UiFixture() {
        service = AnnotationService.start(TestService.config(TestService.freshDatabase(),
                SharedClickHouse.engine().jdbcUrl("default"), Map.of("ANNOTATION_SCORE_DURABILITY", "log",
                        "ANNOTATION_SCORE_LOG_DIR", scoreLogDirectory().toString())), clock, key -> {
            throw new AssertionError("the configured bootstrap key must be used");
        });
        assertThat(service.scoreLogStatistics()).as("scores go through the score log").isPresent();
        client = new ApiClient(service.port());
        project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
    }

    private static Path scoreLogDirectory() {
        try {
            return Files.createTempDirectory("ui-score-log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return service.port();
    }

    /** A key of the default project (issued once per name). */
    String key(String name, String role) {
        return keys.computeIfAbsent(name, ignored -> ok(client.postJson("/api/v1/projects/" + project + "/keys", admin,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}"), 201).get("key").asText());
    }

    String config(String json) {
        return ok(client.postJson("/api/v1/score-configs", admin, json), 201).get("id").asText();
    }

    String queue(String json) {
        return ok(client.postJson("/api/v1/queues", admin, json), 201).get("id").asText();
    }

    /** Adds TRACE items; returns their item ids in order. */
    List<String> addTraces(String queue, List<String> traceIds) {
        String targets = traceIds.stream().map(id -> "{\"type\":\"TRACE\",\"traceId\":\"" + id + "\"}")
                .collect(Collectors.joining(","));
        JsonNode added = ok(client.postJson("/api/v1/queues/" + queue + "/items", admin, "{\"targets\":[" + targets + "]}"), 200);
        return added.get("items").findValuesAsText("id");
    }

    /** Writes one OTLP/JSON export request (a trace) through the receiver. */
    void export(String otlpJson) {
        ApiClient.Response response = client.post("/v1/traces", admin, "application/json", otlpJson);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("rejectedSpans\":\"1");
    }

    /** A chat trace asking {@code question}; returns its trace id. */
    String chat(String question, String answer) {
        String traceId = ChatTraces.traceId();
        export(ChatTraces.chat(traceId, null, question, answer));
        return traceId;
    }

    String chatInSession(String sessionId, String question, String answer) {
        String traceId = ChatTraces.traceId();
        export(ChatTraces.chat(traceId, sessionId, question, answer));
        return traceId;
    }

    JsonNode get(String path, String key) {
        return ok(client.get(path, key), 200);
    }

    JsonNode scores(String query) {
        return get("/api/v1/scores?" + query, admin).get("items");
    }

    JsonNode submit(String queue, String key, String scoresJson) {
        ApiClient.Response next = client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        String item = next.json().get("item").get("id").asText();
        return ok(client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit", key,
                "{\"scores\":" + scoresJson + "}"), 201);
    }

    static JsonNode ok(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    @Override
    public void close() {
        service.close();
    }
}
