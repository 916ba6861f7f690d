package dev.annotations.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FEEDBACK key is safe to put in a public web page: it creates FEEDBACK scores and does nothing else,
 * within its rate; pages of the configured origins may call it, others get no CORS answer; the browser
 * module is served to any origin.
 */
class FeedbackKeyTest {
    private static final String ALLOWED = "http://shop.example:8000";
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;
    private static final String TRACE = UUID.randomUUID().toString().replace("-", "");
    private static final String SPAN = TRACE.substring(16);
    /** One score per minute: the second at once is refused unless a whole minute passed (a generous bound). */
    private static final TestClock CLOCK = new TestClock();

    private static AnnotationService service;
    private static ApiClient client;
    private static String feedbackKey;
    private static String limitedKey;

    @BeforeAll
    static void start() {
        String database = TestService.freshDatabase();
        service = AnnotationService.start(TestService.config(database, SharedClickHouse.engine().jdbcUrl("default"),
                Map.of("ANNOTATION_CORS_ORIGINS", ALLOWED + ", https://other.example",
                        "ANNOTATION_FEEDBACK_RATE_PER_MINUTE", "1")), CLOCK, key -> {
            throw new AssertionError("a configured bootstrap key must not be replaced");
        });
        client = new ApiClient(service.port());
        String project = client.get("/api/v1/projects", ADMIN).json().get("items").get(0).get("id").asText();
        feedbackKey = key(project, "web-shop");
        limitedKey = key(project, "web-shop-2");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String key(String project, String name) {
        ApiClient.Response issued = client.postJson("/api/v1/projects/" + project + "/keys", ADMIN,
                "{\"name\":\"" + name + "\",\"role\":\"FEEDBACK\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("key").asText();
    }

    private static String thumbsUp(String author) {
        return "{\"name\":\"thumbs\",\"value\":1,\"author\":\"" + author + "\",\"target\":{\"type\":\"SPAN\",\"traceId\":\""
                + TRACE + "\",\"spanId\":\"" + SPAN + "\"}}";
    }

    @Test
    void a_feedback_key_creates_a_feedback_score_and_the_source_defaults_to_feedback() {
        CLOCK.advance(Duration.ofMinutes(2));
        ApiClient.Response stored = client.postJson("/api/v1/scores", feedbackKey, thumbsUp("user-1"));

        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(stored.json().get("source").asText()).isEqualTo("FEEDBACK");
        assertThat(stored.json().get("author").asText()).isEqualTo("user-1");
        JsonNode listed = client.get("/api/v1/scores?traceId=" + TRACE + "&source=FEEDBACK", ADMIN).json().get("items");
        assertThat(listed).anySatisfy(score -> assertThat(score.get("author").asText()).isEqualTo("user-1"));
    }

    @Test
    void a_feedback_key_may_not_record_another_source() {
        CLOCK.advance(Duration.ofMinutes(2));
        ApiClient.Response refused = client.postJson("/api/v1/scores", feedbackKey,
                thumbsUp("user-2").replace("\"name\"", "\"source\":\"API\",\"name\""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("source");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/v1/scores", "GET, /api/v1/me", "GET, /api/v1/projects", "GET, /api/v1/spans",
            "GET, /api/v1/score-configs", "POST, /api/v1/scores/batch", "PATCH, /api/v1/scores/" + "00000000-0000-0000-0000-000000000001",
            "DELETE, /api/v1/scores/00000000-0000-0000-0000-000000000001", "POST, /v1/traces", "GET, /api/v1/queues"})
    void a_feedback_key_may_do_nothing_but_create_scores(String method, String path) {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        ApiClient.Response answer = client.send(client.request(path, feedbackKey).header("Content-Type", "application/json")
                .method(method, body).build());

        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
    }

    @Test
    void a_feedback_key_over_its_rate_answers_429_with_retry_after_and_recovers_once_the_minute_passed() {
        assertThat(client.postJson("/api/v1/scores", limitedKey, thumbsUp("user-3")).status()).isEqualTo(201);

        ApiClient.Response limited = client.postJson("/api/v1/scores", limitedKey, thumbsUp("user-4"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(client.postJson("/api/v1/scores", limitedKey, thumbsUp("user-4")).status()).isEqualTo(201);
    }

    @Test
    void a_preflight_from_an_allowed_origin_is_answered_and_from_another_it_is_not() {
        ApiClient.Response allowed = preflight(ALLOWED);
        ApiClient.Response other = preflight("http://evil.example");

        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(allowed.header("Access-Control-Allow-Headers")).contains("Authorization").contains("Content-Type");
        assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(other.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void the_answer_to_an_allowed_origins_post_names_that_origin() {
        CLOCK.advance(Duration.ofMinutes(2));
        ApiClient.Response stored = client.send(client.request("/api/v1/scores", feedbackKey).header("Origin", ALLOWED)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(thumbsUp("user-5"))).build());

        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(stored.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(stored.header("Vary")).contains("Origin");
    }

    @Test
    void the_browser_module_is_served_to_any_origin_and_stays_under_3_kb() {
        ApiClient.Response script = client.get("/ui/feedback.js", null);

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(script.raw().body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(3 * 1024);
        assertThat(script.body()).contains("export async function sendFeedback").doesNotContainPattern("(?m)^import ");
    }

    private static ApiClient.Response preflight(String origin) {
        return client.send(client.request("/api/v1/scores", null).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }
}
