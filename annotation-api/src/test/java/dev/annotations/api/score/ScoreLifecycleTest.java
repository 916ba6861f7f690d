package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreLifecycleTest {
    private static ScoreFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ScoreFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"}",
            "{\"type\":\"SPAN\",\"traceId\":\"0123456789abcdef0123456789abcdef\",\"spanId\":\"0123456789abcdef\"}",
            "{\"type\":\"SESSION\",\"sessionId\":\"conversation-42\"}",
            "{\"type\":\"DOCUMENT\",\"traceId\":\"0123456789abcdef0123456789abcdef\",\"spanId\":\"0123456789abcdef\",\"documentPosition\":3}",
    })
    void every_target_type_is_stored_and_read_back(String target) throws Exception {
        JsonNode stored = fixture.stored(fixture.admin, "{\"target\":" + target + ",\"name\":\"relevance\",\"value\":0.75}");

        JsonNode read = fixture.client.get("/api/v1/scores/" + stored.get("id").asText(), fixture.viewer).json();
        assertThat(read.get("target")).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(target));
        assertThat(read.get("value").asDouble()).isEqualTo(0.75);
        assertThat(read.get("dataType").asText()).isEqualTo("NUMERIC");
    }

    @Test
    void each_data_type_stores_what_it_needs() {
        String span = ScoreFixture.spanTarget();
        JsonNode verdict = fixture.stored(fixture.admin, "{\"target\":" + span + ",\"name\":\"verdict\",\"configId\":\"" + fixture.verdict + "\",\"label\":\"good\"}");
        assertThat(verdict.get("value").asDouble()).as("the category's value").isEqualTo(1.0);
        JsonNode tags = fixture.stored(fixture.admin, "{\"target\":" + span + ",\"name\":\"tags\",\"configId\":\"" + fixture.tags + "\",\"labels\":[\"rude\",\"slow\"]}");
        assertThat(tags.get("labels").valueStream().map(JsonNode::asText)).containsExactly("rude", "slow");
        JsonNode thumbs = fixture.stored(fixture.admin, "{\"target\":" + span + ",\"name\":\"thumbs\",\"configId\":\"" + fixture.thumbs + "\",\"value\":0}");
        assertThat(thumbs.get("label").asText()).isEqualTo("down");
        JsonNode notes = fixture.stored(fixture.admin, "{\"target\":" + span + ",\"name\":\"notes\",\"configId\":\"" + fixture.notes + "\",\"label\":\"concise, correct\"}");
        assertThat(notes.get("label").asText()).isEqualTo("concise, correct");
        assertThat(notes.has("value")).isFalse();
        JsonNode inferred = fixture.stored(fixture.admin, "{\"target\":" + span + ",\"name\":\"tone\",\"label\":\"friendly\"}");
        assertThat(inferred.get("dataType").asText()).isEqualTo("CATEGORICAL");
    }

    @Test
    void the_same_id_and_content_again_answers_200_without_a_second_row_and_other_content_409() {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"target\":" + ScoreFixture.spanTarget() + ",\"name\":\"helpfulness\",\"configId\":\""
                + fixture.helpfulness + "\",\"value\":4,\"comment\":\"clear\"}";

        ApiClient.Response first = fixture.post(fixture.annotator1, body);
        ApiClient.Response second = fixture.post(fixture.annotator1, body);
        ApiClient.Response different = fixture.post(fixture.annotator1, body.replace("\"value\":4", "\"value\":5"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(different.status()).isEqualTo(409);
        assertThat(fixture.rows(id)).isEqualTo(1);
    }

    @Test
    void several_authors_scores_on_one_target_and_name_coexist() {
        String trace = ScoreFixture.randomTrace();
        String body = "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"},\"name\":\"helpfulness\",\"configId\":\""
                + fixture.helpfulness + "\",\"value\":%d}";
        fixture.stored(fixture.annotator1, body.formatted(2));
        fixture.stored(fixture.annotator2, body.formatted(5));

        JsonNode items = fixture.client.get("/api/v1/scores?traceId=" + trace + "&name=helpfulness", fixture.viewer).json().get("items");

        assertThat(items.valueStream().map(item -> item.get("author").asText() + "=" + item.get("value").asInt()))
                .containsExactlyInAnyOrder("annotator-1=2", "annotator-2=5");
    }

    @Test
    void an_author_edits_only_their_own_scores_and_an_admin_edits_any() {
        String id = fixture.stored(fixture.annotator1, "{\"target\":" + ScoreFixture.spanTarget() + ",\"name\":\"helpfulness\",\"configId\":\""
                + fixture.helpfulness + "\",\"value\":3}").get("id").asText();
        String path = "/api/v1/scores/" + id;

        assertThat(fixture.client.patchJson(path, fixture.annotator2, "{\"value\":1}").status()).isEqualTo(403);
        assertThat(fixture.client.delete(path, fixture.annotator2).status()).isEqualTo(403);
        assertThat(fixture.client.patchJson(path, fixture.viewer, "{\"value\":1}").status()).isEqualTo(403);
        assertThat(fixture.client.patchJson(path, fixture.annotator1, "{\"value\":4}").status()).isEqualTo(200);
        assertThat(fixture.client.patchJson(path, fixture.admin, "{\"comment\":\"reviewed\"}").status()).isEqualTo(200);
        assertThat(fixture.client.patchJson(path, fixture.annotator1, "{\"value\":7}").status()).as("still validated").isEqualTo(400);
        assertThat(fixture.client.patchJson(path, fixture.annotator1, "{\"label\":\"x\"}").status()).as("type kept").isEqualTo(400);
    }

    @Test
    void edits_and_deletes_are_versions_and_history_shows_every_one() {
        String id = fixture.stored(fixture.annotator1, "{\"target\":" + ScoreFixture.spanTarget() + ",\"name\":\"verdict\",\"configId\":\""
                + fixture.verdict + "\",\"label\":\"bad\"}").get("id").asText();
        String path = "/api/v1/scores/" + id;

        JsonNode edited = fixture.client.patchJson(path, fixture.annotator1, "{\"label\":\"good\",\"comment\":\"changed my mind\"}").json();
        assertThat(edited.get("label").asText()).isEqualTo("good");
        assertThat(edited.get("value").asDouble()).isEqualTo(1.0);
        assertThat(fixture.client.delete(path, fixture.admin).status()).isEqualTo(204);
        assertThat(fixture.client.delete(path, fixture.admin).status()).as("idempotent").isEqualTo(204);

        assertThat(fixture.client.get(path, fixture.admin).status()).isEqualTo(404);
        assertThat(fixture.client.patchJson(path, fixture.annotator1, "{\"label\":\"bad\"}").status()).isEqualTo(404);
        JsonNode history = fixture.client.get(path + "/history", fixture.viewer).json().get("items");
        assertThat(history.valueStream().map(version -> version.get("label").asText() + "/" + version.get("changedBy").asText()
                + "/" + version.get("deleted").asBoolean()))
                .containsExactly("bad/annotator-1/false", "good/annotator-1/false", "good/bootstrap-admin/true");
        assertThat(history.get(0).get("version").asLong()).isLessThan(history.get(1).get("version").asLong());
        assertThat(fixture.client.get("/api/v1/scores?name=verdict&label=good", fixture.admin).json().get("items").valueStream()
                .noneMatch(item -> item.get("id").asText().equals(id))).isTrue();
    }

    @Test
    void list_filters_combine_and_see_only_the_current_version() {
        String trace = ScoreFixture.randomTrace();
        String target = "{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"}";
        String low = fixture.stored(fixture.annotator1, "{\"target\":" + target + ",\"name\":\"helpfulness\",\"configId\":\""
                + fixture.helpfulness + "\",\"value\":2,\"timestamp\":\"2026-01-01T00:00:00Z\"}").get("id").asText();
        fixture.stored(fixture.annotator2, "{\"target\":" + target + ",\"name\":\"helpfulness\",\"configId\":\""
                + fixture.helpfulness + "\",\"value\":5,\"timestamp\":\"2026-02-01T00:00:00Z\"}");
        fixture.stored(fixture.admin, "{\"target\":" + target + ",\"name\":\"judge\",\"value\":0.9,\"source\":\"EVAL\","
                + "\"author\":\"gpt-judge\",\"timestamp\":\"2026-03-01T00:00:00Z\"}");
        ApiClient.Response patched = fixture.client.patchJson("/api/v1/scores/" + low, fixture.annotator1, "{\"value\":4}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        assertThat(ids("traceId=" + trace)).hasSize(3);
        assertThat(ids("traceId=" + trace + "&name=helpfulness&valueMax=3")).as("the old value 2 no longer counts").isEmpty();
        assertThat(ids("traceId=" + trace + "&name=helpfulness&valueMin=4&valueMax=4")).containsExactly(low);
        assertThat(ids("traceId=" + trace + "&valueMax=1")).as("the judge's 0.9").hasSize(1);
        assertThat(ids("traceId=" + trace + "&author=annotator-2")).hasSize(1);
        assertThat(ids("traceId=" + trace + "&source=EVAL&annotatorKind=LLM")).hasSize(1);
        assertThat(ids("traceId=" + trace + "&configId=" + fixture.helpfulness)).hasSize(2);
        assertThat(ids("traceId=" + trace + "&from=2026-01-15T00:00:00Z&to=2026-02-15T00:00:00Z")).hasSize(1);
        assertThat(ids("traceId=" + trace + "&targetType=SPAN")).isEmpty();
        assertThat(fixture.client.get("/api/v1/scores?valueMin=abc", fixture.admin).status()).isEqualTo(400);
        assertThat(fixture.client.get("/api/v1/scores?from=yesterday", fixture.admin).status()).isEqualTo(400);
    }

    @Test
    void pages_walk_every_score_once_newest_first() {
        String trace = ScoreFixture.randomTrace();
        for (int i = 0; i < 7; i++) {
            fixture.stored(fixture.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace + "\"},\"name\":\"p\",\"value\":" + i
                    + ",\"timestamp\":\"2026-05-0" + (i % 3 + 1) + "T00:00:00Z\"}");
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        java.util.List<String> times = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = fixture.client.get("/api/v1/scores?traceId=" + trace + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), fixture.admin).json();
            page.get("items").forEach(item -> {
                seen.add(item.get("id").asText());
                times.add(item.get("timestamp").asText());
            });
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);

        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    private static java.util.List<String> ids(String query) {
        return fixture.client.get("/api/v1/scores?" + query, fixture.admin).json().get("items").valueStream()
                .map(item -> item.get("id").asText()).toList();
    }
}
