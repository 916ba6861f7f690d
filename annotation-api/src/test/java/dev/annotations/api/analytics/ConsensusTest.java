package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The units endpoint: each unit's ratings, consensus (majority with ties, mean and median, a reviewer's
 * approval) and disagreement, sorted and paged; and the SQL view annotation_consensus giving the same
 * consensus as the endpoint.
 */
class ConsensusTest {
    private static AnalyticsFixture f;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static List<JsonNode> units(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = f.get("/api/v1/analytics/agreement/units?" + query + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    private static JsonNode unitOf(List<JsonNode> units, String traceId) {
        return units.stream().filter(unit -> unit.get("target").get("traceId").asText().equals(traceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no unit for trace " + traceId));
    }

    @Test
    void a_unit_takes_the_majority_label_and_a_tie_is_reported_as_a_tie() {
        String[] verdict = f.config("verdict", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},"
                + "{\"label\":\"bad\",\"value\":0},{\"label\":\"ugly\",\"value\":-1}]}");
        String clear = AnalyticsFixture.trace();
        String tied = AnalyticsFixture.trace();
        f.scores("u1", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(clear), verdict, "\"label\":\"good\""),
                AnalyticsFixture.score(AnalyticsFixture.traceTarget(tied), verdict, "\"label\":\"good\"")));
        f.scores("u2", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(clear), verdict, "\"label\":\"good\""),
                AnalyticsFixture.score(AnalyticsFixture.traceTarget(tied), verdict, "\"label\":\"bad\"")));
        f.scores("u3", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(clear), verdict, "\"label\":\"bad\"")));

        List<JsonNode> units = units("configId=" + verdict[0]);
        JsonNode majority = unitOf(units, clear);
        JsonNode tie = unitOf(units, tied);

        assertThat(majority.get("consensus").get("method").asText()).isEqualTo("MAJORITY");
        assertThat(majority.get("consensus").get("label").asText()).isEqualTo("good");
        assertThat(majority.get("consensus").get("tie").asBoolean()).isFalse();
        assertThat(majority.get("ratings")).hasSize(3);
        assertThat(majority.get("ratings").get(0).get("author").asText()).isEqualTo("u1");
        assertThat(majority.get("ratings").get(0).get("scoreId").asText()).isNotEmpty();
        assertThat(majority.get("queueId").isNull()).isTrue();
        assertThat(majority.get("disagreement").asDouble()).as("1 of 3 pairs agree").isCloseTo(2.0 / 3, within(1e-9));
        assertThat(tie.get("consensus").get("label").isNull()).isTrue();
        assertThat(tie.get("consensus").get("tie").asBoolean()).isTrue();
        assertThat(tie.get("consensus").get("tiedLabels")).extracting(JsonNode::asText).containsExactly("bad", "good");
        assertThat(tie.get("disagreement").asDouble()).isEqualTo(1.0);
        assertThat(units.getFirst().get("target").get("traceId").asText()).as("most disputed first").isEqualTo(tied);
    }

    @Test
    void numbers_give_mean_and_median_and_the_ordinal_level_takes_the_median() {
        String[] stars = f.config("stars", "{\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}");
        String trace = AnalyticsFixture.trace();
        String target = AnalyticsFixture.traceTarget(trace);
        int[] values = {1, 2, 2, 5};
        for (int i = 0; i < values.length; i++) {
            f.scores("n" + i, List.of(AnalyticsFixture.score(target, stars, "\"value\":" + values[i])));
        }

        JsonNode interval = units("configId=" + stars[0]).getFirst().get("consensus");
        JsonNode ordinal = units("configId=" + stars[0] + "&level=ordinal").getFirst();

        assertThat(interval.get("method").asText()).isEqualTo("MEAN");
        assertThat(interval.get("value").asDouble()).isEqualTo(2.5);
        assertThat(interval.get("median").asDouble()).isEqualTo(2.0);
        assertThat(ordinal.get("consensus").get("method").asText()).isEqualTo("MEDIAN");
        assertThat(ordinal.get("consensus").get("value").asDouble()).isEqualTo(2.0);
        // pairs (1,2) (1,2) (1,5) (2,2) (2,5) (2,5): squared differences 1+1+16+0+9+9 = 36 over 6 pairs, scale (5-1)²
        assertThat(ordinal.get("disagreement").asDouble()).isCloseTo(36.0 / 6 / 16, within(1e-9));
    }

    @Test
    void multi_select_takes_the_labels_more_than_half_chose() {
        String[] tags = f.config("tags", "{\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":["
                + "{\"label\":\"x\",\"value\":0},{\"label\":\"y\",\"value\":0},{\"label\":\"z\",\"value\":0}]}");
        String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        f.scores("m1", List.of(AnalyticsFixture.score(target, tags, "\"labels\":[\"x\",\"y\"]")));
        f.scores("m2", List.of(AnalyticsFixture.score(target, tags, "\"labels\":[\"x\"]")));
        f.scores("m3", List.of(AnalyticsFixture.score(target, tags, "\"labels\":[\"x\",\"z\"]")));
        f.scores("m4", List.of(AnalyticsFixture.score(target, tags, "\"labels\":[\"y\",\"x\"]")));

        JsonNode unit = units("configId=" + tags[0]).getFirst();

        assertThat(unit.get("consensus").get("labels")).extracting(JsonNode::asText).containsExactly("x");
        assertThat(unit.get("consensus").get("tiedLabels")).extracting(JsonNode::asText).containsExactly("y");
        assertThat(unit.get("consensus").get("tie").asBoolean()).isTrue();
        assertThat(unit.get("ratings").get(0).get("labels")).extracting(JsonNode::asText).containsExactly("x", "y");
    }

    @Test
    void pages_follow_one_another_without_gaps_or_repeats_in_either_sort() {
        String[] verdict = f.config("paged", "{\"dataType\":\"BOOLEAN\",\"trueLabel\":\"up\",\"falseLabel\":\"down\"}");
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 23; i++) {
            String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            first.add(AnalyticsFixture.score(target, verdict, "\"label\":\"up\""));
            second.add(AnalyticsFixture.score(target, verdict, "\"label\":\"" + (random.nextBoolean() ? "up" : "down") + "\""));
        }
        f.scores("p1", first);
        f.scores("p2", second);

        for (String sort : List.of("disagreement", "recent")) {
            List<JsonNode> paged = units("configId=" + verdict[0] + "&limit=5&sort=" + sort);
            List<JsonNode> whole = f.get("/api/v1/analytics/agreement/units?configId=" + verdict[0] + "&limit=1000&sort=" + sort)
                    .get("items").valueStream().toList();
            assertThat(paged).hasSize(23).isEqualTo(whole);
        }
        List<JsonNode> byDisagreement = units("configId=" + verdict[0] + "&limit=5");
        for (int i = 1; i < byDisagreement.size(); i++) {
            assertThat(byDisagreement.get(i).get("disagreement").asDouble())
                    .isLessThanOrEqualTo(byDisagreement.get(i - 1).get("disagreement").asDouble());
        }
    }

    @Test
    void a_reviewers_approval_makes_the_approved_submissions_the_consensus() {
        String[] verdict = f.config("reviewed", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},"
                + "{\"label\":\"bad\",\"value\":0}]}");
        f.key("qa-1");
        f.key("qa-2");
        f.key("qa-3");
        String reviewerKey = f.key("rev-1", "REVIEWER");
        String queue = queue(verdict[0], "\"qa-1\",\"qa-2\",\"qa-3\"", 2);
        String trace = AnalyticsFixture.trace();
        String item = addItem(queue, trace);
        submit(queue, item, "qa-1", verdict[0], "bad");
        submit(queue, item, "qa-2", verdict[0], "bad");
        // outside the queue, two more humans say good: without the review, good would win 2:2 … 3:2 with qa-3
        f.scores("outsider-1", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(trace), verdict, "\"label\":\"good\"")));
        f.scores("outsider-2", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(trace), verdict, "\"label\":\"good\"")));
        f.scores("outsider-3", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(trace), verdict, "\"label\":\"good\"")));

        JsonNode before = unitOf(units("configId=" + verdict[0]), trace).get("consensus");
        assertThat(before.get("method").asText()).isEqualTo("MAJORITY");
        assertThat(before.get("label").asText()).isEqualTo("good");

        ApiClient.Response approved = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve",
                reviewerKey, "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode all = unitOf(units("configId=" + verdict[0]), trace);
        JsonNode inQueue = unitOf(units("configId=" + verdict[0] + "&queueId=" + queue), trace);
        assertThat(all.get("consensus").get("method").asText()).isEqualTo("REVIEW");
        assertThat(all.get("consensus").get("label").asText()).isEqualTo("bad");
        assertThat(all.get("ratings")).hasSize(5);
        assertThat(inQueue.get("queueId").asText()).isEqualTo(queue);
        assertThat(inQueue.get("ratings")).hasSize(2);
        assertThat(inQueue.get("consensus").get("method").asText()).isEqualTo("REVIEW");
        assertThat(inQueue.get("consensus").get("label").asText()).isEqualTo("bad");
        JsonNode view = viewRow(verdict[0], trace, null);
        assertThat(view.get("method").asText()).isEqualTo("REVIEW");
        assertThat(view.get("consensus_label").asText()).isEqualTo("bad");
    }

    @Test
    void a_returned_submission_no_longer_counts() {
        String[] verdict = f.config("returned", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},"
                + "{\"label\":\"bad\",\"value\":0}]}");
        f.key("ra-1");
        f.key("ra-2");
        String reviewerKey = f.key("rev-2", "REVIEWER");
        String queue = queue(verdict[0], "\"ra-1\",\"ra-2\"", 2);
        String trace = AnalyticsFixture.trace();
        String item = addItem(queue, trace);
        submit(queue, item, "ra-1", verdict[0], "good");
        submit(queue, item, "ra-2", verdict[0], "bad");

        ApiClient.Response returned = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/return",
                reviewerKey, "{\"annotator\":\"ra-2\",\"comment\":\"read the rubric again\"}");
        assertThat(returned.status()).as(returned.body()).isEqualTo(200);

        JsonNode unit = unitOf(units("configId=" + verdict[0] + "&queueId=" + queue), trace);
        assertThat(unit.get("ratings")).hasSize(1);
        assertThat(unit.get("ratings").get(0).get("author").asText()).isEqualTo("ra-1");
        assertThat(unit.get("consensus").get("label").asText()).isEqualTo("good");
    }

    @Test
    void a_deleted_score_stops_counting_and_the_authors_earlier_rating_counts_again() {
        String[] stars = f.config("deleted", "{\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5}");
        String trace = AnalyticsFixture.trace();
        String target = AnalyticsFixture.traceTarget(trace);
        f.scores("d1", List.of("{\"target\":" + target + ",\"name\":\"" + stars[1] + "\",\"configId\":\"" + stars[0]
                + "\",\"value\":2,\"timestamp\":\"2026-11-01T10:00:00Z\"}"));
        String newer = f.client.postJson("/api/v1/scores", f.key("d1"), "{\"target\":" + target + ",\"name\":\"" + stars[1]
                + "\",\"configId\":\"" + stars[0] + "\",\"value\":5,\"timestamp\":\"2026-11-02T10:00:00Z\"}").json().get("id").asText();
        f.scores("d2", List.of(AnalyticsFixture.score(target, stars, "\"value\":3")));
        assertThat(unitOf(units("configId=" + stars[0]), trace).get("consensus").get("value").asDouble())
                .as("d1's latest (5) and d2's 3").isEqualTo(4.0);

        assertThat(f.client.delete("/api/v1/scores/" + newer, f.key("d1")).status()).isEqualTo(204);

        JsonNode unit = unitOf(units("configId=" + stars[0]), trace);
        assertThat(unit.get("ratings")).hasSize(2);
        assertThat(unit.get("consensus").get("value").asDouble()).as("d1's earlier 2 and d2's 3").isEqualTo(2.5);
        assertThat(viewRow(stars[0], trace, null).get("consensus_value").asDouble()).isEqualTo(2.5);
    }

    @Test
    void the_sql_view_gives_the_same_consensus_as_the_api_on_random_ratings() {
        String[] numeric = f.config("v-num", "{\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10}");
        String[] single = f.config("v-one", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"b\",\"value\":2},{\"label\":\"c\",\"value\":3}]}");
        String[] multi = f.config("v-many", "{\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":["
                + "{\"label\":\"x\",\"value\":0},{\"label\":\"y\",\"value\":0},{\"label\":\"z\",\"value\":0}]}");
        Random random = new Random(42);
        String[] authors = {"va", "vb", "vc", "vd"};
        Map<String, List<String>> byAuthor = new HashMap<>();
        for (String[] config : List.of(numeric, single, multi)) {
            for (int unit = 0; unit < 40; unit++) {
                String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
                for (String author : authors) {
                    if (random.nextDouble() < 0.75) {
                        byAuthor.computeIfAbsent(author, key -> new ArrayList<>())
                                .add(AnalyticsFixture.score(target, config, content(config, numeric, single, random)));
                    }
                }
            }
        }
        byAuthor.forEach(f::scores);
        // some scores deleted, some edited: only live, current versions count
        JsonNode listed = f.get("/api/v1/scores?configId=" + single[0] + "&limit=30").get("items");
        for (int i = 0; i < listed.size(); i++) {
            String id = listed.get(i).get("id").asText();
            if (i % 3 == 0) {
                assertThat(f.client.delete("/api/v1/scores/" + id, f.admin).status()).isEqualTo(204);
            } else if (i % 3 == 1) {
                assertThat(f.client.patchJson("/api/v1/scores/" + id, f.admin, "{\"label\":\"c\"}").status()).isEqualTo(200);
            }
        }
        // a reviewed queue on the single-select config, with outside ratings on its targets
        f.key("vq-1");
        f.key("vq-2");
        String reviewerKey = f.key("rev-3", "REVIEWER");
        String queue = queue(single[0], "\"vq-1\",\"vq-2\"", 2);
        for (int i = 0; i < 4; i++) {
            String trace = AnalyticsFixture.trace();
            String item = addItem(queue, trace);
            submit(queue, item, "vq-1", single[0], random.nextBoolean() ? "a" : "b");
            submit(queue, item, "vq-2", single[0], random.nextBoolean() ? "b" : "c");
            f.scores("va", List.of(AnalyticsFixture.score(AnalyticsFixture.traceTarget(trace), single, "\"label\":\"c\"")));
            if (i < 3) {
                assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve", reviewerKey, "{}")
                        .status()).isEqualTo(200);
            }
        }

        int compared = 0;
        for (String[] config : List.of(numeric, single, multi)) {
            compared += compare(units("configId=" + config[0]), config[0], null);
        }
        compared += compare(units("configId=" + single[0] + "&queueId=" + queue), single[0], queue);
        assertThat(compared).isGreaterThan(110);
    }

    private static String content(String[] config, String[] numeric, String[] single, Random random) {
        if (config == numeric) {
            return "\"value\":" + random.nextInt(11);
        }
        if (config == single) {
            return "\"label\":\"" + "abc".charAt(random.nextInt(3)) + "\"";
        }
        List<String> labels = new ArrayList<>();
        for (String label : List.of("x", "y", "z")) {
            if (random.nextBoolean()) {
                labels.add("\"" + label + "\"");
            }
        }
        if (labels.isEmpty()) {
            labels.add("\"x\"");
        }
        return "\"labels\":[" + String.join(",", labels) + "]";
    }

    private static int compare(List<JsonNode> units, String configId, String queueId) {
        Map<String, JsonNode> rows = viewRows(configId, queueId);
        assertThat(rows).as("one view row per unit").hasSameSizeAs(units);
        for (JsonNode unit : units) {
            JsonNode view = rows.get(unit.get("target").get("traceId").asText());
            JsonNode consensus = unit.get("consensus");
            String where = "unit " + unit.get("target") + " in queue " + queueId;
            assertThat(view.get("method").asText()).as(where).isEqualTo(consensus.get("method").asText());
            assertThat(view.get("ratings").asInt()).as(where).isEqualTo(unit.get("ratings").size());
            assertThat(view.get("tie").asInt() == 1).as(where).isEqualTo(consensus.get("tie").asBoolean());
            assertThat(view.get("tied_labels")).as(where).isEqualTo(consensus.get("tiedLabels"));
            assertThat(view.get("consensus_label")).as(where).isEqualTo(consensus.get("label"));
            if (consensus.get("labels").isNull()) {
                assertThat(view.get("consensus_labels")).as(where).isEmpty();
            } else {
                assertThat(view.get("consensus_labels")).as(where).isEqualTo(consensus.get("labels"));
            }
            if (consensus.get("value").isNull()) {
                assertThat(view.get("consensus_value").isNull()).as(where).isTrue();
            } else {
                assertThat(view.get("consensus_value").asDouble()).as(where).isCloseTo(consensus.get("value").asDouble(), within(1e-9));
                assertThat(view.get("consensus_median").asDouble()).as(where).isCloseTo(consensus.get("median").asDouble(), within(1e-9));
            }
        }
        return units.size();
    }

    /** The view's rows of one config and scope (queue or all), by trace id: one query for all. */
    private static Map<String, JsonNode> viewRows(String configId, String queueId) {
        String db = f.service.storage().database();
        Map<String, JsonNode> rows = new HashMap<>();
        f.service.storage().call(dsl -> dsl.fetch("SELECT trace_id, toJSONString(CAST(tuple(method, consensus_label,"
                + " consensus_labels, consensus_value, consensus_median, tie, tied_labels, ratings), 'Tuple(method String,"
                + " consensus_label Nullable(String), consensus_labels Array(String), consensus_value Nullable(Float64),"
                + " consensus_median Nullable(Float64), tie UInt8, tied_labels Array(String), ratings UInt64)'))"
                + " FROM `" + db + "`.annotation_consensus WHERE config_id = ? AND "
                + (queueId == null ? "queue_id IS NULL" : "queue_id = '" + UUID.fromString(queueId) + "'"),
                UUID.fromString(configId))).forEach(row -> {
            try {
                rows.put(row.get(0).toString(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.get(1).toString()));
            } catch (java.io.IOException e) {
                throw new AssertionError(String.valueOf(row), e);
            }
        });
        return rows;
    }

    private static JsonNode viewRow(String configId, String traceId, String queueId) {
        String db = f.service.storage().database();
        String json = f.service.storage().call(dsl -> {
            Record row = dsl.fetchOne("SELECT toJSONString(CAST(tuple(method, consensus_label, consensus_labels,"
                    + " consensus_value, consensus_median, tie, tied_labels, ratings), 'Tuple(method String,"
                    + " consensus_label Nullable(String), consensus_labels Array(String), consensus_value Nullable(Float64),"
                    + " consensus_median Nullable(Float64), tie UInt8, tied_labels Array(String), ratings UInt64)'))"
                    + " FROM `" + db + "`.annotation_consensus WHERE config_id = ? AND trace_id = ? AND "
                    + (queueId == null ? "queue_id IS NULL" : "queue_id = '" + UUID.fromString(queueId) + "'"),
                    UUID.fromString(configId), traceId);
            assertThat(row).as("a view row for " + traceId).isNotNull();
            return row.get(0).toString();
        });
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static String queue(String configId, String annotators, int perItem) {
        ApiClient.Response response = f.client.postJson("/api/v1/queues", f.admin, "{\"name\":\"q-" + UUID.randomUUID()
                + "\",\"scoreConfigIds\":[\"" + configId + "\"],\"annotators\":[" + annotators + "],\"reviewers\":"
                + "[\"rev-1\",\"rev-2\",\"rev-3\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":" + perItem
                + ",\"reviewRequired\":true}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static String addItem(String queue, String trace) {
        ApiClient.Response response = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"targets\":[" + AnalyticsFixture.traceTarget(trace) + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("items").get(0).get("id").asText();
    }

    private static void submit(String queue, String item, String annotator, String configId, String label) {
        String key = f.key(annotator);
        ApiClient.Response next = f.client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("item").get("id").asText()).isEqualTo(item);
        ApiClient.Response submitted = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit", key,
                "{\"scores\":[{\"configId\":\"" + configId + "\",\"label\":\"" + label + "\"}]}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    }
}
