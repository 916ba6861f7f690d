package dev.annotations.api.ui;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** How the service serves the UI's built assets: public, single-page deep links, security headers, caching. */
class UiRoutesTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"/ui", "/ui/", "/ui/queues/0b7f1f0e-4e77-4a41-9a55-2f5ac1d4a001",
            "/ui/queues/0b7f1f0e-4e77-4a41-9a55-2f5ac1d4a001/review", "/ui/traces/4bf92f3577b34da6a3ce929d0e0e4736",
            "/ui/sessions/chat-42", "/ui/spans", "/ui/admin/configs", "/ui/admin/keys"})
    void every_screen_path_answers_the_app_without_a_key_and_with_the_security_headers(String path) {
        ApiClient.Response page = client.get(path, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"app\">").doesNotContain("<script>");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void the_bundle_named_by_the_page_is_served_compressed_and_cached_for_good() {
        String page = client.get("/ui", null).body();
        Matcher script = Pattern.compile("src=\"(/ui/app-[A-Z0-9]+\\.js)\"").matcher(page);
        Matcher style = Pattern.compile("href=\"(/ui/app-[A-Z0-9]+\\.css)\"").matcher(page);
        assertThat(script.find()).as(page).isTrue();
        assertThat(style.find()).as(page).isTrue();
        HttpResponse<byte[]> js = send(script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(js.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(client.get(style.group(1), null).header("Content-Type")).startsWith("text/css");
    }

    @Test
    void an_unknown_asset_is_a_404_not_the_app() {
        ApiClient.Response missing = client.get("/ui/app-MISSING.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("<div id=\"app\">");
    }

    @Test
    void the_root_redirects_to_the_ui() {
        ApiClient.Response root = client.get("/", null);
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location")).isEqualTo("/ui");
    }

    @Test
    void the_api_still_needs_a_key_and_answers_problem_json_next_to_the_ui() {
        ApiClient.Response api = client.get("/api/v1/queues", null);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(client.get("/nothing-here", null).header("Content-Type")).startsWith("application/problem+json");
    }

    private static HttpResponse<byte[]> send(String path) {
        HttpRequest request = client.request(path, null).header("Accept-Encoding", "gzip").GET().build();
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
