package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** How a request's URL parameters and headers are split into query, settings and parameters. */
class HttpQueryRequestTest {

    @Test
    void reserved_names_are_not_settings_and_param_names_are_query_parameters() {
        HttpQueryRequest request = HttpQueryRequest.from("GET", new Headers(), Map.of(
                "query", "SELECT {x:UInt8}", "database", "otel", "default_format", "JSON", "query_id", "q1",
                "param_x", "7", "max_threads", "1", "wait_end_of_query", "1", "compress", "0"));

        assertThat(request.settings()).containsExactly(entry("max_threads", "1"));
        assertThat(request.queryParameters()).containsExactly(entry("x", "7"));
        assertThat(request.database()).contains("otel");
        assertThat(request.defaultFormat()).isEqualTo("JSON");
        assertThat(request.queryId()).contains("q1");
    }

    @Test
    void a_POST_joins_the_URL_query_to_its_body_with_a_newline_and_a_GET_does_not() {
        Map<String, String> parameters = Map.of("query", "INSERT INTO t FORMAT TSV");

        assertThat(new String(HttpQueryRequest.from("POST", new Headers(), parameters).queryPrefix(), StandardCharsets.UTF_8))
                .isEqualTo("INSERT INTO t FORMAT TSV\n");
        assertThat(new String(HttpQueryRequest.from("GET", new Headers(), parameters).queryPrefix(), StandardCharsets.UTF_8))
                .isEqualTo("INSERT INTO t FORMAT TSV");
    }

    @ParameterizedTest(name = "Content-Encoding {0}, Content-Length {1} -> {2}")
    @CsvSource({"'', 42, 42", "identity, 42, 42", "gzip, 42, -1", "'', -1, -1"})
    void a_compressed_body_has_no_known_length(String encoding, long contentLength, long expected) {
        Headers headers = new Headers();
        if (!encoding.isEmpty()) {
            headers.add("Content-Encoding", encoding);
        }
        if (contentLength >= 0) {
            headers.add("Content-Length", Long.toString(contentLength));
        }

        assertThat(HttpQueryRequest.from("POST", headers, Map.of()).bodyLength()).isEqualTo(expected);
    }

    @Test
    void gzip_responses_need_both_the_setting_and_the_accept_header() {
        Headers accepts = new Headers();
        accepts.add("Accept-Encoding", "gzip, deflate");

        assertThat(HttpQueryRequest.from("GET", accepts, Map.of("enable_http_compression", "1")).wantsGzipResponse()).isTrue();
        assertThat(HttpQueryRequest.from("GET", accepts, Map.of()).wantsGzipResponse()).isFalse();
        assertThat(HttpQueryRequest.from("GET", new Headers(), Map.of("enable_http_compression", "1")).wantsGzipResponse())
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"compress, 1", "decompress, 1"})
    void native_compression_is_refused_with_code_48_naming_the_fix(String name, String value) {
        assertThatThrownBy(() -> HttpQueryRequest.from("GET", new Headers(), Map.of(name, value)))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(48);
                    assertThat(e.getMessage()).contains("compress=false");
                    assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(501);
                });
    }

    @ParameterizedTest
    @CsvSource({"-1", "3601", "soon"})
    void an_out_of_range_session_timeout_is_refused_with_code_36(String timeout) {
        assertThatThrownBy(() -> HttpQueryRequest.from("GET", new Headers(), Map.of("session_timeout", timeout)))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(36));
    }
}
