package dev.annotations.examples.demo;

import io.javalin.Javalin;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The browser feedback page: configured, it imports annotation-api's module with the key; otherwise 404. */
class FeedbackPageTest {
    private static final String KEY = "ak_" + "a".repeat(40);

    @Test
    void GET_root_serves_the_page_with_the_service_url_and_key() throws Exception {
        HttpResponse<String> page = get(new FeedbackPage("http://127.0.0.1:8080", KEY));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-annotations=\"http://127.0.0.1:8080\"").contains("data-key=\"" + KEY + "\"")
                .contains("/ui/feedback.js").contains("id=\"thumbs-up\"");
    }

    @Test
    void GET_root_without_configuration_says_what_to_set() throws Exception {
        HttpResponse<String> page = get(new FeedbackPage(null, null));

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("DEMO_ANNOTATION_URL").contains("DEMO_FEEDBACK_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "http://x\"onload=\"y", "http://host/path"})
    void a_url_that_would_need_escaping_in_the_page_is_refused(String url) {
        assertThatThrownBy(() -> new FeedbackPage(url, KEY)).hasMessageContaining("DEMO_ANNOTATION_URL");
    }

    private static HttpResponse<String> get(FeedbackPage page) throws Exception {
        Javalin app = DemoApp.create(new ChatController(OpenTelemetry.noop().getTracer("test"), new Assistant()),
                new FeedbackController(), page).start("127.0.0.1", 0);
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            app.stop();
        }
    }
}
