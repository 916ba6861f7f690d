package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Telling one statement from several the way the engine's lexer splits them, without running anything. */
class SingleStatementTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "SELECT 1",
            "SELECT 1;",
            "SELECT 1 ;;\n ;",
            "SELECT 1; -- done",
            "SELECT 1;\n# done\n#!shebang\n// slashes\n/* block /* nested */ still block */",
            "SELECT 1;\u00A0\u3000\uFEFF",
            "SELECT 'a;b', 'it''s; fine', 'back\\'; slash'",
            "SELECT \"a;b\", `c;d`, \"e\"\";f\", `g\\`;h`",
            "SELECT 1 -- ; SELECT 2",
            "SELECT 1 # ; SELECT 2",
            "SELECT 1 #! ; SELECT 2",
            "SELECT 1 // ; SELECT 2",
            "SELECT 1 /* ; SELECT 2 */",
            "SELECT 1 /* /* */ ; SELECT 2 */",
            "SELECT $$a;b$$",
            "SELECT $tag$ ; ' $tag$",
            "SELECT 'a' AS x, $x$; SELECT 2 AS $x$",
            "SELECT 1 \\G$x$; SELECT 2 $x$",
            "SELECT \u2018a;b\u2019, \u201Cc;d\u201D",
            "INSERT INTO t FORMAT TSV\na;b\n\n; DROP TABLE t\n",
            "INSERT INTO t FORMAT CSV\n'unclosed;\n",
            "INSERT INTO t FORMAT Values ('a'); DROP TABLE t",
            "INSERT INTO t VALUES ('a;b'), ('it''s; \\' fine');",
            "INSERT INTO t (s) VALUES ('x');\n-- done",
            "",
    })
    void one_statement_with_semicolons_only_in_quotes_comments_data_or_at_the_end_is_allowed(String sql) {
        assertThat(SingleStatement.secondStatementAfter(segment(sql))).isEqualTo(-1);
        assertThatCode(() -> SingleStatement.require(segment(sql))).doesNotThrowAnyException();
    }

    // "^" marks the ';' that ends the first statement
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "SELECT 1^; SELECT 2",
            "CREATE TABLE t (n UInt8) ENGINE = Memory^;\nSELECT 1",
            "SELECT 1^;;; SELECT 2",
            "SELECT 1 -- comment\n^; SELECT 2",
            "SELECT 1 /* /* nested */ closed */^; SELECT 2",
            "SELECT 1 #^; SELECT 2",
            "SELECT 'a\\\\'^; SELECT 2",
            "SELECT 'a'''^; SELECT 2",
            "SELECT \"a\"\"\"^; SELECT 2",
            "SELECT $$ ' $$^; SELECT 2 -- '",
            "SELECT a$x$^; SELECT 2 AS $x$",
            "SELECT 1e--1^; SELECT 2",
            "SELECT 1_0e--1^; SELECT 2",
            "SELECT 0x1p--1^; SELECT 2",
            "SELECT t.1e--'\n^; SELECT 2 --'",
            "SELECT x\u00A0.5e--'\n^; SELECT 2 --'",
            "SELECT \u2018 ' \u2019^; SELECT 2 -- '",
            "SELECT \u201C ` \u201D^; SELECT 2 -- `",
            "SELECT 1^; /* never closed",
            "INSERT INTO t VALUES ('a;b')^; DROP TABLE t",
            "INSERT INTO t VALUES ('a'), ('b')^;\nCREATE TABLE u (n UInt8) ENGINE = Memory",
            "INSERT INTO t SETTINGS async_insert = 1^; DROP TABLE t; FORMAT TSV\nx",
    })
    void a_statement_after_the_first_semicolon_is_found(String marked) {
        String sql = marked.replace("^", "");
        long terminator = marked.substring(0, marked.indexOf('^')).getBytes(StandardCharsets.UTF_8).length;

        assertThat(SingleStatement.secondStatementAfter(segment(sql))).isEqualTo(terminator);
    }

    @Test
    void the_refusal_is_a_servers_syntax_error_quoting_the_query_from_the_semicolon() {
        assertThatThrownBy(() -> SingleStatement.require(segment("SELECT 1; SELECT 2")))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(62))
                .hasMessage("Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed): "
                        + "failed at position 9 (end of query): ; SELECT 2. . (SYNTAX_ERROR)");
    }

    @Test
    void the_refusal_of_a_query_on_several_lines_names_the_line_and_column() {
        assertThatThrownBy(() -> SingleStatement.require(segment("SELECT\n  1;\nSELECT 2")))
                .hasMessage("Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed): "
                        + "failed at position 11 (end of query) (line 2, col 4): ;\nSELECT 2. . (SYNTAX_ERROR)");
    }

    @Test
    void dollar_signs_that_open_no_heredoc_are_judged_in_linear_time() {
        // each "$n" searches the rest of the text for its closing tag "$n $": exact lexing would be quadratic
        String dollars = "SELECT " + IntStream.range(0, 200_000).mapToObj(i -> "$" + i).collect(Collectors.joining(" "));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(SingleStatement.secondStatementAfter(segment(dollars))).isEqualTo(-1);
            assertThat(SingleStatement.secondStatementAfter(segment(dollars + "; SELECT 2")))
                    .isEqualTo(dollars.length());
        });
    }

    @Test
    void once_heredoc_candidates_are_too_costly_any_later_semicolon_followed_by_more_is_refused() {
        String dollars = "SELECT " + IntStream.range(0, 20_000).mapToObj(i -> "$" + i).collect(Collectors.joining(" "));

        // conservative: the ';' is in a string, but the lexer no longer knows where strings are
        assertThat(SingleStatement.secondStatementAfter(segment(dollars + ", 'a;b'"))).isEqualTo(dollars.length() + 4);
        assertThat(SingleStatement.secondStatementAfter(segment(dollars + ";\n;"))).isEqualTo(-1);
    }

    private static MemorySegment segment(String sql) {
        return MemorySegment.ofArray(sql.getBytes(StandardCharsets.UTF_8));
    }
}
