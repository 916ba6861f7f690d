package dev.annotations.api.http;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input answers problem+json naming the field, never a 500 and never a stack trace. */
class BadInputTest {
    private static AnnotationService service;
    private static ApiClient client;
    private static String keysPath;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        String project = client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json().get("projects").get(0)
                .get("id").asText();
        keysPath = "/api/v1/projects/" + project + "/keys";
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void assertProblem(ApiClient.Response response, int status, String field, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
            assertThat(response.json().get("errors").get(0).get("message").asText()).contains(messagePart);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON             | {\"name\":                          | body | malformed JSON",
            "not an object              | [1,2]                               | body | expected",
            "unknown field              | {\"name\":\"a\",\"role\":\"VIEWER\",\"admin\":true} | admin | unknown field",
            "wrong type for a string    | {\"name\":42,\"role\":\"VIEWER\"}   | name | expected a string",
            "unknown enum value         | {\"name\":\"a\",\"role\":\"OWNER\"} | role | allowed: ADMIN, ANNOTATOR, REVIEWER, VIEWER",
            "missing required name      | {\"role\":\"VIEWER\"}               | name | is required",
            "missing required role      | {\"name\":\"bob\"}                  | role | is required",
            "name with spaces           | {\"name\":\"bob smith\",\"role\":\"VIEWER\"} | name | letters, digits",
            "null body                  | null                                | body | required",
            "trailing garbage           | {\"name\":\"a\",\"role\":\"VIEWER\"} x | body | malformed JSON",
    })
    void invalid_key_requests_answer_400_naming_the_field(String description, String json, String field, String message) {
        assertProblem(client.postJson(keysPath, TestService.BOOTSTRAP_KEY, json), 400, field, message);
    }

    @Test
    void an_overlong_project_name_answers_400() {
        String name = "x".repeat(101);
        assertProblem(client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY, "{\"name\":\"" + name + "\"}"),
                400, "name", "at most 100");
    }

    @Test
    void an_empty_body_answers_400() {
        assertProblem(client.postJson(keysPath, TestService.BOOTSTRAP_KEY, ""), 400, "body", "required");
    }

    @Test
    void a_body_that_is_not_json_answers_415() {
        assertProblem(client.post(keysPath, TestService.BOOTSTRAP_KEY, "text/plain", "name=bob"), 415, null, null);
    }

    @Test
    void a_body_over_the_limit_answers_413() {
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY, huge), 413, null, null);
    }

    @Test
    void an_unknown_route_answers_404_problem() {
        assertProblem(client.get("/api/v1/nothing-here", TestService.BOOTSTRAP_KEY), 404, null, null);
        assertProblem(client.get("/nothing-here", null), 404, null, null);
    }

    @Test
    void a_malformed_path_id_answers_400_naming_it() {
        assertProblem(client.get("/api/v1/projects/not-a-uuid/keys", TestService.BOOTSTRAP_KEY), 400, "projectId", "UUID");
        assertProblem(client.delete(keysPath + "/42", TestService.BOOTSTRAP_KEY), 400, "keyId", "UUID");
    }

    @Test
    void an_unknown_project_or_key_answers_404() {
        String missing = "/api/v1/projects/00000000-0000-0000-0000-000000000001/keys";
        assertProblem(client.get(missing, TestService.BOOTSTRAP_KEY), 404, null, null);
        assertProblem(client.delete(keysPath + "/00000000-0000-0000-0000-000000000002", TestService.BOOTSTRAP_KEY),
                404, null, null);
    }

    @Test
    void a_malformed_authorization_header_answers_401() {
        ApiClient.Response response = client.send(client.request("/api/v1/projects", null)
                .header("Authorization", "Basic dXNlcjpwYXNz").GET().build());
        assertProblem(response, 401, null, null);
    }
}
