package dev.annotations.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiApp;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query parameters are as strict as bodies (unknown → 400 naming them, a scalar twice → 400), a repeated
 * filter matches any of its values, and every list answers {@code {"items":[…],"nextCursor":…}}.
 */
class StrictListsTest {
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;
    private static final String TRACE = UUID.randomUUID().toString().replace("-", "");
    private static AnnotationService service;
    private static ApiClient client;
    private static String project;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        project = client.get("/api/v1/projects", ADMIN).json().get("items").get(0).get("id").asText();
        for (String name : List.of("a", "b", "c")) {
            ApiClient.Response stored = client.postJson("/api/v1/scores", ADMIN, "{\"name\":\"" + name
                    + "\",\"value\":1,\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + TRACE + "\"}}");
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        }
        ApiClient.Response label = client.postJson("/api/v1/scores", ADMIN, "{\"name\":\"tone\","
                + "\"label\":\"rude\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + TRACE + "\"}}");
        assertThat(label.status()).as(label.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void an_unknown_query_parameter_answers_400_naming_it() {
        ApiClient.Response response = client.get("/api/v1/scores?traceId=" + TRACE + "&limt=1&dataType=NUMERIC", ADMIN);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(response)).containsExactlyInAnyOrder("limt", "dataType");
        assertThat(response.body()).contains("unknown query parameter");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/me?verbose=true", "/api/v1/projects?limit=5", "/api/v1/spans?services=chat",
            "/api/v1/score-configs?dataTypes=NUMERIC", "/api/v1/queues?state=ACTIVE",
            "/api/v1/analytics/agreement?name=x&author=someone"})
    void every_operation_refuses_parameters_it_does_not_declare(String uri) {
        ApiClient.Response response = client.get(uri, ADMIN);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("unknown query parameter");
    }

    @Test
    void a_scalar_parameter_given_twice_answers_400_instead_of_using_the_first() {
        ApiClient.Response response = client.get("/api/v1/scores?limit=1&limit=2&valueMin=0&valueMin=1", ADMIN);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactlyInAnyOrder("limit", "valueMin");
    }

    @Test
    void a_repeated_filter_matches_any_of_its_values() {
        JsonNode page = ok("/api/v1/scores?traceId=" + TRACE + "&name=a&name=b");

        assertThat(names(page)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void different_filters_still_combine_with_and() {
        JsonNode page = ok("/api/v1/scores?traceId=" + TRACE + "&name=a&name=tone&label=rude&label=polite");

        assertThat(names(page)).containsExactly("tone");
    }

    @Test
    void a_repeated_enum_filter_checks_every_value() {
        ApiClient.Response response = client.get("/api/v1/scores?source=API&source=NOPE", ADMIN);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("source");
        assertThat(names(ok("/api/v1/scores?traceId=" + TRACE + "&source=API&source=FEEDBACK"))).hasSize(4);
    }

    @Test
    void score_configs_filter_by_several_names_and_data_types() {
        for (String body : List.of("{\"name\":\"x1\",\"dataType\":\"NUMERIC\"}", "{\"name\":\"x2\",\"dataType\":\"TEXT\"}",
                "{\"name\":\"x3\",\"dataType\":\"BOOLEAN\"}")) {
            assertThat(client.postJson("/api/v1/score-configs", ADMIN, body).status()).isEqualTo(201);
        }

        assertThat(names(ok("/api/v1/score-configs?name=x1&name=x2&name=x3&dataType=NUMERIC&dataType=BOOLEAN")))
                .containsExactly("x1", "x3");
    }

    @Test
    void projects_and_keys_answer_the_one_list_shape_with_the_old_field_as_an_alias() {
        JsonNode projects = ok("/api/v1/projects");
        JsonNode keys = ok("/api/v1/projects/" + project + "/keys");

        for (JsonNode list : List.of(projects, keys)) {
            assertThat(list.get("items").isArray()).isTrue();
            assertThat(list.has("nextCursor")).isTrue();
            assertThat(list.get("nextCursor").isNull()).isTrue();
        }
        assertThat(projects.get("projects")).isEqualTo(projects.get("items"));
        assertThat(keys.get("keys")).isEqualTo(keys.get("items"));
    }

    @Test
    void the_last_page_of_a_paged_list_says_nextCursor_null_rather_than_leaving_it_out() {
        JsonNode page = ok("/api/v1/scores?traceId=" + TRACE);

        assertThat(page.has("nextCursor")).isTrue();
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void every_list_operation_in_the_document_answers_items_and_nextCursor() {
        JsonNode openApi = ApiApp.openApi(Json.mapper());
        List<String> notUniform = new ArrayList<>();
        openApi.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("get")) {
                return; // a list is read; what a write answers (e.g. the items it added) is a result, not a list
            }
            JsonNode schema = operation.getValue().path("responses").path("200").path("content")
                    .path("application/json").path("schema");
            if (schema.has("$ref")) {
                schema = openApi.at(schema.get("$ref").asText().substring(1));
            }
            JsonNode properties = schema.path("properties");
            boolean hasArray = false;
            for (JsonNode property : properties) {
                hasArray |= property.path("type").asText().equals("array") && !property.path("deprecated").asBoolean();
            }
            boolean list = hasArray && properties.size() <= 3;
            if (list && !(properties.has("items") && properties.has("nextCursor"))) {
                notUniform.add(operation.getKey() + " " + path.getKey());
            }
        }));

        assertThat(notUniform).as("lists not answering {items, nextCursor}").isEmpty();
    }

    private static JsonNode ok(String uri) {
        ApiClient.Response response = client.get(uri, ADMIN);
        assertThat(response.status()).as(uri + " → " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static List<String> fields(ApiClient.Response problem) {
        List<String> fields = new ArrayList<>();
        problem.json().get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }
}
