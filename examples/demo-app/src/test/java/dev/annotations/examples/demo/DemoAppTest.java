package dev.annotations.examples.demo;

import io.javalin.Javalin;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The app without an agent: it answers, and feedback is a no-op that still validates its input. */
class DemoAppTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = DemoApp.create(new ChatController(OpenTelemetry.noop().getTracer("test"), new Assistant()),
                new FeedbackController()).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void POST_chat_answers_and_accepts_an_inline_rating() throws Exception {
        HttpResponse<String> response = post("/chat", "{\"question\":\"What is it?\",\"userId\":\"u-1\",\"rating\":4}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"answer\":\"You asked: What is it?. The short answer is 42.\"")
                .contains("\"responseId\":\"resp-");
    }

    @Test
    void POST_chat_without_a_question_answers_400() throws Exception {
        assertThat(post("/chat", "{\"question\":\" \"}").statusCode()).isEqualTo(400);
    }

    @Test
    void POST_feedback_with_a_returned_trace_context_is_accepted() throws Exception {
        HttpResponse<String> response = post("/feedback", "{\"trace\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
                + "\"name\":\"thumbs\",\"value\":1,\"label\":\"up\",\"comment\":\"great\",\"userId\":\"u-1\"}");

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void POST_feedback_with_a_malformed_trace_context_answers_400_naming_it() throws Exception {
        HttpResponse<String> response = post("/feedback", "{\"trace\":\"00-not-a-trace\",\"name\":\"thumbs\",\"value\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid trace context '00-not-a-trace'");
    }

    @Test
    void POST_feedback_with_an_empty_name_answers_400() throws Exception {
        HttpResponse<String> response = post("/feedback",
                "{\"trace\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"name\":\"\",\"value\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("name must not be null or blank");
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
