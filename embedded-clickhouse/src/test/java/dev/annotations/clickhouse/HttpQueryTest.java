package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.params;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/** ClickHouse's HTTP interface as curl and Grafana use it: where the query goes, formats, ids and parameters. */
class HttpQueryTest {
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        http = ClickHouseHttp.of(SharedEngine.get());
    }

    @Test
    void GET_ping_answers_Ok() {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/ping", params())).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("Ok.\n");
    }

    @Test
    void GET_root_without_a_query_answers_Ok() {
        HttpResponse<byte[]> response = http.get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("Ok.\n");
    }

    @Test
    void a_query_in_the_URL_parameter_runs_and_answers_TabSeparated() {
        HttpResponse<byte[]> response = http.get("query", "SELECT 1 + 1, 'two'");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("2\ttwo\n");
        assertThat(header(response, "Content-Type")).isEqualTo("text/tab-separated-values; charset=UTF-8");
        assertThat(header(response, "X-ClickHouse-Format")).isEqualTo("TabSeparated");
    }

    @Test
    void a_query_in_the_POST_body_runs() {
        HttpResponse<byte[]> response = http.post("SELECT 'from the body', 'ünïcødé'");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("from the body\tünïcødé\n");
    }

    @Test
    void the_URL_query_and_the_body_are_joined_by_a_newline_so_the_body_can_be_insert_data() {
        http.query("CREATE TABLE http_joined (id UInt32, name String) ENGINE = MergeTree ORDER BY id");

        HttpResponse<byte[]> insert = http.post("1\tone\n2\ttwo ✓\n3\tthree\n",
                "query", "INSERT INTO http_joined FORMAT TSV");

        assertThat(insert.statusCode()).isEqualTo(200);
        assertThat(http.query("SELECT id, name FROM http_joined ORDER BY id")).isEqualTo("1\tone\n2\ttwo ✓\n3\tthree\n");
        // the same joining makes a statement split between URL and body one statement
        assertThat(text(http.post("+ 41", "query", "SELECT 1"))).isEqualTo("42\n");
    }

    @Test
    void a_chunked_body_of_unknown_length_is_read_to_its_end() {
        http.query("CREATE TABLE http_chunked (n UInt32) ENGINE = MergeTree ORDER BY n");
        StringBuilder rows = new StringBuilder();
        for (int n = 0; n < 200_000; n++) {
            rows.append(n).append('\n');
        }
        byte[] body = rows.toString().getBytes(StandardCharsets.UTF_8);

        // ofInputStream has no length, so the client sends Transfer-Encoding: chunked
        HttpResponse<byte[]> insert = http.send(HttpRequest.newBuilder(
                        http.uri("/", params("query", "INSERT INTO http_chunked FORMAT TSV")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(insert.statusCode()).isEqualTo(200);
        assertThat(http.query("SELECT count(), sum(n) FROM http_chunked")).isEqualTo("200000\t19999900000\n");
    }

    @Test
    void the_database_parameter_picks_the_database_for_that_request_only() {
        http.query("CREATE DATABASE IF NOT EXISTS http_other");
        http.query("CREATE TABLE http_other.only_here (n UInt8) ENGINE = MergeTree ORDER BY n");
        http.query("INSERT INTO http_other.only_here VALUES (9)");

        assertThat(http.query("SELECT currentDatabase(), n FROM only_here", "database", "http_other"))
                .isEqualTo("http_other\t9\n");
        // every pooled connection (four, used in turn) must be back on "default" afterwards
        for (int i = 0; i < 8; i++) {
            assertThat(http.query("SELECT currentDatabase()")).isEqualTo("default\n");
        }
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -     | SELECT 1 AS n                      | TabSeparated | text/tab-separated-values; charset=UTF-8 | 1
            JSON  | SELECT 1 AS n                      | JSON         | application/json; charset=UTF-8          | "data":
            -     | SELECT 1 AS n FORMAT JSON          | JSON         | application/json; charset=UTF-8          | "data":
            -     | SELECT 1 AS n FORMAT JSONEachRow   | JSONEachRow  | application/x-ndjson; charset=UTF-8      | {"n":1}
            -     | SELECT 1 AS n FORMAT CSVWithNames  | CSVWithNames | text/csv; charset=UTF-8; header=absent   | "n"
            JSON  | SELECT 1 AS n FORMAT TSVWithNames  | TSVWithNames | text/tab-separated-values; charset=UTF-8 | n
            -     | SELECT 1 AS n format json;         | json         | application/json; charset=UTF-8          | "data":
            """)
    void default_format_and_a_trailing_FORMAT_clause_decide_the_body_and_its_headers(
            String defaultFormat, String sql, String format, String contentType, String bodyStart) {
        HttpResponse<byte[]> response = defaultFormat == null
                ? http.get("query", sql)
                : http.get("query", sql, "default_format", defaultFormat);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "X-ClickHouse-Format")).isEqualTo(format);
        assertThat(header(response, "Content-Type")).isEqualTo(contentType);
        assertThat(text(response)).contains(bodyStart);
    }

    @Test
    void the_query_id_parameter_is_echoed_and_a_missing_one_is_generated() {
        HttpResponse<byte[]> given = http.get("query", "SELECT 1", "query_id", "my-query-17");
        HttpResponse<byte[]> generated = http.get("query", "SELECT 1");

        assertThat(header(given, "X-ClickHouse-Query-Id")).isEqualTo("my-query-17");
        assertThat(header(generated, "X-ClickHouse-Query-Id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void the_summary_header_counts_the_rows_an_insert_wrote() {
        http.query("CREATE TABLE http_summary (n UInt32) ENGINE = MergeTree ORDER BY n");

        HttpResponse<byte[]> insert = http.post("1\n2\n3\n", "query", "INSERT INTO http_summary FORMAT TSV");

        assertThat(insert.statusCode()).isEqualTo(200);
        assertThat(summaryField(insert, "written_rows")).isEqualTo(3);
        assertThat(header(insert, "X-ClickHouse-Summary")).startsWith("{").endsWith("}");
        assertThat(summaryField(http.get("query", "SELECT * FROM http_summary"), "read_rows")).isEqualTo(3);
    }

    // the expected text is TabSeparated output, which escapes quotes and backslashes
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT {x:UInt8} + 1                         | x | 7                 | 8
            SELECT {s:String}                            | s | it's a \\ 'test'  | it\\'s a \\\\ \\'test\\'
            SELECT lengthUTF8({s:String})                | s | ünï               | 3
            SELECT arraySum({a:Array(UInt32)})           | a | [1,2,3]           | 6
            """)
    void param_values_are_bound_to_typed_query_parameters(String sql, String name, String value, String expected) {
        assertThat(http.query(sql, "param_" + name, value)).isEqualTo(expected + "\n");
    }

    @Test
    void a_RowBinary_insert_body_keeps_NUL_and_non_UTF8_bytes() {
        http.query("CREATE TABLE http_binary (id UInt8, s String) ENGINE = MergeTree ORDER BY id");
        byte[] value = {'a', 0, 'b', 0, 0, (byte) 0xFF, 'c'};
        byte[] rows = new RowBinaryWriter(32).uint8(1).bytes(value).uint8(2).bytes(new byte[0]).toByteArray();

        HttpResponse<byte[]> insert = http.post(rows, "query", "INSERT INTO http_binary FORMAT RowBinary");

        assertThat(insert.statusCode()).as(text(insert)).isEqualTo(200);
        assertThat(http.query("SELECT id, hex(s), length(s) FROM http_binary ORDER BY id"))
                .isEqualTo("1\t" + HexFormat.of().withUpperCase().formatHex(value) + "\t7\n2\t\t0\n");
        HttpResponse<byte[]> binary = http.get("query", "SELECT s FROM http_binary WHERE id = 1 FORMAT RowBinary");
        assertThat(binary.body()).isEqualTo(new RowBinaryWriter(16).bytes(value).toByteArray());
    }

    private static long summaryField(HttpResponse<?> response, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":\"(\\d+)\"").matcher(header(response, "X-ClickHouse-Summary"));
        assertThat(matcher.find()).as("%s in %s", field, header(response, "X-ClickHouse-Summary")).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
