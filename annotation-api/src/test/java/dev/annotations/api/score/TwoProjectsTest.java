package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scores are the project's own: a client-chosen id names a score only within its project (the same id in
 * two projects is two scores, and neither project can learn the other used it), and a score's
 * {@code queueId} must name one of its project's queues.
 */
class TwoProjectsTest {
    private static final String TRACE = "{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"}";
    private static AnnotationService service;
    private static ApiClient client;
    /** The default project's bootstrap key (ADMIN) and an ADMIN key of a second project. */
    private static final String keyA = TestService.BOOTSTRAP_KEY;
    private static String keyB;
    private static String queueA;
    private static String queueB;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        ApiClient.Response project = client.postJson("/api/v1/projects", keyA, "{\"name\":\"second\"}");
        assertThat(project.status()).as(project.body()).isEqualTo(201);
        keyB = client.postJson("/api/v1/projects/" + project.json().get("id").asText() + "/keys", keyA,
                "{\"name\":\"admin-b\",\"role\":\"ADMIN\"}").json().get("key").asText();
        queueA = queue(keyA);
        queueB = queue(keyB);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String queue(String key) {
        ApiClient.Response config = client.postJson("/api/v1/score-configs", key,
                "{\"name\":\"quality\",\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10}");
        assertThat(config.status()).as(config.body()).isEqualTo(201);
        ApiClient.Response queue = client.postJson("/api/v1/queues", key, "{\"name\":\"review\",\"scoreConfigIds\":[\""
                + config.json().get("id").asText() + "\"],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":1}");
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        return queue.json().get("id").asText();
    }

    private static String score(String id, double value, String extra) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"target\":" + TRACE + ",\"name\":\"relevance\",\"value\":"
                + value + extra + "}";
    }

    private static ApiClient.Response post(String key, String json) {
        return client.postJson("/api/v1/scores", key, json);
    }

    private static long rows(String id) {
        return service.storage().call(dsl -> ((Number) dsl.fetchValue("SELECT count() FROM `"
                + service.storage().database() + "`.annotation_scores FINAL WHERE id = ?", UUID.fromString(id))).longValue());
    }

    @Test
    void the_same_id_in_two_projects_is_two_scores_each_read_by_its_own_project() {
        String id = UUID.randomUUID().toString();

        assertThat(post(keyA, score(id, 0.25, "")).status()).isEqualTo(201);
        ApiClient.Response inB = post(keyB, score(id, 0.75, ""));

        assertThat(inB.status()).as("no cross-project 409: " + inB.body()).isEqualTo(201);
        assertThat(client.get("/api/v1/scores/" + id, keyA).json().get("value").asDouble()).isEqualTo(0.25);
        assertThat(client.get("/api/v1/scores/" + id, keyB).json().get("value").asDouble()).isEqualTo(0.75);
        assertThat(rows(id)).as("both rows survive FINAL").isEqualTo(2);
    }

    @Test
    void both_projects_scores_with_one_id_survive_a_full_merge() {
        String id = UUID.randomUUID().toString();
        post(keyA, score(id, 1, ""));
        post(keyB, score(id, 2, ""));

        service.storage().executeStatement("OPTIMIZE TABLE `" + service.storage().database() + "`.annotation_scores FINAL");

        assertThat(rows(id)).isEqualTo(2);
        assertThat(client.get("/api/v1/scores/" + id, keyA).json().get("value").asDouble()).isEqualTo(1.0);
        assertThat(client.get("/api/v1/scores/" + id, keyB).json().get("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void within_a_project_the_id_rules_stay_same_content_200_other_content_409() {
        String id = UUID.randomUUID().toString();
        post(keyB, score(id, 0.5, ""));
        assertThat(post(keyA, score(id, 0.5, "")).status()).isEqualTo(201);

        assertThat(post(keyA, score(id, 0.5, "")).status()).isEqualTo(200);
        ApiClient.Response conflict = post(keyA, score(id, 0.9, ""));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("detail").asText()).contains("different score");
    }

    @Test
    void editing_or_deleting_one_projects_score_leaves_the_other_projects_score_with_that_id_alone() {
        String id = UUID.randomUUID().toString();
        post(keyA, score(id, 1, ""));
        post(keyB, score(id, 2, ""));

        ApiClient.Response edit = client.patchJson("/api/v1/scores/" + id, keyB, "{\"value\":3}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        assertThat(client.get("/api/v1/scores/" + id, keyA).json().get("value").asDouble())
                .as("a newer version in B does not hide A's score").isEqualTo(1.0);
        assertThat(client.delete("/api/v1/scores/" + id, keyB).status()).isEqualTo(204);

        assertThat(client.get("/api/v1/scores/" + id, keyB).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/scores/" + id, keyA).status()).isEqualTo(200);
        JsonNode history = client.get("/api/v1/scores/" + id + "/history", keyA).json().get("items");
        assertThat(history).hasSize(1);
    }

    @Test
    void a_batch_in_one_project_does_not_see_another_projects_ids() {
        String id = UUID.randomUUID().toString();
        post(keyA, score(id, 1, ""));

        JsonNode batch = client.postJson("/api/v1/scores/batch", keyB, "{\"scores\":[" + score(id, 2, "") + "]}").json();

        assertThat(batch.get("results").get(0).get("status").asInt()).isEqualTo(201);
    }

    @Test
    void a_score_naming_a_queue_of_its_project_is_stored() {
        ApiClient.Response response = post(keyA, score(null, 1, ",\"queueId\":\"" + queueA + "\""));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("queueId").asText()).isEqualTo(queueA);
    }

    @Test
    void a_score_naming_another_projects_queue_answers_400_naming_queueId() {
        assertQueueRefused(post(keyA, score(null, 1, ",\"queueId\":\"" + queueB + "\"")), "queueId");
    }

    @Test
    void a_score_naming_no_queue_at_all_answers_400_naming_queueId() {
        assertQueueRefused(post(keyA, score(null, 1, ",\"queueId\":\"" + UUID.randomUUID() + "\"")), "queueId");
    }

    @Test
    void a_batch_item_naming_an_unknown_queue_is_refused_alone() {
        JsonNode batch = client.postJson("/api/v1/scores/batch", keyA, "{\"scores\":[" + score(null, 1, "") + ","
                + score(null, 1, ",\"queueId\":\"" + queueB + "\"") + "]}").json();

        assertThat(batch.get("results").get(0).get("status").asInt()).isEqualTo(201);
        assertThat(batch.get("results").get(1).get("status").asInt()).isEqualTo(400);
        assertThat(batch.get("results").get(1).get("errors").get(0).get("field").asText()).isEqualTo("scores[1].queueId");
    }

    private static void assertQueueRefused(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("message").asText()).contains("no queue");
    }
}
