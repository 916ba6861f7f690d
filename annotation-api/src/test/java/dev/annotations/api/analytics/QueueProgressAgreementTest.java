package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Queue progress reports each annotator's agreement with the others on the queue's configs, from the queue's
 * own submissions. Two items, three annotators each: item 1 good, good, bad; item 2 bad, bad, bad. q-1 and q-2
 * match 3 of their 4 comparisons, q-3 2 of 4.
 */
class QueueProgressAgreementTest {
    private static AnalyticsFixture f;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void progress_reports_each_annotators_agreement_with_the_others_per_config() {
        String[] verdict = f.config("pverdict", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},"
                + "{\"label\":\"bad\",\"value\":0}]}");
        String[] notes = f.config("pnotes", "{\"dataType\":\"TEXT\"}");
        ApiClient.Response created = f.client.postJson("/api/v1/queues", f.admin, "{\"name\":\"progress-" + UUID.randomUUID()
                + "\",\"scoreConfigIds\":[\"" + verdict[0] + "\"],\"optionalScoreConfigIds\":[\"" + notes[0] + "\"],"
                + "\"annotators\":[\"q-1\",\"q-2\",\"q-3\"],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":3}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String queue = created.json().get("id").asText();
        String[] traces = {AnalyticsFixture.trace(), AnalyticsFixture.trace()};
        ApiClient.Response added = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin, "{\"targets\":["
                + AnalyticsFixture.traceTarget(traces[0]) + "," + AnalyticsFixture.traceTarget(traces[1]) + "]}");
        Map<String, String> items = new HashMap<>();
        added.json().get("items").forEach(item -> items.put(item.get("target").get("traceId").asText(), item.get("id").asText()));
        String[][] labels = {{"good", "good", "bad"}, {"bad", "bad", "bad"}};
        for (int annotator = 0; annotator < 3; annotator++) {
            String key = f.key("q-" + (annotator + 1));
            for (int served = 0; served < 2; served++) {
                ApiClient.Response next = f.client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
                assertThat(next.status()).as(next.body()).isEqualTo(200);
                String item = next.json().get("item").get("id").asText();
                int index = item.equals(items.get(traces[0])) ? 0 : 1;
                ApiClient.Response submitted = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit",
                        key, "{\"scores\":[{\"configId\":\"" + verdict[0] + "\",\"label\":\"" + labels[index][annotator] + "\"}]}");
                assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
            }
        }
        // the same annotator rating the same target outside the queue does not change the queue's figures
        f.scores("q-3", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(traces[0]), verdict, "\"label\":\"good\"")));

        JsonNode progress = f.get("/api/v1/queues/" + queue + "/progress");

        Map<String, Double> agreement = new HashMap<>();
        for (JsonNode annotator : progress.get("annotators")) {
            JsonNode perConfig = annotator.get("agreement");
            assertThat(perConfig).as("TEXT configs have no agreement").hasSize(1);
            assertThat(perConfig.get(0).get("configId").asText()).isEqualTo(verdict[0]);
            assertThat(perConfig.get(0).get("name").asText()).isEqualTo(verdict[1]);
            assertThat(perConfig.get(0).get("units").asLong()).isEqualTo(2);
            agreement.put(annotator.get("name").asText(), perConfig.get(0).get("agreementWithOthers").asDouble());
        }
        assertThat(agreement.get("q-1")).isCloseTo(0.75, within(1e-9));
        assertThat(agreement.get("q-2")).isCloseTo(0.75, within(1e-9));
        assertThat(agreement.get("q-3")).isCloseTo(0.5, within(1e-9));
    }
}
