package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a session, a ClickHouse server forgets everything a request changed (SET, USE, temporary
 * tables) when the request ends. The embedded engine serves requests from a few long-lived connections,
 * so nothing one request or direct call leaves on a connection may reach the next one.
 */
class ConnectionIsolationTest {
    /** More calls than the pool has connections (four, handed out in turn), so every connection is hit. */
    private static final int EVERY_CONNECTION = 8;

    private static EmbeddedClickHouse clickHouse;
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        clickHouse = SharedEngine.get();
        http = ClickHouseHttp.of(clickHouse);
        clickHouse.directQuery("CREATE DATABASE IF NOT EXISTS isolation_db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"USE isolation_db", "  use isolation_db;", "-- switch\n/* now */ USE isolation_db"})
    void USE_without_a_session_does_not_move_later_requests(String use) {
        assertThat(http.post(use).statusCode()).isEqualTo(200);

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT currentDatabase()")).as("request %d", i).isEqualTo("default\n");
        }
    }

    @Test
    void SET_without_a_session_does_not_reach_later_requests() {
        assertThat(http.post("SET max_threads = 1, max_result_rows = 777").statusCode()).isEqualTo(200);

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(http.query("SELECT changed FROM system.settings WHERE name IN ('max_threads', 'max_result_rows')"))
                    .as("request %d", i).isEqualTo("0\n0\n");
        }
    }

    @Test
    void a_temporary_table_without_a_session_is_gone_after_its_request() {
        assertThat(http.post("CREATE TEMPORARY TABLE isolation_tmp (n UInt8)").statusCode()).isEqualTo(200);

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            HttpResponse<byte[]> response = http.get("query", "SELECT count() FROM isolation_tmp");
            assertThat(header(response, "X-ClickHouse-Exception-Code")).as("request %d", i).isEqualTo("60");
        }
    }

    @Test
    void direct_calls_run_in_the_default_database_after_http_requests_used_another() {
        for (int i = 0; i < EVERY_CONNECTION; i++) {
            http.query("SELECT 1", "database", "isolation_db", "max_threads", "1");
        }

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(clickHouse.directQuery("SELECT currentDatabase(), getSetting('max_threads') != 1"))
                    .as("call %d", i).isEqualTo("default\t1\n");
        }
    }

    @Test
    void a_direct_USE_or_SET_does_not_reach_later_calls_or_requests() {
        clickHouse.directQuery("USE isolation_db");
        clickHouse.directQuery("SET max_threads = 1");

        for (int i = 0; i < EVERY_CONNECTION; i++) {
            assertThat(clickHouse.directQuery("SELECT currentDatabase(), getSetting('max_threads') != 1"))
                    .as("call %d", i).isEqualTo("default\t1\n");
            assertThat(http.query("SELECT currentDatabase(), getSetting('max_threads') != 1"))
                    .as("request %d", i).isEqualTo("default\t1\n");
        }
    }
}
