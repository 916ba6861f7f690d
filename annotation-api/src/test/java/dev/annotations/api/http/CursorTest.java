package dev.annotations.api.http;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cursor is read back only as one this API can have returned: a time part outside what ClickHouse stores
 * (found by the fuzz test: a cursor of year 31 690 708 answered 503) is a 400 naming {@code cursor}.
 */
class CursorTest {
    private static AnnotationService service;
    private static ApiClient client;
    private static String queue;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        String config = client.postJson("/api/v1/score-configs", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"quality\",\"dataType\":\"NUMERIC\"}").json().get("id").asText();
        queue = client.postJson("/api/v1/queues", TestService.BOOTSTRAP_KEY, "{\"name\":\"q\",\"scoreConfigIds\":[\""
                + config + "\"],\"strategy\":\"MANUAL\",\"annotatorsPerItem\":1}").json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {999_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE, -2_208_988_800_001L, 10_413_792_000_000L})
    void a_cursor_time_no_stored_row_can_have_answers_400_on_every_list_keyed_by_time(long millis) {
        String cursor = Cursor.of(millis, UUID.randomUUID()).encode();
        for (String list : new String[]{"/api/v1/scores", "/api/v1/evaluation-rejections", "/api/v1/queues/" + queue + "/items"}) {
            ApiClient.Response response = client.get(list + "?cursor=" + cursor, TestService.BOOTSTRAP_KEY);

            assertThat(response.status()).as(list + ": " + response.body()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("cursor");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-2_208_988_800_000L, 0L, 10_413_791_999_999L})
    void a_cursor_time_within_what_clickhouse_stores_is_read(long millis) {
        String cursor = Cursor.of(millis, UUID.randomUUID()).encode();

        assertThat(client.get("/api/v1/scores?cursor=" + cursor, TestService.BOOTSTRAP_KEY).status()).isEqualTo(200);
    }
}
