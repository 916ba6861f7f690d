package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutputFormatsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT 1                                  | TabSeparated
            SELECT 1 FORMAT JSON                      | JSON
            SELECT 1 format JSONEachRow ;             | JSONEachRow
            SELECT 1 FORMAT CSV\\n                    | CSV
            SELECT 'FORMAT CSV'                       | TabSeparated
            SELECT 1 AS format                        | TabSeparated
            INSERT INTO t FORMAT RowBinary            | TabSeparated
            '  insert into t format JSONEachRow'      | TabSeparated
            """)
    void a_trailing_FORMAT_clause_of_a_query_wins_over_the_default(String query, String expected) {
        String text = query.replace("\\n", "\n");

        assertThat(OutputFormats.effectiveFormat(text.getBytes(StandardCharsets.UTF_8), "TabSeparated"))
                .isEqualTo(expected);
    }

    @Test
    void the_default_is_kept_for_a_statement_too_long_to_be_a_query_without_data() {
        byte[] huge = ("SELECT 1 " + " ".repeat(70_000) + "FORMAT JSON").getBytes(StandardCharsets.UTF_8);

        assertThat(OutputFormats.effectiveFormat(huge, "CSV")).isEqualTo("CSV");
        assertThat(OutputFormats.effectiveFormat(new byte[0], "JSON")).isEqualTo("JSON");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            JSON                    | application/json; charset=UTF-8
            JSONCompact             | application/x-ndjson; charset=UTF-8
            JSONEachRow             | application/x-ndjson; charset=UTF-8
            TabSeparated            | text/tab-separated-values; charset=UTF-8
            TSVWithNamesAndTypes    | text/tab-separated-values; charset=UTF-8
            CSVWithNames            | text/csv; charset=UTF-8; header=absent
            PrettyCompact           | text/plain; charset=UTF-8
            XML                     | application/xml; charset=UTF-8
            RowBinaryWithNamesAndTypes | application/octet-stream
            Native                  | application/octet-stream
            """)
    void each_format_answers_with_its_content_type(String format, String contentType) {
        assertThat(OutputFormats.contentType(format)).isEqualTo(contentType);
    }
}
