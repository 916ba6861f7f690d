package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding where an INSERT's inline data starts, and the statement that reads it from a file instead. */
class InlineInsertTest {
    private static final Path FILE = Path.of("/spool/insert-1.data");

    // "|" marks where the kept statement ends (the FORMAT or VALUES keyword), "^" where the data starts
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "INSERT INTO t |FORMAT TSV\n^1\t2\n",
            "insert into t |format RowBinary\n^\0\n\n\1",
            "INSERT INTO TABLE db.t |FORMAT CSV\r\n^a,b",
            "INSERT INTO `my db`.`odd``name` |FORMAT JSONEachRow\n^{}",
            "INSERT INTO \"quoted\" |FORMAT TSV\n^x",
            "INSERT INTO t (a, `b c`, \"d\") |FORMAT TSV\n^x",
            "INSERT INTO t (* EXCEPT (x)) |FORMAT TSV\n^x",
            "INSERT INTO t SETTINGS async_insert = 0, format_csv_delimiter = ';' |FORMAT CSV\n^x;y",
            "INSERT INTO t SETTINGS s = 'FORMAT X' |FORMAT TSV\n^x",
            "INSERT INTO FUNCTION file('out.tsv', 'TSV', 'a String') |FORMAT TSV\n^x",
            "-- load\n/* spans */ INSERT INTO t |FORMAT TSV   \t\n^  leading blanks are data",
            "// load\nINSERT INTO t |FORMAT TSV\n^x",
            "/* a /* nested */ comment */ INSERT INTO t |FORMAT TSV\n^x",
            "INSERT INTO t |FORMAT TSV ^1",
            "INSERT INTO t |FORMAT TSV^",
            "INSERT INTO t |FORMAT TSV\n^\nfirst line empty",
            "INSERT INTO tablé |FORMAT TSV\n^ü",
            "INSERT INTO t |VALUES^ (1), (2)",
            "INSERT INTO t (a, b) |values^(1, 'x')",
            "INSERT INTO t SETTINGS async_insert = 1 |VALUES^\n(1)\n\n(2)",
            "INSERT INTO t |FORMAT Values ^(1)",
    })
    void the_data_starts_after_the_format_name_its_blanks_and_one_line_break(String marked) {
        int keyword = marked.indexOf('|');
        String query = marked.replace("|", "");
        int data = query.indexOf('^');
        query = query.replace("^", "");
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        int keywordBytes = query.substring(0, keyword).getBytes(StandardCharsets.UTF_8).length;
        int dataBytes = query.substring(0, data).getBytes(StandardCharsets.UTF_8).length;

        Optional<InlineInsert> insert = InlineInsert.find(bytes);

        assertThat(insert).isPresent();
        assertThat(insert.get().dataKeyword()).isEqualTo(keywordBytes);
        assertThat(insert.get().dataOffset()).isEqualTo(dataBytes);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "SELECT 1", "INSERT INTO t SELECT * FROM numbers(3)", "INSERT INTO t WITH 1 AS x SELECT x",
            "INSERT INTO t FROM INFILE 'x.tsv' FORMAT TSV", "INSERT INTO t SETTINGS a = 1 SELECT 1",
            "INSERT INTO t (a, b FORMAT TSV\n1", "INSERT INTO t SETTINGS s = 'unclosed FORMAT TSV\n1",
            "INSERT INTO FUNCTION f FORMAT TSV\n1", "INSERT INTO t FORMAT", "INSERT t FORMAT TSV\nx",
            "-- INSERT INTO t FORMAT TSV\nSELECT 1", "/* a /* b */ INSERT INTO t FORMAT TSV\n1 */ SELECT 1",
            "CREATE TABLE t (s String) ENGINE = Memory", ""})
    void other_statements_are_not_inline_inserts(String query) {
        assertThat(InlineInsert.find(query.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            INSERT INTO t FORMAT TSV\\n1                            | INSERT INTO t SELECT * FROM file('/spool/insert-1.data', 'TSV')
            INSERT INTO db.t (a, b) SETTINGS x = 1 FORMAT CSV\\na,b | INSERT INTO db.t (a, b) SETTINGS x = 1 SELECT * FROM file('/spool/insert-1.data', 'CSV')
            INSERT INTO t VALUES (1, 'a')                           | INSERT INTO t SELECT * FROM file('/spool/insert-1.data', 'Values')
            """)
    void the_rewritten_statement_reads_the_data_from_the_file_and_keeps_everything_else(String query, String expected) {
        byte[] bytes = query.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);

        byte[] statement = InlineInsert.find(bytes).orElseThrow().statementReadingFrom(bytes, FILE);

        assertThat(new String(statement, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            INSERT INTO t VALUES ('a')              | true
            INSERT INTO t (a) values('a')           | true
            INSERT INTO t FORMAT Values ('a')       | false
            INSERT INTO t FORMAT TSV\\na           | false
            """)
    void the_rows_of_VALUES_are_told_from_data_in_a_FORMAT(String query, boolean valuesKeyword) {
        byte[] bytes = query.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(InlineInsert.find(bytes).orElseThrow().hasValuesKeyword()).isEqualTo(valuesKeyword);
    }

    @Test
    void a_statement_cut_off_by_the_scanned_head_is_not_taken_for_an_inline_insert() {
        String padding = " ".repeat(InlineInsert.STATEMENT_HEAD - "INSERT INTO t FORMAT TSV".length());
        byte[] cut = ("INSERT INTO t" + padding + "FORMAT TSV\nx").getBytes(StandardCharsets.UTF_8);
        byte[] whole = ("INSERT INTO t FORMAT TSV\n" + padding + "x").getBytes(StandardCharsets.UTF_8);

        assertThat(InlineInsert.find(MemorySegment.ofArray(cut))).isEmpty();
        assertThat(InlineInsert.find(MemorySegment.ofArray(whole))).isPresent();
    }

    @Test
    void the_file_name_is_quoted_as_a_string_literal() {
        byte[] bytes = "INSERT INTO t FORMAT TSV\n".getBytes(StandardCharsets.UTF_8);

        byte[] statement = InlineInsert.find(bytes).orElseThrow().statementReadingFrom(bytes, Path.of("/tmp/it's"));

        assertThat(new String(statement, StandardCharsets.UTF_8)).contains("file('/tmp/it\\'s'");
    }
}
