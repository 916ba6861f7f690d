package dev.annotations.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Token boundaries as ClickHouse's lexer draws them, where one byte off would move a quote or a comment. */
class SqlLexerTest {

    static Stream<Arguments> texts_and_tokens() {
        return Stream.of(
                Arguments.of("1e--1", List.of("NUMBER 1e-", "OTHER -", "NUMBER 1")),
                Arguments.of("t.1e--x\n", List.of("WORD t", "DOT .", "WORD 1e", "BLANK --x", "BLANK \n")),
                Arguments.of("x\u00A0.5", List.of("WORD x", "BLANK \u00A0", "DOT .", "NUMBER 5")),
                Arguments.of(".5e-3", List.of("NUMBER .5e-3")),
                Arguments.of("0x1p-3 1_000 1_a", List.of("NUMBER 0x1p-3", "BLANK  ", "NUMBER 1_000", "BLANK  ", "WORD 1_a")),
                Arguments.of("a$b$ $b$", List.of("WORD a$b$", "BLANK  ", "WORD $b$")),
                Arguments.of("$t$;'$t$;", List.of("OTHER $t$;'$t$", "SEMICOLON ;")),
                Arguments.of("\\G$x$ $x$", List.of("OTHER \\G", "OTHER $x$ $x$")),
                Arguments.of("x'3B';", List.of("OTHER x'3B'", "SEMICOLON ;")),
                Arguments.of("x'3G';", List.of("OTHER x'3G';")),
                Arguments.of("/* a /* b */ c */;", List.of("BLANK /* a /* b */ c */", "SEMICOLON ;")),
                Arguments.of("#x # x\n", List.of("OTHER #", "WORD x", "BLANK  ", "BLANK # x", "BLANK \n")),
                Arguments.of("\u2018a'\u2019\u201Cb`\u201D\u2212", List.of("OTHER \u2018a'\u2019", "QUOTED_IDENTIFIER \u201Cb`\u201D", "OTHER \u2212")),
                Arguments.of("'it''s\\'';", List.of("OTHER 'it''s\\''", "SEMICOLON ;")),
                Arguments.of("`a\\`b`.c", List.of("QUOTED_IDENTIFIER `a\\`b`", "DOT .", "WORD c")),
                Arguments.of("'never closed; x", List.of("OTHER 'never closed; x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts_and_tokens")
    void the_text_splits_into_the_engines_tokens(String text, List<String> expected) {
        assertThat(tokens(text)).isEqualTo(expected);
    }

    private static List<String> tokens(String text) {
        MemorySegment bytes = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
        SqlLexer lexer = new SqlLexer(bytes, bytes.byteSize());
        List<String> tokens = new ArrayList<>();
        long start = 0;
        SqlLexer.Kind kind = lexer.next();
        while (kind != SqlLexer.Kind.END) {
            SqlLexer.Kind next = lexer.next();
            long nextStart = lexer.tokenStart();
            byte[] token = bytes.asSlice(start, nextStart - start).toArray(ValueLayout.JAVA_BYTE);
            tokens.add(kind + " " + new String(token, StandardCharsets.UTF_8));
            start = nextStart;
            kind = next;
        }
        return tokens;
    }
}
