package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class QueryStringParserTest {

    @ParameterizedTest
    @NullAndEmptySource
    void no_query_string_gives_no_parameters(String rawQuery) {
        assertThat(QueryStringParser.parse(rawQuery)).isEmpty();
    }

    @Test
    void pairs_are_decoded_in_order() {
        Map<String, String> parameters = QueryStringParser.parse("query=SELECT+1%2C+%27%C3%BC%27&database=otel&x=a%3Db%26c");

        assertThat(parameters).containsExactly(entry("query", "SELECT 1, 'ü'"), entry("database", "otel"),
                entry("x", "a=b&c"));
    }

    @Test
    void a_repeated_name_keeps_its_last_value() {
        assertThat(QueryStringParser.parse("max_threads=1&max_threads=2")).containsExactly(entry("max_threads", "2"));
    }

    @Test
    void a_name_without_a_value_is_empty_and_empty_pairs_are_skipped() {
        assertThat(QueryStringParser.parse("&session_check&&a=&=v")).containsExactly(
                entry("session_check", ""), entry("a", ""), entry("", "v"));
    }

    @Test
    void only_the_first_equals_sign_splits_name_and_value() {
        assertThat(QueryStringParser.parse("param_expr=a=b")).containsExactly(entry("param_expr", "a=b"));
    }

    @Test
    void malformed_percent_encoding_is_a_bad_argument_naming_the_text() {
        assertThatThrownBy(() -> QueryStringParser.parse("query=SELECT%2"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("SELECT%2")
                .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(36));
    }
}
