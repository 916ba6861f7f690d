package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several statements in one request are refused as a server refuses them over HTTP (400, code 62,
 * "Multi-statements are not allowed"), before any of them runs: the engine alone would run them all.
 */
class MultiStatementTest {
    private static final String CREATE = "CREATE TABLE %s (n UInt8) ENGINE = Memory";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static EmbeddedClickHouse clickHouse;
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        clickHouse = SharedEngine.get();
        http = ClickHouseHttp.of(clickHouse);
    }

    enum Route { URL, BODY }

    /** Requests whose second statement would create the table named by %s. */
    static Stream<Arguments> routes_and_requests() {
        List<String> requests = List.of(
                "SELECT 1; " + CREATE,
                CREATE + "; SELECT 1",
                "SELECT 1;\n-- and then\n" + CREATE,
                "SELECT 'it\\'s; here'; " + CREATE,
                // a heredoc ends before the quote opens a string: the engine would run the CREATE
                "SELECT $$ ' $$; " + CREATE + "; -- '");
        return Stream.of(Route.values()).flatMap(route -> requests.stream().map(request -> Arguments.of(route, request)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("routes_and_requests")
    void a_request_holding_a_second_statement_answers_400_with_code_62_and_runs_none_of_them(Route route, String request) {
        String table = newTableName();
        String sql = request.formatted(table);

        HttpResponse<byte[]> response = route == Route.URL ? http.get("query", sql) : http.post(sql);

        assertRefused(response);
        assertThat(clickHouse.directQuery("EXISTS TABLE " + table)).isEqualTo("0\n");
    }

    @Test
    void a_second_statement_in_the_body_after_the_statement_in_the_URL_is_refused() {
        String table = newTableName();

        HttpResponse<byte[]> response = http.post("; " + CREATE.formatted(table), "query", "SELECT 1");

        assertRefused(response);
        assertThat(clickHouse.directQuery("EXISTS TABLE " + table)).isEqualTo("0\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            SELECT 1;                                        | 1
            SELECT 1 ;;\u00A0/* done */ -- done              | 1
            SELECT 'a;b', 'it''s;', 'back\\';'               | a;b\tit\\'s;\tback\\';
            SELECT `x;y` FROM (SELECT 1 AS `x;y`)            | 1
            SELECT 1 -- ; SELECT 2                           | 1
            SELECT 1 // ; SELECT 2                           | 1
            SELECT 1 # ; SELECT 2                            | 1
            SELECT 1 /* /* nested */ ; SELECT 2 */           | 1
            SELECT $$a;b$$                                   | a;b
            SELECT 'a', $x$; SELECT 2 AS $x$                 | ~a\t; SELECT 2 AS ~
            SELECT \u2018a;b\u2019                           | a;b
            """)
    void a_semicolon_in_quotes_comments_a_heredoc_or_at_the_end_leaves_one_statement_that_runs(String sql, String output) {
        HttpResponse<byte[]> response = http.post(sql);

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo(output + "\n");
    }

    @Test
    void an_insert_with_a_statement_after_its_VALUES_is_refused_and_inserts_nothing() {
        String table = newStringTable();
        String injected = newTableName();

        HttpResponse<byte[]> response = http.post(
                "INSERT INTO " + table + " VALUES ('a;b'); " + CREATE.formatted(injected));

        assertRefused(response);
        assertThat(clickHouse.directQuery("SELECT count() FROM " + table)).isEqualTo("0\n");
        assertThat(clickHouse.directQuery("EXISTS TABLE " + injected)).isEqualTo("0\n");
    }

    @Test
    void semicolons_in_the_strings_of_VALUES_and_after_them_insert_the_rows() {
        String table = newStringTable();

        HttpResponse<byte[]> response = http.post(
                "INSERT INTO " + table + " VALUES ('a;b'), ('it''s; \\'quoted\\'');");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(clickHouse.directQuery("SELECT s FROM " + table + " ORDER BY s")).isEqualTo("a;b\nit\\'s; \\'quoted\\'\n");
    }

    @Test
    void the_data_of_an_insert_in_a_FORMAT_may_hold_semicolons_and_statements_and_stays_data() {
        String table = newStringTable();
        String injected = newTableName();
        String data = "a;b\n; " + CREATE.formatted(injected) + "\n";

        HttpResponse<byte[]> response = http.post(data.getBytes(StandardCharsets.UTF_8),
                "query", "INSERT INTO " + table + " FORMAT TSV");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(clickHouse.directQuery("SELECT s FROM " + table + " ORDER BY s"))
                .isEqualTo("; " + CREATE.formatted(injected) + "\na;b\n");
        assertThat(clickHouse.directQuery("EXISTS TABLE " + injected)).isEqualTo("0\n");
    }

    @Test
    void directQuery_refuses_a_second_statement_with_code_62_and_runs_none_of_them() {
        String table = newTableName();

        assertThatThrownBy(() -> clickHouse.directQuery(CREATE.formatted(table) + "; SELECT 1"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(62))
                .hasMessageStartingWith("Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed):");
        assertThat(clickHouse.directQuery("EXISTS TABLE " + table)).isEqualTo("0\n");
    }

    @Test
    void directExecute_refuses_a_statement_after_VALUES_and_inserts_nothing() {
        String table = newStringTable();
        String injected = newTableName();
        byte[] statement = ("INSERT INTO " + table + " VALUES ('x'); " + CREATE.formatted(injected))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> clickHouse.directExecute(statement))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(62));
        assertThat(clickHouse.directQuery("SELECT count() FROM " + table)).isEqualTo("0\n");
        assertThat(clickHouse.directQuery("EXISTS TABLE " + injected)).isEqualTo("0\n");
    }

    @Test
    void a_single_statement_with_a_trailing_semicolon_still_runs_through_directQuery() {
        assertThat(clickHouse.directQuery("SELECT 'a;b';")).isEqualTo("a;b\n");
    }

    private static void assertRefused(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("62");
        assertThat(text(response))
                .startsWith("Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed): failed at position ")
                .contains("(SYNTAX_ERROR)");
    }

    private static String newTableName() {
        return "multi_statement_" + TABLES.incrementAndGet();
    }

    private static String newStringTable() {
        String table = newTableName();
        clickHouse.directQuery("CREATE TABLE " + table + " (s String) ENGINE = MergeTree ORDER BY s");
        return table;
    }
}
