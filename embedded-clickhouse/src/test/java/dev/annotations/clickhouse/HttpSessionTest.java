package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code session_id} keeps SET, USE and temporary tables from one request to the next, as on a server. */
class HttpSessionTest {
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        http = ClickHouseHttp.of(SharedEngine.get());
    }

    @Test
    void SET_in_a_session_holds_for_its_later_requests_and_nowhere_else() {
        String session = newSession();

        http.query("SET max_threads = 1", "session_id", session);

        assertThat(http.query("SELECT getSetting('max_threads')", "session_id", session)).isEqualTo("1\n");
        assertThat(http.query("SELECT changed FROM system.settings WHERE name = 'max_threads'", "session_id", newSession()))
                .isEqualTo("0\n");
        assertThat(http.query("SELECT changed FROM system.settings WHERE name = 'max_threads'")).isEqualTo("0\n");
    }

    @Test
    void USE_in_a_session_holds_for_its_later_requests() {
        String session = newSession();
        http.query("CREATE DATABASE IF NOT EXISTS session_db");

        http.query("USE session_db", "session_id", session);

        assertThat(http.query("SELECT currentDatabase()", "session_id", session)).isEqualTo("session_db\n");
        assertThat(http.query("SELECT currentDatabase()")).isEqualTo("default\n");
    }

    @Test
    void a_temporary_table_lives_in_its_session_only() {
        String session = newSession();

        http.query("CREATE TEMPORARY TABLE scratch (n UInt32)", "session_id", session);
        http.post("5\n6\n", "query", "INSERT INTO scratch FORMAT TSV", "session_id", session);

        assertThat(http.query("SELECT sum(n) FROM scratch", "session_id", session)).isEqualTo("11\n");
        HttpResponse<byte[]> elsewhere = http.get("query", "SELECT sum(n) FROM scratch", "session_id", newSession());
        assertThat(header(elsewhere, "X-ClickHouse-Exception-Code")).isEqualTo("60");
    }

    @Test
    void back_to_back_requests_of_one_session_never_find_it_locked() {
        String session = newSession();

        // statements with an empty answer reach the client soonest, before the server's own bookkeeping
        for (int i = 0; i < 200; i++) {
            assertThat(http.query("SET max_threads = " + (1 + i % 2), "session_id", session)).isEmpty();
            assertThat(http.query("SELECT getSetting('max_threads')", "session_id", session))
                    .isEqualTo((1 + i % 2) + "\n");
        }
    }

    @Test
    void session_check_on_an_unknown_session_answers_404_with_code_372() {
        HttpResponse<byte[]> response = http.get("query", "SELECT 1", "session_id", newSession(), "session_check", "1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("372");
        assertThat(text(response)).startsWith("Code: 372. DB::Exception:").contains("SESSION_NOT_FOUND");
    }

    @Test
    void session_check_on_a_known_session_runs_the_query() {
        String session = newSession();
        http.query("SELECT 1", "session_id", session);

        assertThat(http.query("SELECT 2", "session_id", session, "session_check", "1")).isEqualTo("2\n");
    }

    @Test
    void a_second_request_while_the_session_is_busy_answers_code_373() throws Exception {
        String session = newSession();
        http.query("SELECT 1", "session_id", session);
        CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(
                () -> http.get("query", "SELECT sleep(2)", "session_id", session));
        awaitRunning("SELECT sleep(2)");

        HttpResponse<byte[]> concurrent = http.get("query", "SELECT 1", "session_id", session);

        assertThat(header(concurrent, "X-ClickHouse-Exception-Code")).isEqualTo("373");
        assertThat(text(concurrent)).startsWith("Code: 373. DB::Exception:").contains("SESSION_IS_LOCKED");
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(http.query("SELECT 3", "session_id", session)).isEqualTo("3\n");
    }

    @Test
    void a_session_is_closed_after_its_timeout() throws Exception {
        String session = newSession();
        http.query("SELECT 1", "session_id", session, "session_timeout", "1");

        // A request to a session renews it for its own session_timeout, so each check waits out more than
        // that timeout plus the one-second sweep before asking again.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<byte[]> check;
        do {
            Thread.sleep(2_200);
            check = http.get("query", "SELECT 1", "session_id", session, "session_check", "1", "session_timeout", "1");
        } while (check.statusCode() == 200 && System.nanoTime() < deadline);

        assertThat(header(check, "X-ClickHouse-Exception-Code")).isEqualTo("372");
    }

    /** Waits until the engine lists {@code sql} as running (asked over another connection), so the session is busy. */
    private static void awaitRunning(String sql) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!http.query("SELECT count() FROM system.processes WHERE query = {sql:String}", "param_sql", sql)
                    .equals("0\n")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(sql + " never started");
    }

    private static String newSession() {
        return "test-" + UUID.randomUUID();
    }
}
