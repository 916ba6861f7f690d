package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request-size limit and the joining of URL query and body. The shared engine runs with the
 * default 1 GiB limit, so small limits are exercised here, on the class that enforces them.
 */
class QueryAssemblerTest {
    private static final long UNKNOWN = -1;
    private static final byte[] PREFIX = "INSERT INTO t FORMAT TSV\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "declared length: {0}")
    @ValueSource(booleans = {true, false})
    void the_URL_query_comes_first_then_the_body_byte_for_byte(boolean lengthDeclared) throws IOException {
        byte[] body = {'1', '\t', 0, (byte) 0xFF, '\n'};

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment query = QueryAssembler.assemble(PREFIX, new ByteArrayInputStream(body),
                    lengthDeclared ? body.length : UNKNOWN, 1024, arena);

            assertThat(query.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(concat(PREFIX, body));
        }
    }

    @ParameterizedTest(name = "declared length: {0}")
    @ValueSource(booleans = {true, false})
    void a_request_exactly_at_the_limit_is_accepted(boolean lengthDeclared) throws IOException {
        byte[] body = new byte[100 - PREFIX.length];

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment query = QueryAssembler.assemble(PREFIX, new ByteArrayInputStream(body),
                    lengthDeclared ? body.length : UNKNOWN, 100, arena);

            assertThat(query.byteSize()).isEqualTo(100);
        }
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_before_reading_the_body_with_code_393() {
        InputStream unread = new ByteArrayInputStream(new byte[0]) {
            @Override
            public int read(byte[] b, int off, int len) {
                throw new AssertionError("the body must not be read");
            }
        };

        assertThatThrownBy(() -> assemble(PREFIX, unread, 100 - PREFIX.length + 1, 100))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertTooLarge(e, 100));
    }

    @Test
    void a_chunked_body_over_the_limit_is_refused_with_code_393() {
        // unknown length and larger than one read chunk (1 MiB), so the limit is met part way through
        byte[] body = new byte[3 << 20];

        assertThatThrownBy(() -> assemble(PREFIX, new ByteArrayInputStream(body), UNKNOWN, 2 << 20))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertTooLarge(e, 2 << 20));
    }

    @Test
    void a_chunked_body_of_several_chunks_is_kept_whole() throws IOException {
        byte[] body = new byte[(2 << 20) + 12_345];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment query = QueryAssembler.assemble(PREFIX, new ByteArrayInputStream(body), UNKNOWN, 4 << 20, arena);

            assertThat(query.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(concat(PREFIX, body));
        }
    }

    @Test
    void a_URL_query_alone_over_the_limit_is_refused() {
        assertThatThrownBy(() -> assemble(PREFIX, new ByteArrayInputStream(new byte[0]), 0, PREFIX.length - 1))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertTooLarge(e, PREFIX.length - 1));
    }

    @Test
    void a_body_shorter_than_declared_fails_with_code_33() {
        assertThatThrownBy(() -> assemble(PREFIX, new ByteArrayInputStream(new byte[10]), 20, 1024))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(33);
                    assertThat(e.getMessage()).contains("10 of 20 bytes");
                });
    }

    @Test
    void an_empty_request_is_an_empty_statement() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(QueryAssembler.assemble(new byte[0], new ByteArrayInputStream(new byte[0]), UNKNOWN, 10, arena)
                    .byteSize()).isZero();
        }
    }

    private static void assertTooLarge(ClickHouseException e, long limit) {
        assertThat(e.code()).isEqualTo(393);
        assertThat(e.getMessage()).startsWith("Code: 393. DB::Exception:").contains(Long.toString(limit))
                .contains("QUERY_IS_TOO_LARGE");
        assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(413);
    }

    private static void assemble(byte[] prefix, InputStream body, long length, long limit) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            QueryAssembler.assemble(prefix, body, length, limit, arena);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
