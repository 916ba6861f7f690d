package dev.annotations.api.http;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON body is read only when it says it is JSON — {@code application/json}, optionally with
 * {@code charset=utf-8} — and only when it is unambiguous: a field twice in one object is refused, naming it.
 */
class StrictJsonTest {
    private static final String PROJECTS = "/api/v1/projects";
    private static AnnotationService service;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON; CHARSET=UTF-8",
            "application/json;charset=\"utf-8\"", "Application/Json"})
    void json_with_or_without_a_utf8_charset_is_read(String contentType) {
        ApiClient.Response response = client.post(PROJECTS, TestService.BOOTSTRAP_KEY, contentType, "{\"name\":\"media\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/jsonx", "application/json-seq", "application/json; charset=iso-8859-1",
            "application/json; profile=x", "application/merge-patch+json", "application/problem+json", "text/json",
            "application/x-www-form-urlencoded", "json"})
    void any_other_media_type_answers_415_problem_json(String contentType) {
        ApiClient.Response response = client.post(PROJECTS, TestService.BOOTSTRAP_KEY, contentType, "{\"name\":\"media\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("application/json").contains(contentType);
    }

    @Test
    void a_malformed_charset_parameter_answers_415_not_500() {
        ApiClient.Response response = client.post(PROJECTS, TestService.BOOTSTRAP_KEY, "application/json; charset=\"",
                "{\"name\":\"media\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void an_error_on_a_request_with_a_malformed_charset_is_still_problem_json() {
        ApiClient.Response response = client.send(client.request("/api/v1/scores/not-a-uuid", TestService.BOOTSTRAP_KEY)
                .header("Content-Type", "application/json; charset=\"").GET().build());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void an_otlp_export_with_a_malformed_charset_parameter_is_read_as_json() {
        ApiClient.Response response = client.post("/v1/traces", TestService.BOOTSTRAP_KEY, "application/json; charset=\"", "{}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void a_body_without_a_content_type_answers_415() {
        ApiClient.Response response = client.post(PROJECTS, TestService.BOOTSTRAP_KEY, null, "{\"name\":\"media\"}");

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void a_field_given_twice_answers_400_naming_it() {
        ApiClient.Response response = client.postJson(PROJECTS, TestService.BOOTSTRAP_KEY,
                "{\"name\":\"first\",\"name\":\"second\"}");

        assertFieldError(response, "name");
    }

    @Test
    void a_nested_field_given_twice_answers_400_naming_its_path() {
        ApiClient.Response response = client.postJson("/api/v1/scores", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"quality\",\"value\":1,\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\","
                        + "\"traceId\":\"fedcba9876543210fedcba9876543210\"}}");

        assertFieldError(response, "target.traceId");
    }

    @Test
    void a_field_given_twice_in_a_batch_item_answers_400_naming_the_item() {
        String score = "{\"name\":\"quality\",\"value\":1,\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"}}";
        String twice = "{\"name\":\"quality\",\"value\":1,\"value\":5,\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"}}";
        ApiClient.Response response = client.postJson("/api/v1/scores/batch", TestService.BOOTSTRAP_KEY,
                "{\"scores\":[" + score + "," + twice + "]}");

        assertFieldError(response, "scores[1].value");
    }

    private static void assertFieldError(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("message").asText()).contains("more than once");
    }
}
