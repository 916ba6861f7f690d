package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.params;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP compression, the kind the embedded front speaks (ClickHouse's native LZ4 framing it refuses). */
class HttpCompressionTest {
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() {
        http = ClickHouseHttp.of(SharedEngine.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void a_compressed_request_body_is_decompressed_before_it_runs(String encoding) {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/", params()))
                .header("Content-Encoding", encoding)
                .POST(HttpRequest.BodyPublishers.ofByteArray(compress(encoding, "SELECT 'zipped ✓'"))));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo("zipped ✓\n");
    }

    @Test
    void compressed_insert_data_joins_the_URL_query() {
        http.query("CREATE TABLE http_gzip_insert (n UInt32) ENGINE = MergeTree ORDER BY n");
        StringBuilder rows = new StringBuilder();
        for (int n = 1; n <= 50_000; n++) {
            rows.append(n).append('\n');
        }

        HttpResponse<byte[]> insert = http.send(HttpRequest.newBuilder(
                        http.uri("/", params("query", "INSERT INTO http_gzip_insert FORMAT TSV")))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(compress("gzip", rows.toString()))));

        assertThat(insert.statusCode()).as(text(insert)).isEqualTo(200);
        assertThat(http.query("SELECT count(), sum(n) FROM http_gzip_insert")).isEqualTo("50000\t1250025000\n");
    }

    @Test
    void the_response_is_gzipped_when_compression_is_enabled_and_the_client_accepts_gzip() throws IOException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/",
                        params("query", "SELECT number FROM numbers(100000)", "enable_http_compression", "1")))
                .header("Accept-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
        String body = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(body).startsWith("0\n1\n2\n").endsWith("\n99999\n").hasLineCount(100_000);
        assertThat(response.body().length).isLessThan(body.length());
    }

    @Test
    void an_empty_result_is_a_valid_empty_gzip_stream() throws IOException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/",
                        params("query", "SELECT 1 WHERE 0", "enable_http_compression", "1")))
                .header("Accept-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()).isEmpty();
    }

    @Test
    void without_enable_http_compression_the_response_is_plain_even_if_gzip_is_accepted() {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri("/", params("query", "SELECT 7")))
                .header("Accept-Encoding", "gzip"));

        assertThat(header(response, "Content-Encoding")).isNull();
        assertThat(text(response)).isEqualTo("7\n");
    }

    private static byte[] compress(String encoding, String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = encoding.equals("gzip") ? new GZIPOutputStream(bytes) : new DeflaterOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
