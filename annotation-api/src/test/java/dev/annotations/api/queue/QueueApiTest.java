package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QueueApiTest {
    private static QueueFixture f;
    private static String a1;
    private static String a2;
    private static String a3;
    private static String reviewer;
    private static String viewer;

    @BeforeAll
    static void start() {
        f = new QueueFixture();
        a1 = f.key("annotator-1", "ANNOTATOR");
        a2 = f.key("annotator-2", "ANNOTATOR");
        a3 = f.key("annotator-3", "ANNOTATOR");
        reviewer = f.key("reviewer-1", "REVIEWER");
        viewer = f.key("viewer-1", "VIEWER");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static final String MEMBERS = "\"annotator-1\",\"annotator-2\"";

    @Test
    void POST_queues_creates_a_queue_that_reads_back() {
        String id = f.queue("create-" + UUID.randomUUID(), "LOAD_BALANCED", 2, 600, true, MEMBERS, "\"reviewer-1\"");
        JsonNode queue = f.client.get("/api/v1/queues/" + id, viewer).json();
        assertThat(queue.get("strategy").asText()).isEqualTo("LOAD_BALANCED");
        assertThat(queue.get("annotatorsPerItem").asInt()).isEqualTo(2);
        assertThat(queue.get("configs")).hasSize(2);
        assertThat(queue.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(f.client.get("/api/v1/queues", viewer).json().get("items").findValuesAsText("id")).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"\",\"scoreConfigIds\":[\"%s\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1}",
            "{\"name\":\"x\",\"scoreConfigIds\":[\"%s\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":0}",
            "{\"name\":\"x\",\"scoreConfigIds\":[\"%s\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":11}",
            "{\"name\":\"x\",\"scoreConfigIds\":[\"00000000-0000-0000-0000-000000000001\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1,\"x\":\"%s\"}",
            "{\"name\":\"x\",\"scoreConfigIds\":[],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1,\"description\":\"%s\"}",
            "{\"name\":\"x\",\"scoreConfigIds\":[\"00000000-0000-0000-0000-000000000001\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1,\"description\":\"%s\"}"
    })
    void POST_queues_refuses_bad_settings_with_400(String template) {
        ApiClient.Response response = f.client.postJson("/api/v1/queues", f.admin, template.formatted(f.helpfulness));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    @Test
    void POST_queues_needs_an_admin() {
        ApiClient.Response response = f.client.postJson("/api/v1/queues", a1, "{\"name\":\"x\",\"scoreConfigIds\":[\""
                + f.helpfulness + "\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1}");
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void adding_a_target_twice_is_reported_already_queued() {
        String queue = f.queue("dupes-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        String trace = QueueFixture.trace();
        String body = "{\"targets\":[" + QueueFixture.traceTarget(trace) + "]}";
        JsonNode first = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin, body).json();
        JsonNode second = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin, body).json();
        assertThat(first.get("added").asInt()).isEqualTo(1);
        assertThat(second.get("added").asInt()).isZero();
        assertThat(second.get("alreadyQueued").asInt()).isEqualTo(1);
        assertThat(second.get("items").get(0).get("alreadyQueued").asBoolean()).isTrue();
        assertThat(f.client.get("/api/v1/queues/" + queue + "/items", viewer).json().get("items")).hasSize(1);
    }

    @Test
    void adding_items_to_an_archived_queue_answers_409() {
        String queue = f.queue("archived-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        assertThat(f.client.patchJson("/api/v1/queues/" + queue, f.admin, "{\"status\":\"ARCHIVED\"}").status()).isEqualTo(200);
        ApiClient.Response response = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"targets\":[" + QueueFixture.traceTarget(QueueFixture.trace()) + "]}");
        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void a_round_robin_queue_serves_each_annotator_an_item_and_completes_it_with_two_submissions() {
        String queue = f.queue("flow-" + UUID.randomUUID(), "ROUND_ROBIN", 2, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();

        ApiClient.Response first = f.next(queue, a1);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("item").get("id").asText()).isEqualTo(item);
        assertThat(first.json().get("expiresAt").asText()).isNotEmpty();
        assertThat(first.json().get("target").get("type").asText()).isEqualTo("TRACE");
        assertThat(f.next(queue, a1).json().get("item").get("id").asText()).as("a live reservation is served again").isEqualTo(item);
        assertThat(f.next(queue, a2).status()).isEqualTo(200);

        ApiClient.Response submitted = f.submit(queue, item, a1, 4);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(f.submit(queue, item, a1, 4).status()).as("a retry is acknowledged again").isEqualTo(200);
        assertThat(f.next(queue, a1).status()).as("never the same item twice").isEqualTo(204);
        assertThat(f.submit(queue, item, a2, 5).status()).isEqualTo(201);

        JsonNode view = f.client.get("/api/v1/queues/" + queue + "/items/" + item, viewer).json();
        assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
        JsonNode scores = f.client.get("/api/v1/scores?queueId=" + queue, viewer).json().get("items");
        assertThat(scores).hasSize(2);
        assertThat(scores.findValuesAsText("source")).containsOnly("ANNOTATION");
        List<String> types = new ArrayList<>();
        f.client.get("/api/v1/queues/" + queue + "/items/" + item + "/history", viewer).json().get("events")
                .forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("ASSIGNED", "ASSIGNED", "CLAIMED", "CLAIMED", "SUBMITTED", "SUBMITTED");
        JsonNode progress = f.client.get("/api/v1/queues/" + queue + "/progress", viewer).json();
        assertThat(progress.get("byStatus").get("COMPLETED").asInt()).isEqualTo(1);
        assertThat(progress.get("annotators").get(0).get("submitted").asInt()).isEqualTo(1);
    }

    @Test
    void simultaneous_submits_of_one_reservation_are_acknowledged_once_and_keep_the_acknowledged_scores()
            throws Exception {
        String queue = f.queue("double-submit-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        assertThat(f.next(queue, a1).status()).isEqualTo(200);
        // a client retrying while its first submit still runs (a double click, a timeout), with other values too
        int attempts = 6;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> sent = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            int value = 2 + i % 2;
            sent.add(pool.submit(() -> {
                go.await();
                return f.submit(queue, item, a1, value);
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        Integer acknowledgedValue = null;
        String scoreId = null;
        for (int i = 0; i < attempts; i++) {
            ApiClient.Response response = sent.get(i).get(60, TimeUnit.SECONDS);
            statuses.add(response.status());
            if (response.status() == 201) {
                acknowledgedValue = 2 + i % 2;
                scoreId = response.json().get("scoreIds").get(0).asText();
            }
        }
        pool.shutdown();
        assertThat(statuses).as("one attempt stores the submission, the others find it").containsOnly(201, 200);
        assertThat(statuses.stream().filter(status -> status == 201).count()).isEqualTo(1);
        ApiClient.Response score = f.client.get("/api/v1/scores/" + scoreId, a1);
        assertThat(score.status()).as("the acknowledged submission's score is live: " + score.body()).isEqualTo(200);
        assertThat(score.json().get("value").asInt()).isEqualTo(acknowledgedValue);
    }

    @Test
    void submit_without_the_required_config_answers_400_naming_it() {
        String queue = f.queue("required-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        f.addTraces(queue, 1);
        String item = f.next(queue, a1).json().get("item").get("id").asText();
        ApiClient.Response response = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit", a1,
                "{\"scores\":[{\"configId\":\"" + f.verdict + "\",\"label\":\"good\"}]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains(f.helpfulness);
        ApiClient.Response invalid = f.submit(queue, item, a1, 9);
        assertThat(invalid.status()).as("validated like any score").isEqualTo(400);
    }

    @Test
    void submit_without_a_reservation_answers_409_and_release_returns_the_item() {
        String queue = f.queue("release-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        assertThat(f.submit(queue, item, a1, 3).status()).isEqualTo(409);
        assertThat(f.next(queue, a1).status()).isEqualTo(200);
        assertThat(f.next(queue, a2).status()).as("one annotator per item").isEqualTo(204);
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/release", a1, "{}").status()).isEqualTo(200);
        assertThat(f.next(queue, a2).status()).isEqualTo(200);
        assertThat(f.submit(queue, item, a1, 3).status()).isEqualTo(409);
    }

    @Test
    void a_skipped_item_is_never_served_to_that_annotator_again() {
        String queue = f.queue("skip-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        f.next(queue, a1);
        ApiClient.Response skipped = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/skip", a1,
                "{\"reason\":\"not English\"}");
        assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
        assertThat(f.next(queue, a1).status()).isEqualTo(204);
        assertThat(f.next(queue, a2).status()).isEqualTo(200);
        assertThat(f.client.get("/api/v1/queues/" + queue + "/items/" + item + "/history", viewer).body()).contains("not English");
    }

    @Test
    void an_expired_reservation_returns_the_item_and_its_submit_answers_409() {
        String queue = f.queue("expiry-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 60, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        assertThat(f.next(queue, a1).status()).isEqualTo(200);
        assertThat(f.next(queue, a2).status()).as("reserved for 60 s: a generous bound on a loaded machine").isEqualTo(204);
        f.clock.advance(Duration.ofSeconds(61));
        assertThat(f.next(queue, a2).status()).isEqualTo(200);
        ApiClient.Response late = f.submit(queue, item, a1, 3);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("expired");
        assertThat(f.client.get("/api/v1/queues/" + queue + "/items/" + item + "/history", viewer).body()).contains("EXPIRED");
    }

    @Test
    void work_endpoints_refuse_non_members_and_wrong_roles_with_403() {
        String queue = f.queue("members-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, true, MEMBERS, "\"reviewer-1\"");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        assertThat(f.next(queue, a3).status()).isEqualTo(403);
        assertThat(f.next(queue, viewer).status()).isEqualTo(403);
        assertThat(f.next(queue, reviewer).status()).isEqualTo(403);
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve", a1, "{}").status()).isEqualTo(403);
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items", a1, "{\"targets\":[]}").status()).isEqualTo(403);
    }

    @Test
    void a_reviewer_returns_an_item_to_its_annotator_then_approves_the_new_submission() {
        String queue = f.queue("review-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, true, MEMBERS, "\"reviewer-1\"");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        String annotator = f.next(queue, a1).status() == 200 ? "annotator-1" : null;
        assertThat(annotator).isNotNull();
        assertThat(f.submit(queue, item, a1, 2).status()).isEqualTo(201);
        assertThat(f.client.get("/api/v1/queues/" + queue + "/items?status=IN_REVIEW", viewer).json().get("items")).hasSize(1);

        ApiClient.Response returned = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/return",
                reviewer, "{\"annotator\":\"annotator-1\",\"comment\":\"read the whole answer\"}");
        assertThat(returned.status()).as(returned.body()).isEqualTo(200);
        assertThat(f.next(queue, a2).status()).as("the capacity is kept for the annotator it was returned to").isEqualTo(204);
        ApiClient.Response again = f.next(queue, a1);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("returned").asBoolean()).isTrue();
        assertThat(again.json().get("returnComment").asText()).isEqualTo("read the whole answer");
        assertThat(f.submit(queue, item, a1, 4).status()).isEqualTo(201);

        ApiClient.Response approved = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve", reviewer, "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve", reviewer, "{}").status())
                .isEqualTo(409);
        JsonNode scores = f.client.get("/api/v1/scores?queueId=" + queue, viewer).json().get("items");
        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).get("value").asDouble()).isEqualTo(4.0);
    }

    @Test
    void a_manual_queue_serves_only_items_assigned_to_the_caller() {
        String queue = f.queue("manual-" + UUID.randomUUID(), "MANUAL", 1, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        assertThat(f.next(queue, a1).status()).isEqualTo(204);
        ApiClient.Response assigned = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/assign",
                f.admin, "{\"annotators\":[\"annotator-2\"]}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(f.next(queue, a1).status()).isEqualTo(204);
        assertThat(f.next(queue, a2).json().get("item").get("id").asText()).isEqualTo(item);
    }

    @Test
    void a_paused_queue_serves_nothing_and_removed_items_are_not_served() {
        String queue = f.queue("paused-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        String item = f.addTraces(queue, 1).get("items").get(0).get("id").asText();
        f.client.patchJson("/api/v1/queues/" + queue, f.admin, "{\"status\":\"PAUSED\"}");
        assertThat(f.next(queue, a1).status()).isEqualTo(204);
        f.client.patchJson("/api/v1/queues/" + queue, f.admin, "{\"status\":\"ACTIVE\"}");
        assertThat(f.client.delete("/api/v1/queues/" + queue + "/items/" + item, f.admin).status()).isEqualTo(204);
        assertThat(f.next(queue, a1).status()).isEqualTo(204);
        assertThat(f.client.get("/api/v1/queues/" + queue + "/items?status=REMOVED", viewer).json().get("items")).hasSize(1);
    }

    @Test
    void suggestions_are_off_unless_a_queue_asks_for_them_and_may_be_switched_while_work_goes_on() {
        String plain = f.queue("plain-" + UUID.randomUUID(), "ROUND_ROBIN", 1, 600, false, MEMBERS, "");
        assertThat(f.client.get("/api/v1/queues/" + plain, viewer).json().get("showSuggestions").asBoolean()).isFalse();

        ApiClient.Response created = f.client.postJson("/api/v1/queues", f.admin, "{\"name\":\"suggesting-" + UUID.randomUUID()
                + "\",\"scoreConfigIds\":[\"" + f.helpfulness + "\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1,"
                + "\"showSuggestions\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(f.client.get("/api/v1/queues/" + id, viewer).json().get("showSuggestions").asBoolean()).isTrue();

        JsonNode patched = f.client.patchJson("/api/v1/queues/" + id, f.admin, "{\"showSuggestions\":false}").json();
        assertThat(patched.get("showSuggestions").asBoolean()).isFalse();
        assertThat(f.client.get("/api/v1/queues/" + id, viewer).json().get("showSuggestions").asBoolean()).isFalse();
    }
}
