package dev.annotations.api.scoreconfig;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreConfigApiTest {
    private static AnnotationService service;
    private static ApiClient client;
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;
    private static String annotator;
    private static String viewer;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        String project = client.get("/api/v1/projects", ADMIN).json().get("projects").get(0).get("id").asText();
        annotator = client.postJson("/api/v1/projects/" + project + "/keys", ADMIN,
                "{\"name\":\"annotator-1\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
        viewer = client.postJson("/api/v1/projects/" + project + "/keys", ADMIN,
                "{\"name\":\"viewer-1\",\"role\":\"VIEWER\"}").json().get("key").asText();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode create(String json) {
        ApiClient.Response response = client.postJson("/api/v1/score-configs", ADMIN, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static void score(String configId, String name, String content) {
        ApiClient.Response response = client.postJson("/api/v1/scores", ADMIN, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\""
                + "0123456789abcdef0123456789abcdef\"},\"name\":\"" + name + "\",\"configId\":\"" + configId + "\"," + content + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void each_data_type_is_created_with_its_defaults() {
        JsonNode numeric = create("{\"name\":\"" + unique("helpfulness") + "\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5}");
        assertThat(numeric.get("id").asText()).isNotEmpty();
        assertThat(numeric.get("widget").asText()).isEqualTo("NUMBER");
        assertThat(numeric.get("direction").asText()).isEqualTo("NONE");

        JsonNode categorical = create("{\"name\":\"" + unique("verdict") + "\",\"dataType\":\"CATEGORICAL\",\"categories\":"
                + "[{\"label\":\"good\",\"value\":1,\"hotkey\":\"g\"},{\"label\":\"bad\",\"value\":0}]}");
        assertThat(categorical.get("widget").asText()).isEqualTo("RADIO");
        assertThat(categorical.at("/categories/1/displayName").asText()).isEqualTo("bad");

        JsonNode bool = create("{\"name\":\"" + unique("thumbs") + "\",\"dataType\":\"BOOLEAN\",\"trueLabel\":\"👍\",\"falseLabel\":\"👎\"}");
        assertThat(bool.get("widget").asText()).isEqualTo("THUMBS");
        assertThat(bool.get("trueLabel").asText()).isEqualTo("👍");

        JsonNode text = create("{\"name\":\"" + unique("notes") + "\",\"dataType\":\"TEXT\"}");
        assertThat(text.get("maxLength").asInt()).isEqualTo(1000);

        JsonNode stars = create("{\"name\":\"" + unique("stars") + "\",\"dataType\":\"NUMERIC\",\"widget\":\"STARS\",\"max\":5}");
        assertThat(stars.get("min").asDouble()).isEqualTo(1.0);
        assertThat(stars.get("step").asDouble()).isEqualTo(1.0);

        JsonNode fetched = client.get("/api/v1/score-configs/" + categorical.get("id").asText(), viewer).json();
        assertThat(fetched).isEqualTo(categorical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty name                  | {\"name\":\"\",\"dataType\":\"NUMERIC\"}                                      | name",
            "name with spaces            | {\"name\":\"a b\",\"dataType\":\"NUMERIC\"}                                   | name",
            "missing data type           | {\"name\":\"x\"}                                                              | dataType",
            "unknown data type           | {\"name\":\"x\",\"dataType\":\"DATE\"}                                         | dataType",
            "min not below max           | {\"name\":\"x\",\"dataType\":\"NUMERIC\",\"min\":5,\"max\":5}                  | max",
            "non-positive step           | {\"name\":\"x\",\"dataType\":\"NUMERIC\",\"step\":0}                            | step",
            "infinite bound              | {\"name\":\"x\",\"dataType\":\"NUMERIC\",\"max\":1e400}                         | max",
            "categories on numeric       | {\"name\":\"x\",\"dataType\":\"NUMERIC\",\"categories\":[{\"label\":\"a\",\"value\":1}]} | categories",
            "no categories               | {\"name\":\"x\",\"dataType\":\"CATEGORICAL\"}                                  | categories",
            "duplicate category label    | {\"name\":\"x\",\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},{\"label\":\"a\",\"value\":2}]} | categories[1].label",
            "category without value      | {\"name\":\"x\",\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\"}]} | categories[0].value",
            "long hotkey                 | {\"name\":\"x\",\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1,\"hotkey\":\"ab\"}]} | categories[0].hotkey",
            "checkbox without multi      | {\"name\":\"x\",\"dataType\":\"CATEGORICAL\",\"widget\":\"CHECKBOX\",\"categories\":[{\"label\":\"a\",\"value\":1}]} | widget",
            "widget of another type      | {\"name\":\"x\",\"dataType\":\"TEXT\",\"widget\":\"THUMBS\"}                      | widget",
            "same boolean labels         | {\"name\":\"x\",\"dataType\":\"BOOLEAN\",\"trueLabel\":\"y\",\"falseLabel\":\"y\"} | falseLabel",
            "text too long a limit       | {\"name\":\"x\",\"dataType\":\"TEXT\",\"maxLength\":20000}                       | maxLength",
            "stars beyond ten            | {\"name\":\"x\",\"dataType\":\"NUMERIC\",\"widget\":\"STARS\",\"max\":11}        | max",
            "unknown field               | {\"name\":\"x\",\"dataType\":\"TEXT\",\"colour\":\"red\"}                        | colour",
    })
    void invalid_configs_answer_400_naming_the_field(String description, String json, String field) {
        ApiClient.Response response = client.postJson("/api/v1/score-configs", ADMIN, json);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").valueStream().map(error -> error.get("field").asText())).contains(field);
    }

    @Test
    void only_an_admin_creates_and_edits_configs_and_any_key_reads_them() {
        String body = "{\"name\":\"" + unique("by-annotator") + "\",\"dataType\":\"TEXT\"}";
        assertThat(client.postJson("/api/v1/score-configs", annotator, body).status()).isEqualTo(403);
        JsonNode config = create(body);
        String path = "/api/v1/score-configs/" + config.get("id").asText();
        assertThat(client.patchJson(path, viewer, "{\"description\":\"x\"}").status()).isEqualTo(403);
        assertThat(client.post(path + "/archive", annotator, null, "").status()).isEqualTo(403);
        assertThat(client.get(path, viewer).status()).isEqualTo(200);
    }

    @Test
    void names_are_unique_among_live_configs_and_free_again_once_archived() {
        String name = unique("unique");
        JsonNode first = create("{\"name\":\"" + name + "\",\"dataType\":\"TEXT\"}");
        ApiClient.Response duplicate = client.postJson("/api/v1/score-configs", ADMIN, "{\"name\":\"" + name + "\",\"dataType\":\"TEXT\"}");
        assertThat(duplicate.status()).isEqualTo(409);

        String firstPath = "/api/v1/score-configs/" + first.get("id").asText();
        ApiClient.Response archived = client.post(firstPath + "/archive", ADMIN, null, "");
        assertThat(archived.json().get("archived").asBoolean()).isTrue();
        JsonNode second = create("{\"name\":\"" + name + "\",\"dataType\":\"TEXT\"}");

        assertThat(client.post(firstPath + "/restore", ADMIN, null, "").status()).isEqualTo(409);
        client.post("/api/v1/score-configs/" + second.get("id").asText() + "/archive", ADMIN, null, "");
        ApiClient.Response restored = client.post(firstPath + "/restore", ADMIN, null, "");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().get("archived").asBoolean()).isFalse();
    }

    @Test
    void widening_edits_are_applied_even_when_scores_exist() {
        String name = unique("widen");
        JsonNode config = create("{\"name\":\"" + name + "\",\"dataType\":\"CATEGORICAL\",\"categories\":"
                + "[{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":0}]}");
        String id = config.get("id").asText();
        score(id, name, "\"label\":\"good\"");

        ApiClient.Response edited = client.patchJson("/api/v1/score-configs/" + id, ADMIN, "{\"description\":\"**be fair**\","
                + "\"categories\":[{\"label\":\"good\",\"value\":1,\"displayName\":\"Good answer\",\"hotkey\":\"1\"},"
                + "{\"label\":\"bad\",\"value\":0},{\"label\":\"unsure\",\"value\":0.5}]}");

        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("description").asText()).isEqualTo("**be fair**");
        assertThat(edited.json().get("categories")).hasSize(3);
        assertThat(client.get("/api/v1/score-configs/" + id, ADMIN).json().at("/categories/0/displayName").asText())
                .isEqualTo("Good answer");
    }

    @Test
    void edits_that_would_invalidate_stored_scores_answer_409_with_the_reason() {
        String numericName = unique("rating");
        String numeric = create("{\"name\":\"" + numericName + "\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":10}").get("id").asText();
        score(numeric, numericName, "\"value\":2");
        score(numeric, numericName, "\"value\":9");
        assertConflict(numeric, "{\"min\":3}", "min 3.0 is above the stored value 2.0");
        assertConflict(numeric, "{\"max\":8}", "max 8.0 is below the stored value 9.0");
        assertThat(client.patchJson("/api/v1/score-configs/" + numeric, ADMIN, "{\"min\":0,\"max\":100}").status()).isEqualTo(200);

        String categoricalName = unique("label");
        String categorical = create("{\"name\":\"" + categoricalName + "\",\"dataType\":\"CATEGORICAL\",\"categories\":"
                + "[{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":0}]}").get("id").asText();
        score(categorical, categoricalName, "\"label\":\"bad\"");
        assertConflict(categorical, "{\"categories\":[{\"label\":\"good\",\"value\":1}]}", "category 'bad' is used");
        assertConflict(categorical, "{\"categories\":[{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":-1}]}",
                "its value cannot change");
        assertThat(client.patchJson("/api/v1/score-configs/" + categorical, ADMIN,
                "{\"categories\":[{\"label\":\"bad\",\"value\":0}]}").status()).as("removing an unused category").isEqualTo(200);

        String textName = unique("note");
        String text = create("{\"name\":\"" + textName + "\",\"dataType\":\"TEXT\",\"maxLength\":100}").get("id").asText();
        score(text, textName, "\"label\":\"" + "x".repeat(40) + "\"");
        assertConflict(text, "{\"maxLength\":10}", "below the longest stored text (40)");

        String boolName = unique("thumb");
        String bool = create("{\"name\":\"" + boolName + "\",\"dataType\":\"BOOLEAN\",\"trueLabel\":\"up\",\"falseLabel\":\"down\"}").get("id").asText();
        score(bool, boolName, "\"value\":1");
        assertConflict(bool, "{\"trueLabel\":\"yes\"}", "label 'up' is used");
    }

    @Test
    void data_type_and_name_cannot_be_edited() {
        String id = create("{\"name\":\"" + unique("fixed") + "\",\"dataType\":\"TEXT\"}").get("id").asText();

        ApiClient.Response response = client.patchJson("/api/v1/score-configs/" + id, ADMIN, "{\"dataType\":\"NUMERIC\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("dataType");
    }

    @Test
    void list_filters_by_name_type_and_archived_and_pages_with_a_cursor() {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            create("{\"name\":\"" + prefix + "-" + i + "\",\"dataType\":\"" + (i % 2 == 0 ? "TEXT" : "BOOLEAN") + "\"}");
        }
        String archivedId = create("{\"name\":\"" + prefix + "-archived\",\"dataType\":\"TEXT\"}").get("id").asText();
        client.post("/api/v1/score-configs/" + archivedId + "/archive", ADMIN, null, "");

        assertThat(client.get("/api/v1/score-configs?name=" + prefix + "-3", ADMIN).json().get("items")).hasSize(1);
        assertThat(client.get("/api/v1/score-configs?archived=true", ADMIN).json().get("items").valueStream()
                .map(item -> item.get("id").asText())).contains(archivedId);
        assertThat(client.get("/api/v1/score-configs?dataType=BOOLEAN&archived=false", ADMIN).json().get("items").valueStream()
                .allMatch(item -> item.get("dataType").asText().equals("BOOLEAN"))).isTrue();

        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/api/v1/score-configs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN).json();
            page.get("items").forEach(item -> {
                names.add(item.get("name").asText());
                ids.add(item.get("id").asText());
            });
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(names).isSorted().contains(prefix + "-0", prefix + "-4", prefix + "-archived");
    }

    @Test
    void bad_list_parameters_answer_400_naming_them() {
        assertThat(client.get("/api/v1/score-configs?dataType=DATE", ADMIN).json().at("/errors/0/field").asText()).isEqualTo("dataType");
        assertThat(client.get("/api/v1/score-configs?archived=maybe", ADMIN).json().at("/errors/0/field").asText()).isEqualTo("archived");
        assertThat(client.get("/api/v1/score-configs?limit=1001", ADMIN).json().at("/errors/0/field").asText()).isEqualTo("limit");
        assertThat(client.get("/api/v1/score-configs?cursor=not-a-cursor", ADMIN).status()).isEqualTo(400);
        assertThat(client.get("/api/v1/score-configs/" + UUID.randomUUID(), ADMIN).status()).isEqualTo(404);
    }

    private static void assertConflict(String configId, String patch, String reason) {
        ApiClient.Response response = client.patchJson("/api/v1/score-configs/" + configId, ADMIN, patch);
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("detail").asText()).contains(reason);
    }
}
