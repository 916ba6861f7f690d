package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class BatchAndGroupCommitTest {
    private static ScoreFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ScoreFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String score(String id, String trace, double value) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace
                + "\"},\"name\":\"helpfulness\",\"configId\":\"" + fixture.helpfulness + "\",\"value\":" + value + "}";
    }

    @Test
    void a_batch_stores_valid_items_and_reports_each_invalid_one() {
        String trace = ScoreFixture.randomTrace();
        String duplicate = UUID.randomUUID().toString();
        String batch = "{\"scores\":[" + String.join(",",
                score(null, trace, 1),
                score(duplicate, trace, 2),
                score(null, trace, 9),
                "{\"name\":\"helpfulness\",\"value\":1}",
                score(duplicate, trace, 3),
                "[1]",
                score(null, trace, 5)) + "]}";

        ApiClient.Response response = fixture.client.postJson("/api/v1/scores/batch", fixture.annotator1, batch);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("stored").asInt()).isEqualTo(3);
        assertThat(body.get("failed").asInt()).isEqualTo(4);
        List<String> statuses = body.get("results").valueStream()
                .map(result -> result.get("index").asInt() + ":" + result.get("status").asInt()).toList();
        assertThat(statuses).containsExactly("0:201", "1:201", "2:400", "3:400", "4:400", "5:400", "6:201");
        assertThat(body.at("/results/2/errors/0/field").asText()).isEqualTo("scores[2].value");
        assertThat(body.at("/results/3/errors/0/field").asText()).isEqualTo("scores[3].target");
        assertThat(body.at("/results/4/errors/0/message").asText()).contains("duplicate id");
        assertThat(fixture.client.get("/api/v1/scores?traceId=" + trace, fixture.admin).json().get("items")).hasSize(3);
    }

    @Test
    void a_batch_retried_with_the_same_ids_stores_nothing_twice() {
        String trace = ScoreFixture.randomTrace();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(score(UUID.randomUUID().toString(), trace, 1 + i % 5));
        }
        String batch = "{\"scores\":[" + String.join(",", items) + "]}";

        JsonNode first = fixture.client.postJson("/api/v1/scores/batch", fixture.admin, batch).json();
        JsonNode retry = fixture.client.postJson("/api/v1/scores/batch", fixture.admin, batch).json();

        assertThat(first.get("stored").asInt()).isEqualTo(20);
        assertThat(retry.get("stored").asInt()).isZero();
        assertThat(retry.get("alreadyStored").asInt()).isEqualTo(20);
        long rows = fixture.service.storage().call(dsl -> ((Number) dsl.fetchValue("SELECT count() FROM `"
                + fixture.service.storage().database() + "`.annotation_scores WHERE trace_id = ?", trace)).longValue());
        assertThat(rows).isEqualTo(20);
    }

    @Test
    void a_batch_over_the_limit_or_empty_is_refused_whole() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i <= ScoreService.MAX_BATCH; i++) {
            items.add("{}");
        }
        ApiClient.Response tooMany = fixture.client.postJson("/api/v1/scores/batch", fixture.admin, "{\"scores\":[" + String.join(",", items) + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/field").asText()).isEqualTo("scores");
        assertThat(fixture.client.postJson("/api/v1/scores/batch", fixture.admin, "{\"scores\":[]}").status()).isEqualTo(400);
        assertThat(fixture.client.postJson("/api/v1/scores/batch", fixture.viewer, "{\"scores\":[{}]}").status()).isEqualTo(403);
    }

    @Test
    void concurrent_requests_are_grouped_into_few_inserts_and_every_acknowledged_score_is_readable() throws Exception {
        String trace = ScoreFixture.randomTrace();
        AnnotationService service = fixture.service;
        long insertsBefore = service.scoreWriterStatistics().inserts();
        int clients = 64;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<String>> requests = new ArrayList<>();
            for (int i = 0; i < clients * 4; i++) {
                int value = 1 + i % 5;
                requests.add(() -> {
                    ApiClient.Response response = fixture.post(fixture.annotator2, score(null, trace, value));
                    assertThat(response.status()).as(response.body()).isEqualTo(201);
                    return response.json().get("id").asText();
                });
            }
            List<String> acknowledged = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(requests)) {
                acknowledged.add(future.get());
            }

            long inserts = service.scoreWriterStatistics().inserts() - insertsBefore;
            assertThat(inserts).as("256 requests in %d inserts", inserts).isLessThan(acknowledged.size() / 2);
            List<String> stored = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = fixture.client.get("/api/v1/scores?traceId=" + trace + "&limit=100"
                        + (cursor == null ? "" : "&cursor=" + cursor), fixture.admin).json();
                page.get("items").forEach(item -> stored.add(item.get("id").asText()));
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        } finally {
            pool.shutdownNow();
        }
    }
}
