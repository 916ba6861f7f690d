package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INSERT data containing an empty line ({@code "\n\n"}): the engine's script runner would end inline data
 * there and run the rest as SQL. Every byte must arrive as data, whichever way the insert comes in.
 */
class InlineInsertDataTest {
    private static final String INJECTED = "CREATE TABLE injected_by_data (n UInt8) ENGINE = Memory";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static EmbeddedClickHouse clickHouse;
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        clickHouse = SharedEngine.get();
        http = ClickHouseHttp.of(clickHouse);
    }

    enum Route {
        /** The statement in the URL, the data as the body: how drivers insert. */
        HTTP_URL_AND_BODY,
        /** Statement and data together in the body, as curl --data-binary @file sends a script. */
        HTTP_BODY_ONLY,
        DIRECT_EXECUTE
    }

    /** A format, data holding an empty line, and what the table must then contain (as TSV). */
    record Payload(String format, byte[] data, String expected) {
        @Override
        public String toString() {
            return format;
        }
    }

    static Stream<Arguments> routes_and_payloads() {
        List<Payload> payloads = List.of(
                new Payload("TSV", text("first\n\n" + INJECTED + "\nlast\n"),
                        "\n" + INJECTED + "\nfirst\nlast\n"),
                new Payload("CSV", text("\"multi\n\nline\"\n\n\"after\"\n"), "\nafter\nmulti\\n\\nline\n"),
                new Payload("JSONEachRow", text("{\"s\":\"a\"}\n\n{\"s\":\"b\"}\n"), "a\nb\n"),
                new Payload("Values", text("('a'),\n\n('b;\n\nc')"), "a\nb;\\n\\nc\n"),
                new Payload("RowBinary", new RowBinaryWriter(64).string("x\n\ny").string("\n\n").string(INJECTED)
                        .toByteArray(), "\\n\\n\n" + INJECTED + "\nx\\n\\ny\n"));
        return Stream.of(Route.values()).flatMap(route -> payloads.stream().map(payload -> Arguments.of(route, payload)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes_and_payloads")
    void every_byte_after_an_empty_line_is_stored_as_data_and_none_runs_as_SQL(Route route, Payload payload) {
        String table = "inline_data_" + TABLES.incrementAndGet();
        clickHouse.directQuery("CREATE TABLE " + table + " (s String) ENGINE = MergeTree ORDER BY s");
        String statement = "INSERT INTO " + table
                + (payload.format().equals("Values") ? " VALUES" : " FORMAT " + payload.format());

        switch (route) {
            case HTTP_URL_AND_BODY -> assertOk(http.post(payload.data(), "query", statement));
            case HTTP_BODY_ONLY -> assertOk(http.post(join(statement, payload.data())));
            case DIRECT_EXECUTE -> clickHouse.directExecute(join(statement, payload.data()));
        }

        assertThat(clickHouse.directQuery("SELECT s FROM " + table + " ORDER BY s")).isEqualTo(payload.expected());
        assertThat(clickHouse.directQuery("EXISTS TABLE injected_by_data")).isEqualTo("0\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"// load\n", "/* load /* nested */ comment */ ", "#! load\n"})
    void an_insert_led_by_any_comment_the_engine_knows_keeps_every_byte_as_data(String comment) {
        String table = "inline_data_" + TABLES.incrementAndGet();
        clickHouse.directQuery("CREATE TABLE " + table + " (s String) ENGINE = MergeTree ORDER BY s");

        assertOk(http.post(comment + "INSERT INTO " + table + " FORMAT TSV\nfirst\n\n" + INJECTED + "\n"));

        assertThat(clickHouse.directQuery("SELECT s FROM " + table + " ORDER BY s")).isEqualTo("\n" + INJECTED + "\nfirst\n");
        assertThat(clickHouse.directQuery("EXISTS TABLE injected_by_data")).isEqualTo("0\n");
    }

    private static void assertOk(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(ClickHouseHttp.text(response)).isEqualTo(200);
    }

    private static byte[] join(String statement, byte[] data) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes((statement + "\n").getBytes(StandardCharsets.UTF_8));
        joined.writeBytes(data);
        return joined.toByteArray();
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
