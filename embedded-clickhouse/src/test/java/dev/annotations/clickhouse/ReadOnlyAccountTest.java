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
 * A read-only account (Grafana's) runs under the engine's own {@code readonly = 1}: reads pass, with the
 * {@code max_execution_time} Grafana sends; every write, schema change and setting change answers the
 * server's READONLY error (164, HTTP 403); and the read-only state never leaks to the next request of a
 * pooled connection.
 */
class ReadOnlyAccountTest {
    private static ClickHouseHttp grafana;
    private static ClickHouseHttp writer;

    @BeforeAll
    static void createTable() {
        SharedEngine.get();
        grafana = SharedEngine.published(SharedEngine.GRAFANA);
        writer = SharedEngine.published(SharedEngine.PUBLISHER);
        writer.query("CREATE TABLE IF NOT EXISTS readonly_scores (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        writer.query("INSERT INTO readonly_scores VALUES (1, 'helpful'), (2, 'correct')");
    }

    @Test
    void a_read_with_grafanas_max_execution_time_passes() {
        HttpResponse<byte[]> response = grafana.post("SELECT count() FROM readonly_scores FORMAT JSONCompact",
                "max_execution_time", "30", "default_format", "JSONCompact");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).contains("[2]");
        assertThat(grafana.query("SELECT count() FROM numbers(10)")).isEqualTo("10\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "INSERT INTO readonly_scores VALUES (3, 'forged')",
            "INSERT INTO readonly_scores FORMAT TSV\n4\tforged\n",
            "ALTER TABLE readonly_scores DELETE WHERE 1",
            "ALTER TABLE readonly_scores ADD COLUMN forged String",
            "DROP TABLE readonly_scores",
            "TRUNCATE TABLE readonly_scores",
            "CREATE TABLE forged (x Int8) ENGINE = Memory",
            "RENAME TABLE readonly_scores TO forged",
            "SET max_threads = 1",
            "SET readonly = 0",
            "SELECT 1 SETTINGS readonly = 0",
            "SELECT 1 SETTINGS max_memory_usage = 1"})
    void a_write_a_schema_change_or_a_setting_change_answers_the_servers_readonly_error(String sql) {
        HttpResponse<byte[]> response = grafana.post(sql);

        assertReadOnlyError(response);
        assertThat(writer.query("SELECT groupArray(name) FROM (SELECT name FROM readonly_scores ORDER BY id)"))
                .isEqualTo("['helpful','correct']\n");
    }

    @Test
    void a_setting_in_the_url_other_than_a_limit_on_the_query_is_refused() {
        assertReadOnlyError(grafana.get("query", "SELECT 1", "max_threads", "1"));
        assertReadOnlyError(grafana.get("query", "SELECT 1", "readonly", "0"));
    }

    @Test
    void sessions_are_not_open_to_a_read_only_account() {
        HttpResponse<byte[]> response = grafana.get("query", "SELECT 1", "session_id", "grafana-session");

        assertReadOnlyError(response);
        assertThat(text(response)).contains("sessions");
    }

    @Test
    void after_read_only_requests_every_pooled_connection_still_writes() {
        for (int i = 0; i < 8; i++) {
            assertThat(grafana.query("SELECT 1")).isEqualTo("1\n");
        }
        writer.query("CREATE TABLE IF NOT EXISTS readonly_after (x UInt32) ENGINE = MergeTree ORDER BY x");
        for (int i = 0; i < 8; i++) {
            HttpResponse<byte[]> insert = writer.post("INSERT INTO readonly_after VALUES (" + i + ")");
            assertThat(insert.statusCode()).as(text(insert)).isEqualTo(200);
        }
        assertThat(writer.query("SELECT count() FROM readonly_after")).isNotEqualTo("0\n");
    }

    private static void assertReadOnlyError(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(403);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("164");
        assertThat(text(response)).startsWith("Code: 164. DB::Exception:").contains("(READONLY)");
    }
}
