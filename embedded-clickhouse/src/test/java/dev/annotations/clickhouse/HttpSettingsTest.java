package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * URL parameters that are not reserved are query settings, valid for their request only. The engine's
 * connections keep state between requests, so the front must undo a setting a later request omits.
 */
class HttpSettingsTest {
    /** More requests than the pool has connections (four, handed out in turn), so every connection is hit. */
    private static final int EVERY_CONNECTION = 8;
    private static final String MAX_THREADS = "SELECT value, changed FROM system.settings WHERE name = 'max_threads'";

    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        http = ClickHouseHttp.of(SharedEngine.get());
    }

    @Test
    void a_URL_setting_applies_to_its_request() {
        assertThat(http.query("SELECT getSetting('max_threads')", "max_threads", "1")).isEqualTo("1\n");
        assertThat(http.query(MAX_THREADS, "max_threads", "1")).isEqualTo("1\t1\n");
    }

    @Test
    void a_setting_is_back_to_its_default_on_every_later_request_that_omits_it() {
        http.query("SELECT 1", "max_threads", "1", "max_result_rows", "12345");

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT changed FROM system.settings WHERE name IN ('max_threads', 'max_result_rows')"))
                    .as("request %d", i).isEqualTo("0\n0\n");
        }
    }

    @Test
    void a_setting_changed_between_requests_takes_the_new_value() {
        for (int i = 1; i <= EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT getSetting('max_threads')", "max_threads", Integer.toString(i)))
                    .isEqualTo(i + "\n");
        }
    }

    @Test
    void a_setting_value_with_quotes_and_backslashes_arrives_unchanged() {
        String comment = "it's a \\ 'quoted' value; SET readonly = 1 --";

        assertThat(http.query("SELECT getSetting('log_comment') = {expected:String}",
                "log_comment", comment, "param_expected", comment.replace("\\", "\\\\"))).isEqualTo("1\n");
        assertThat(http.query("SELECT getSetting('readonly')")).isEqualTo("0\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no_such_setting", "max_threads; DROP TABLE x", "bad-name"})
    void an_unknown_setting_answers_400_with_code_115(String name) {
        HttpResponse<byte[]> response = http.get("query", "SELECT 1", name, "1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("115");
        assertThat(text(response)).startsWith("Code: 115. DB::Exception:").contains("UNKNOWN_SETTING");
    }

    @Test
    void a_failed_setting_leaves_no_setting_behind_on_the_connection() {
        for (int i = 0; i < EVERY_CONNECTION; i++) {
            // max_threads is valid and set in the same SET as the bad one; neither may stick
            http.get("query", "SELECT 1", "max_threads", "1", "no_such_setting", "1");
        }

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query(MAX_THREADS).split("\t")[1]).as("request %d", i).isEqualTo("0\n");
        }
    }

    @Test
    void a_bad_setting_value_answers_an_error_and_the_next_request_is_clean() {
        HttpResponse<byte[]> response = http.get("query", "SELECT 1", "max_threads", "lots");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("27");
        assertThat(text(response)).startsWith("Code: 27. DB::Exception:").contains("lots");
        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT 1")).isEqualTo("1\n");
        }
    }

    @Test
    void an_INSERT_gets_its_URL_settings_through_its_own_statement_and_leaves_none_on_the_connection() {
        http.query("CREATE TABLE IF NOT EXISTS insert_settings (n UInt8) ENGINE = MergeTree ORDER BY n");
        String oneBadRow = "INSERT INTO insert_settings FORMAT JSONEachRow\n{\"n\":1}\n{\"n\":\"not a number\"}\n";

        assertThat(http.post(oneBadRow).statusCode()).as("without the setting").isNotEqualTo(200);
        HttpResponse<byte[]> tolerated = http.post(oneBadRow, "input_format_allow_errors_num", "1");

        assertThat(tolerated.statusCode()).as(text(tolerated)).isEqualTo(200);
        assertThat(http.query("SELECT count() FROM insert_settings")).isEqualTo("1\n");
        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT changed FROM system.settings WHERE name = 'input_format_allow_errors_num'"))
                    .as("request %d", i).isEqualTo("0\n");
        }
    }

    @Test
    void an_INSERT_with_its_own_SETTINGS_clause_gets_those_and_its_URL_settings() {
        http.query("CREATE TABLE IF NOT EXISTS insert_own_settings (n UInt8) ENGINE = MergeTree ORDER BY n");
        String twoBadRows = "INSERT INTO insert_own_settings SETTINGS input_format_allow_errors_num = 1 FORMAT JSONEachRow\n"
                + "{\"n\":1}\n{\"n\":\"x\"}\n{\"n\":\"y\"}\n";

        assertThat(http.post(twoBadRows).statusCode()).as("one error allowed, two in the data").isNotEqualTo(200);
        HttpResponse<byte[]> tolerated = http.post(twoBadRows, "input_format_allow_errors_ratio", "0.9");

        assertThat(tolerated.statusCode()).as(text(tolerated)).isEqualTo(200);
        assertThat(http.query("SELECT count() FROM insert_own_settings")).isEqualTo("1\n");
    }
}
