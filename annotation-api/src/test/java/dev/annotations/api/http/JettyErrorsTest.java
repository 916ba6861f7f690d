package dev.annotations.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.UnknownFieldSet;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.RawHttp;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors Jetty and the router answer before any controller runs — unreadable URIs, oversized URIs and
 * headers, conflicting framing, unknown routes, wrong methods — are problem+json like every other error,
 * and under the OTLP receiver's {@code /v1/*} a {@code google.rpc.Status} in the request's encoding.
 */
class JettyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AnnotationService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        port = service.port();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A problem+json body with type, title, status and detail, and nothing of Jetty's HTML or Java's internals. */
    static JsonNode assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json(response.text());
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(response.text()).doesNotContain("<html").doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/%00", "/api/v1/scores/%00", "/api/v1/scores/%ff", "/api/v1/scores/%C0%AF", "/docs%fe"})
    void a_path_that_is_not_valid_percent_encoded_utf8_answers_400_problem_json(String path) {
        assertProblem(RawHttp.get(port, path), 400);
    }

    @Test
    void invalid_utf8_in_the_path_names_the_encoding_as_the_reason() {
        assertThat(assertProblem(RawHttp.get(port, "/api/v1/scores/%ff"), 400).get("detail").asText())
                .isEqualTo("Bad UTF-8 encoding");
    }

    @Test
    void a_uri_over_jettys_limit_answers_414_problem_json() {
        assertProblem(RawHttp.get(port, "/api/v1/scores?name=" + "a".repeat(20_000)), 414);
    }

    @Test
    void headers_over_jettys_limit_answer_431_problem_json() {
        assertProblem(RawHttp.send(port, "GET /api/v1/scores HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "b".repeat(20_000)), 431);
    }

    @Test
    void conflicting_or_broken_framing_headers_answer_400_problem_json() {
        assertProblem(RawHttp.send(port, "POST /api/v1/scores HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 5", "0\r\n\r\n".getBytes()), 400);
        assertProblem(RawHttp.send(port, "POST /api/v1/scores HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc"), 400);
        assertProblem(RawHttp.send(port, "GET /api/v1/scores HTTP/1.1\r\nHost: a\r\nHost: b"), 400);
        assertProblem(RawHttp.send(port, "GARBAGE"), 400);
    }

    @Test
    void a_known_path_with_another_method_answers_405_with_allow() {
        RawHttp.Response response = RawHttp.send(port, "DELETE /api/v1/scores HTTP/1.1\r\nHost: localhost");

        assertProblem(response, 405);
        // OPTIONS: the CORS preflight of browser feedback (answered for ANNOTATION_CORS_ORIGINS only)
        assertThat(response.header("Allow")).isEqualTo("GET, POST, OPTIONS");
    }

    @Test
    void an_unknown_method_answers_405_problem_json() {
        assertProblem(RawHttp.send(port, "BREW /api/v1/scores HTTP/1.1\r\nHost: localhost"), 405);
    }

    @Test
    void an_unknown_route_answers_404_problem_json() {
        assertProblem(RawHttp.get(port, "/api/v1/nothing"), 404);
        assertProblem(RawHttp.send(port, "OPTIONS * HTTP/1.1\r\nHost: localhost"), 404);
    }

    @Test
    void a_head_request_for_a_broken_uri_answers_the_status_without_a_body() {
        RawHttp.Response response = RawHttp.send(port, "HEAD /api/v1/%ff HTTP/1.1\r\nHost: localhost");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void under_v1_an_unknown_route_answers_an_otlp_status_in_the_requests_encoding() throws IOException {
        RawHttp.Response json = RawHttp.send(port, "POST /v1/metrics HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2", "{}".getBytes());
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json(json.text()).get("code").asInt()).as("NOT_FOUND").isEqualTo(5);

        RawHttp.Response protobuf = RawHttp.send(port, "POST /v1/metrics HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-protobuf\r\nContent-Length: 0");
        assertThat(protobuf.status()).isEqualTo(404);
        assertThat(protobuf.header("Content-Type")).startsWith("application/x-protobuf");
        UnknownFieldSet status = UnknownFieldSet.parseFrom(protobuf.body());
        assertThat(status.getField(1).getVarintList()).containsExactly(5L);
        assertThat(status.getField(2).getLengthDelimitedList().getFirst().toStringUtf8()).contains("/v1/metrics");
    }

    @Test
    void under_v1_a_wrong_method_answers_405_as_an_otlp_status() {
        RawHttp.Response response = RawHttp.get(port, "/v1/traces");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
        assertThat(json(response.text()).get("code").asInt()).as("UNIMPLEMENTED").isEqualTo(12);
    }

    @Test
    void under_v1_jettys_own_errors_answer_an_otlp_status() {
        RawHttp.Response badUri = RawHttp.get(port, "/v1/%ff");
        assertThat(badUri.status()).isEqualTo(400);
        assertThat(json(badUri.text()).get("code").asInt()).as("INVALID_ARGUMENT").isEqualTo(3);

        RawHttp.Response bigHeaders = RawHttp.send(port, "POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nX-Padding: " + "b".repeat(20_000));
        assertThat(bigHeaders.status()).isEqualTo(431);
        assertThat(json(bigHeaders.text()).get("code").asInt()).as("RESOURCE_EXHAUSTED").isEqualTo(8);
    }

    @Test
    void a_request_line_jetty_cannot_read_answers_problem_json_even_under_v1() {
        // the path is unknown when the URI is too long to read, so the form cannot follow it
        assertProblem(RawHttp.get(port, "/v1/" + "a".repeat(20_000)), 414);
    }
}
