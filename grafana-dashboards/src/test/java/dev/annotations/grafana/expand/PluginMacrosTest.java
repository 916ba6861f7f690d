package dev.annotations.grafana.expand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expansions the plugin's Go code produces (pkg/macros/macros_test.go states the same outputs). */
class PluginMacrosTest {
    // 2026-11-24T10:00:00.250Z .. 2026-11-25T10:00:00.750Z, 90 s interval
    private static final QueryContext CONTEXT = new QueryContext(Instant.ofEpochMilli(1795514400250L),
            Instant.ofEpochMilli(1795600800750L), Duration.ofSeconds(90));

    private static String expand(String sql) {
        return PluginMacros.expand(sql, CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "$__timeFilter(Timestamp)|Timestamp >= toDateTime(1795514400) AND Timestamp <= toDateTime(1795600800)",
            "$__timeFilter_ms(at)|at >= fromUnixTimestamp64Milli(1795514400250) AND at <= fromUnixTimestamp64Milli(1795600800750)",
            "$__fromTime|toDateTime(1795514400)",
            "$__toTime|toDateTime(1795600800)",
            "$__fromTime_ms|fromUnixTimestamp64Milli(1795514400250)",
            "$__toTime_ms|fromUnixTimestamp64Milli(1795600800750)",
            "$__timeInterval(Timestamp)|toStartOfInterval(toDateTime(Timestamp), INTERVAL 90 second)",
            "$__timeInterval_ms(at)|toStartOfInterval(toDateTime64(at, 3), INTERVAL 90000 millisecond)",
            "$__interval_s|90",
            "$__interval_ms|90000",
            "$__interval|1m",
            "$__timeFrom(t)|t >= toDateTime(1795514400)",
            "$__timeTo(t)|t <= toDateTime(1795600800)",
            "$__dateFilter(d)|d >= toDate('2026-11-24') AND d <= toDate('2026-11-25')",
            "$__dt(d, t)|(d >= toDate('2026-11-24') AND d <= toDate('2026-11-25')) AND (t >= toDateTime(1795514400) AND t <= toDateTime(1795600800))",
    })
    void each_macro_expands_to_the_plugins_sql(String macro, String expected) {
        assertThat(expand(macro)).isEqualTo(expected);
    }

    @Test
    void a_longer_macro_name_is_never_read_as_a_shorter_one() {
        assertThat(expand("INTERVAL $__interval_s second, $__interval_ms ms, $__timeFilter_ms(t)"))
                .isEqualTo("INTERVAL 90 second, 90000 ms, t >= fromUnixTimestamp64Milli(1795514400250) AND t <= "
                        + "fromUnixTimestamp64Milli(1795600800750)");
    }

    @Test
    void the_interval_is_whole_seconds_and_at_least_one() {
        QueryContext fine = new QueryContext(CONTEXT.from(), CONTEXT.to(), Duration.ofMillis(1500));
        QueryContext tiny = new QueryContext(CONTEXT.from(), CONTEXT.to(), Duration.ofMillis(200));

        assertThat(PluginMacros.expand("$__interval_s $__timeInterval(t)", fine))
                .isEqualTo("1 toStartOfInterval(toDateTime(t), INTERVAL 1 second)");
        assertThat(PluginMacros.expand("$__interval_s $__timeInterval_ms(t)", tiny))
                .isEqualTo("1 toStartOfInterval(toDateTime64(t, 3), INTERVAL 200 millisecond)");
    }

    @Test
    void macros_nested_in_arguments_expand_first() {
        assertThat(expand("$__timeInterval(greatest(t, $__fromTime))"))
                .isEqualTo("toStartOfInterval(toDateTime(greatest(t, toDateTime(1795514400))), INTERVAL 90 second)");
    }

    @Test
    void an_argument_with_commas_and_parentheses_stays_one_argument() {
        assertThat(expand("$__timeFilter(coalesce(a, b))")).isEqualTo(
                "coalesce(a, b) >= toDateTime(1795514400) AND coalesce(a, b) <= toDateTime(1795600800)");
        assertThat(expand("$__timeFilter(if(x = ')', a, b))")).startsWith("if(x = ')', a, b) >= ");
    }

    @Test
    void comments_are_blanked_and_macros_in_them_never_expand() {
        String sql = "SELECT 1 -- $__timeFilter(t)\nWHERE $__fromTime /* $__toTime */ AND 'it''s -- no comment'";

        assertThat(expand(sql)).isEqualTo("SELECT 1                    \nWHERE toDateTime(1795514400)                "
                + " AND 'it''s -- no comment'");
    }

    @Test
    void quotes_with_backslash_escapes_do_not_end_early() {
        assertThat(expand("SELECT 'O\\'Brien -- x', $__fromTime")).isEqualTo("SELECT 'O\\'Brien -- x', toDateTime(1795514400)");
    }

    @Test
    void a_query_without_macros_is_sent_as_written_comments_included() {
        assertThat(expand("SELECT 1 -- note")).isEqualTo("SELECT 1 -- note");
    }

    @Test
    void a_query_whose_only_macro_is_commented_out_loses_its_comments() {
        assertThat(expand("SELECT 1 -- $__fromTime")).isEqualTo("SELECT 1 " + " ".repeat("-- $__fromTime".length()));
    }

    @Test
    void unknown_macros_and_frontend_syntax_are_left_alone() {
        assertThat(expand("$__unknown(a) $__ $__conditionalAll(x, $v) $v"))
                .isEqualTo("$__unknown(a) $__ $__conditionalAll(x, $v) $v");
    }

    @Test
    void a_known_macro_inside_an_unknown_ones_arguments_still_expands() {
        assertThat(expand("$__unknown($__fromTime)")).isEqualTo("$__unknown(toDateTime(1795514400))");
    }

    @Test
    void unbalanced_parentheses_make_a_call_without_arguments() {
        assertThatThrownBy(() -> expand("$__timeFilter(t"))
                .isInstanceOf(MacroException.class)
                .hasMessage("$__timeFilter expected 1 argument(s), received 0");
    }

    @Test
    void a_wrong_argument_count_is_refused_as_the_plugin_refuses_it() {
        assertThatThrownBy(() -> expand("$__timeFilter(a, b)"))
                .isInstanceOf(MacroException.class)
                .hasMessage("$__timeFilter expected 1 argument(s), received 2");
        assertThatThrownBy(() -> expand("$__dateTimeFilter(a)"))
                .isInstanceOf(MacroException.class)
                .hasMessage("$__dateTimeFilter expected 2 argument(s), received 1");
    }

    @ParameterizedTest(name = "{0} ms → {1}")
    @CsvSource({"500, 500ms", "1000, 1s", "90000, 1m", "3600000, 1h", "86400000, 1d", "129600000, 1d", "0, 1ms"})
    void the_interval_in_grafanas_notation_truncates_to_the_largest_whole_unit(long millis, String expected) {
        assertThat(PluginMacros.grafanaDuration(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
