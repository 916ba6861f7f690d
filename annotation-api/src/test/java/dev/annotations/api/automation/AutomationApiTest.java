package dev.annotations.api.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;
import dev.annotations.api.ui.ChatTraces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standing rules against the real engine. The service's clock runs {@link #AHEAD} ahead of the spans' own time,
 * so spans just sent are past the automation's lag; the hourly cap is crossed by advancing that clock.
 */
class AutomationApiTest {
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;
    private static final Duration AHEAD = Duration.ofMinutes(5);
    private static final TestClock clock = new TestClock();
    private static AnnotationService service;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        clock.advance(AHEAD);
        service = TestService.start(TestService.freshDatabase(), clock);
        client = new ApiClient(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String queue(String name, boolean review) {
        String config = client.postJson("/api/v1/score-configs", ADMIN, "{\"name\":\"q-" + name
                + "\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5}").json().get("id").asText();
        ApiClient.Response queue = client.postJson("/api/v1/queues", ADMIN, "{\"name\":\"" + name + "\",\"scoreConfigIds\":[\""
                + config + "\"],\"annotators\":[\"auto-ann\"],\"reviewers\":[],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":1,"
                + "\"reservationTimeoutSeconds\":600,\"reviewRequired\":" + review + "}");
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        return queue.json().get("id").asText() + "/" + config;
    }

    private static void sendChats(int count, String service) {
        for (int i = 0; i < count; i++) {
            String otlp = ChatTraces.chat(ChatTraces.traceId(), null, "question " + i, "answer " + i)
                    .replace("support-bot", service);
            assertThat(client.post("/v1/traces", ADMIN, "application/json", otlp).status()).isEqualTo(200);
        }
    }

    private static int queueSize(String queueId) {
        return client.get("/api/v1/queues/" + queueId + "/items?limit=1000", ADMIN).json().get("items").size();
    }

    @Test
    void a_queue_source_adds_matching_new_spans_up_to_its_hourly_cap_and_resumes_after_its_cursor() {
        String queueId = queue("auto-source", false).split("/")[0];
        ApiClient.Response created = client.postJson("/api/v1/automations", ADMIN, "{\"kind\":\"QUEUE_SOURCE\",\"queueId\":\""
                + queueId + "\",\"maxPerHour\":2,\"filter\":{\"service\":\"auto-bot\",\"name\":\"chat gpt-4o\",\"from\":\""
                + Instant.now().minus(Duration.ofMinutes(30)) + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String automation = created.json().get("id").asText();
        sendChats(3, "auto-bot");
        sendChats(2, "other-bot");
        Polling.until(Duration.ofSeconds(60), "the spans are stored", () ->
                client.get("/api/v1/spans?service=auto-bot&name=chat%20gpt-4o&from=" + Instant.now().minus(Duration.ofHours(1)),
                        ADMIN).json().get("items").size() == 3);

        service.runAutomations();
        assertThat(queueSize(queueId)).as("the hourly cap").isEqualTo(2);
        service.runAutomations();
        assertThat(queueSize(queueId)).as("still within the hour").isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        service.runAutomations();
        assertThat(queueSize(queueId)).as("the next hour takes the third span").isEqualTo(3);
        service.runAutomations();
        assertThat(queueSize(queueId)).as("nothing new: nothing added twice").isEqualTo(3);

        JsonNode runs = client.get("/api/v1/automations/" + automation + "/runs", ADMIN).json().get("items");
        assertThat(runs.findValues("added").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(3);
        assertThat(runs.get(0).has("at")).isTrue();
        assertThat(client.patchJson("/api/v1/automations/" + automation, ADMIN, "{\"enabled\":false}").json()
                .get("enabled").asBoolean()).isFalse();
    }

    @Test
    void a_queue_adds_its_finished_items_to_a_dataset_once() {
        String[] queue = queue("auto-dataset", false).split("/");
        String queueId = queue[0];
        String trace = ChatTraces.traceId();
        assertThat(client.post("/v1/traces", ADMIN, "application/json", ChatTraces.chat(trace, null, "Hi?", "Hello.")).status())
                .isEqualTo(200);
        ApiClient.Response added = client.postJson("/api/v1/queues/" + queueId + "/items", ADMIN,
                "{\"targets\":[{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"}]}");
        String item = added.json().get("items").get(0).get("id").asText();
        String annotator = client.postJson("/api/v1/projects/" + client.get("/api/v1/projects", ADMIN).json().get("projects")
                .get(0).get("id").asText() + "/keys", ADMIN, "{\"name\":\"auto-ann\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
        assertThat(client.postJson("/api/v1/queues/" + queueId + "/next", annotator, "{}").status()).isEqualTo(200);
        ApiClient.Response submitted = client.postJson("/api/v1/queues/" + queueId + "/items/" + item + "/submit", annotator,
                "{\"scores\":[{\"configId\":\"" + queue[1] + "\",\"value\":4}]}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String dataset = client.postJson("/api/v1/datasets", ADMIN, "{\"name\":\"auto\"}").json().get("id").asText();
        ApiClient.Response created = client.postJson("/api/v1/automations", ADMIN, "{\"kind\":\"QUEUE_TO_DATASET\",\"queueId\":\""
                + queueId + "\",\"datasetId\":\"" + dataset + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        service.runAutomations();
        JsonNode filled = client.get("/api/v1/datasets/" + dataset, ADMIN).json();
        assertThat(filled.get("itemCount").asInt()).isEqualTo(1);
        assertThat(filled.get("version").asInt()).isEqualTo(1);
        service.runAutomations();
        assertThat(client.get("/api/v1/datasets/" + dataset, ADMIN).json().get("version").asInt())
                .as("nothing new: no new version").isEqualTo(1);
        JsonNode item0 = client.get("/api/v1/datasets/" + dataset + "/items", ADMIN).json().get("items").get(0);
        assertThat(item0.get("expectedOutput").get("labels").get("q-auto-dataset").asDouble()).isEqualTo(4.0);
    }

    @Test
    void an_automation_with_a_bad_filter_or_unknown_queue_is_refused_naming_the_field() {
        ApiClient.Response unknownQueue = client.postJson("/api/v1/automations", ADMIN, "{\"kind\":\"QUEUE_SOURCE\",\"queueId\":\""
                + java.util.UUID.randomUUID() + "\",\"filter\":{}}");
        assertThat(unknownQueue.status()).isEqualTo(404);
        String queueId = queue("auto-bad", false).split("/")[0];
        ApiClient.Response badFilter = client.postJson("/api/v1/automations", ADMIN, "{\"kind\":\"QUEUE_SOURCE\",\"queueId\":\""
                + queueId + "\",\"filter\":{\"kind\":\"SIDEWAYS\"}}");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.body()).contains("filter.kind");
        ApiClient.Response noDataset = client.postJson("/api/v1/automations", ADMIN, "{\"kind\":\"QUEUE_TO_DATASET\",\"queueId\":\""
                + queueId + "\"}");
        assertThat(noDataset.status()).isEqualTo(400);
        assertThat(noDataset.body()).contains("datasetId");
    }
}
