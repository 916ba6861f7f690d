package dev.annotations.api.http;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.RawHttp;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response carries the security headers — successes, errors, OTLP answers, the docs page and its
 * assets, and the errors Jetty answers itself — and {@code /api/*} answers are never cached; Swagger UI
 * still loads under its own policy.
 */
class SecurityHeadersTest {
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

    private static RawHttp.Response get(String path, String key) {
        return RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: localhost"
                + (key == null ? "" : "\r\nAuthorization: Bearer " + key));
    }

    private static void assertSecurityHeaders(RawHttp.Response response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/projects", "/api/v1/scores", "/api/v1/scores/not-a-uuid", "/api/v1/nothing",
            "/api/v1/scores/%ff"})
    void api_answers_carry_the_headers_and_are_never_cached(String path) {
        RawHttp.Response response = get(path, TestService.BOOTSTRAP_KEY);

        assertSecurityHeaders(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void an_unauthenticated_answer_carries_the_headers() {
        RawHttp.Response response = get("/api/v1/projects", null);

        assertThat(response.status()).isEqualTo(401);
        assertSecurityHeaders(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/ready", "/openapi.json", "/nothing", "/v1/traces", "/%00"})
    void other_answers_and_jetty_errors_carry_the_headers(String path) {
        assertSecurityHeaders(get(path, null));
    }

    @Test
    void an_otlp_answer_carries_the_headers() {
        RawHttp.Response response = RawHttp.send(port, "POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestService.BOOTSTRAP_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2", "{}".getBytes());

        assertThat(response.status()).isEqualTo(200);
        assertSecurityHeaders(response);
    }

    @Test
    void a_uri_too_long_to_read_still_gets_the_headers() {
        assertSecurityHeaders(get("/" + "a".repeat(20_000), null));
    }

    @Test
    void the_annotator_ui_gets_its_own_policy_from_the_same_place_its_errors_included() {
        for (String path : new String[]{"/ui", "/ui/queues", "/ui/%ff"}) {
            RawHttp.Response response = get(path, null);

            assertSecurityHeaders(response);
            assertThat(response.header("Content-Security-Policy")).as(path)
                    .isEqualTo(dev.annotations.api.ui.UiController.CONTENT_SECURITY_POLICY);
        }
    }

    @Test
    void the_docs_page_and_its_swagger_ui_assets_load_and_may_not_be_framed() {
        RawHttp.Response docs = get("/docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertSecurityHeaders(docs);
        // Swagger UI starts from an inline script and styles itself inline: no script or style restriction
        assertThat(docs.header("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");

        Matcher assets = Pattern.compile("(?:href|src)=\"(/webjars/[^\"]+)\"").matcher(docs.text());
        int found = 0;
        while (assets.find()) {
            RawHttp.Response asset = get(assets.group(1), null);
            assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).isNotEmpty();
            assertSecurityHeaders(asset);
            assertThat(asset.header("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
            found++;
        }
        assertThat(found).as("the page's stylesheet and script").isEqualTo(2);
    }
}
