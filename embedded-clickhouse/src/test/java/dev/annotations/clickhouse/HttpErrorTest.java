package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.params;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Errors answer as a ClickHouse server answers them: a non-2xx status chosen by the error code, the
 * code in {@code X-ClickHouse-Exception-Code}, and a body starting {@code Code: N. DB::Exception:}.
 * Clients (the JDBC driver, Grafana) parse exactly these.
 */
class HttpErrorTest {
    private static EmbeddedClickHouse clickHouse;
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        clickHouse = SharedEngine.get();
        http = ClickHouseHttp.of(clickHouse);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SELEC 1                               | 400 | 62  | Syntax error
            SELECT * FROM no_such_table           | 404 | 60  | no_such_table
            SELECT * FROM no_such_db.t            | 404 | 81  | no_such_db
            SELECT no_such_function()             | 404 | 46  | no_such_function
            SELECT {x:UInt8}                      | 400 | 456 | x
            SELECT throwIf(1, 'custom failure')   | 500 | 395 | custom failure
            """)
    void a_failing_query_answers_the_status_the_code_and_the_message(String sql, int status, int code, String text) {
        HttpResponse<byte[]> response = http.get("query", sql);

        assertError(response, status, code);
        assertThat(text(response)).contains(text);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            compress         | 1   | 501 | 48 | compress=false
            decompress       | 1   | 501 | 48 | compress=false
            session_timeout  | abc | 400 | 36 | session_timeout
            user             | eve | 401 | 516 | Authentication failed
            """)
    void a_refused_request_parameter_answers_the_status_the_code_and_the_reason(String name, String value, int status,
                                                                              int code, String reason) {
        HttpResponse<byte[]> response = http.get("query", "SELECT 1", name, value);

        assertError(response, status, code);
        assertThat(text(response)).contains(reason);
    }

    @Test
    void an_unsupported_content_encoding_answers_501_with_code_48() {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/", params("query", "SELECT 1")))
                .header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertError(response, 501, 48);
        assertThat(text(response)).contains("gzip");
    }

    @Test
    void a_path_other_than_root_answers_404_naming_the_path_as_a_server_does() {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/play", params("query", "SELECT 1"))));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).isEmpty();
        assertThat(text(response)).startsWith("There is no handle /play");
    }

    @Test
    void a_JDBC_url_left_with_compression_on_fails_with_a_message_that_says_how_to_fix_it() {
        String withDriverDefaults = clickHouse.jdbcUrl("default").replace("?compress=false", "");

        assertThatThrownBy(() -> {
            try (Connection connection = DriverManager.getConnection(withDriverDefaults, Jdbc.properties(clickHouse));
                 Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1");
            }
        })
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(48);
                    assertThat(e.getMessage()).contains("compress=false");
                });
    }

    @Test
    void an_error_keeps_the_query_id_so_it_can_be_traced() {
        HttpResponse<byte[]> response = http.get("query", "SELEC 1", "query_id", "failing-query-1");

        assertThat(header(response, "X-ClickHouse-Query-Id")).isEqualTo("failing-query-1");
    }

    private static void assertError(HttpResponse<byte[]> response, int status, int code) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo(Integer.toString(code));
        assertThat(text(response)).startsWith("Code: " + code + ". DB::Exception:");
    }
}
