package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.params;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15: {@code DROP TABLE … SYNC} used to hang for good in chDB, holding an engine connection.
 * Now it returns at once and the table is gone. The bound below is generous; the statement takes
 * milliseconds, and without the fix it never returns at all.
 */
class SynchronousDropHttpTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static ClickHouseHttp http;
    private static EmbeddedClickHouse engine;

    @BeforeAll
    static void connect() {
        engine = SharedEngine.get();
        http = ClickHouseHttp.of(engine);
    }

    @Test
    void DROP_TABLE_SYNC_returns_and_the_name_is_free_again() {
        http.query("CREATE TABLE sync_dropped (x UInt32) ENGINE = MergeTree ORDER BY x");
        http.query("INSERT INTO sync_dropped VALUES (1)");

        HttpResponse<byte[]> drop = bounded("DROP TABLE sync_dropped SYNC");

        assertThat(drop.statusCode()).as(text(drop)).isEqualTo(200);
        assertThat(http.query("EXISTS TABLE sync_dropped")).isEqualTo("0\n");
        http.query("CREATE TABLE sync_dropped (x UInt32) ENGINE = MergeTree ORDER BY x");
        assertThat(http.query("SELECT count() FROM sync_dropped")).isEqualTo("0\n");
        assertThat(bounded("DROP TABLE IF EXISTS sync_dropped NO DELAY").statusCode()).isEqualTo(200);
    }

    @Test
    void DROP_DATABASE_SYNC_with_tables_in_it_returns() {
        http.query("CREATE DATABASE sync_dropped_db");
        http.query("CREATE TABLE sync_dropped_db.t (x UInt32) ENGINE = MergeTree ORDER BY x");

        HttpResponse<byte[]> drop = bounded("DROP DATABASE sync_dropped_db SYNC");

        assertThat(drop.statusCode()).as(text(drop)).isEqualTo(200);
        assertThat(http.query("EXISTS DATABASE sync_dropped_db")).isEqualTo("0\n");
    }

    @Test
    void a_direct_DROP_TABLE_SYNC_returns_too() {
        engine.directQuery("CREATE TABLE sync_dropped_direct (x UInt32) ENGINE = Memory");

        engine.directQuery("DROP TABLE sync_dropped_direct SYNC");

        assertThat(engine.directQuery("EXISTS TABLE sync_dropped_direct")).isEqualTo("0\n");
    }

    @Test
    void the_setting_that_makes_every_drop_wait_is_refused() {
        http.query("CREATE TABLE sync_setting (x UInt32) ENGINE = Memory");

        HttpResponse<byte[]> drop = http.get("query", "DROP TABLE sync_setting",
                "database_atomic_wait_for_drop_and_detach_synchronously", "1");

        assertThat(drop.statusCode()).as(text(drop)).isEqualTo(501);
        assertThat(header(drop, "X-ClickHouse-Exception-Code")).isEqualTo("48");
        assertThat(http.query("EXISTS TABLE sync_setting")).isEqualTo("1\n");
    }

    private static HttpResponse<byte[]> bounded(String sql) {
        return http.send(HttpRequest.newBuilder(http.uri("/", params()))
                .timeout(BOUND)
                .POST(HttpRequest.BodyPublishers.ofString(sql)));
    }
}
