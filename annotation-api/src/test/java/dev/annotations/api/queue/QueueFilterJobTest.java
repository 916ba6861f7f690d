package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class QueueFilterJobTest {
    private static QueueFixture f;

    @BeforeAll
    static void start() {
        f = new QueueFixture();
        f.key("annotator-1", "ANNOTATOR");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String span(String queueAttribute) {
        long start = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
        String attributes = queueAttribute == null ? "[]"
                : "[{\"key\":\"annotation.queue\",\"value\":{\"stringValue\":\"" + queueAttribute + "\"}}]";
        return "{\"traceId\":\"" + QueueFixture.trace() + "\",\"spanId\":\"" + QueueFixture.trace().substring(0, 16)
                + "\",\"name\":\"chat\",\"kind\":2,\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\""
                + (start + 1_000_000) + "\",\"attributes\":" + attributes + "}";
    }

    private static JsonNode awaitJob(String queue, String job) {
        JsonNode[] state = new JsonNode[1];
        Polling.until(Duration.ofSeconds(60), "the job finishes", () -> {
            state[0] = f.client.get("/api/v1/queues/" + queue + "/jobs/" + job, f.admin).json();
            return !state[0].get("status").asText().equals("RUNNING");
        });
        return state[0];
    }

    @Test
    void adding_by_span_filter_runs_a_job_that_adds_each_matching_span_once() throws Exception {
        String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"support-bot\"}}]},\"scopeSpans\":[{\"spans\":[" + span("support-review") + ","
                + span("support-review") + "," + span("support-review") + "," + span(null) + "]}]}]}";
        ApiClient.Response ingest = f.client.post("/v1/traces", f.admin, "application/json", body);
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
        String queue = f.queue("filter-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, "\"annotator-1\"", "");

        String filter = "{\"filter\":{\"queue\":\"support-review\"},\"priority\":2}";
        ApiClient.Response started = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin, filter);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode done = awaitJob(queue, started.json().get("id").asText());
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("matched").asInt()).isEqualTo(3);
        assertThat(done.get("added").asInt()).isEqualTo(3);

        JsonNode again = awaitJob(queue, f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin, filter)
                .json().get("id").asText());
        assertThat(again.get("alreadyQueued").asInt()).isEqualTo(3);
        assertThat(again.get("added").asInt()).isZero();
        JsonNode items = f.client.get("/api/v1/queues/" + queue + "/items", f.admin).json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("target").get("type").asText()).isEqualTo("SPAN");
        assertThat(items.get(0).get("priority").asInt()).isEqualTo(2);
    }

    @Test
    void a_bad_filter_answers_400_and_an_archived_queue_409() {
        String queue = f.queue("filter-bad-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, "\"annotator-1\"", "");
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"filter\":{\"kind\":\"Sideways\"}}").status()).isEqualTo(400);
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"targets\":[],\"filter\":{}}").status()).isEqualTo(400);
        f.client.patchJson("/api/v1/queues/" + queue, f.admin, "{\"status\":\"ARCHIVED\"}");
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"filter\":{\"queue\":\"x\"}}").status()).isEqualTo(409);
    }
}
