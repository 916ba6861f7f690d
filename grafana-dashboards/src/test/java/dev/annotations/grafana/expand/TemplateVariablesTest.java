package dev.annotations.grafana.expand;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser's half: the plugin's $__conditionalAll and Grafana's variable formats. */
class TemplateVariablesTest {
    private static final QueryContext CONTEXT = new QueryContext(Instant.ofEpochMilli(1795514400250L),
            Instant.ofEpochMilli(1795600800750L), Duration.ofSeconds(60));
    private static final List<String> SERVICES = List.of("checkout", "search-api", "support-bot");

    private static String apply(String sql, Variable... variables) {
        return new TemplateVariables(List.of(variables), CONTEXT).apply(sql);
    }

    @Test
    void conditional_all_becomes_true_when_all_is_selected() {
        assertThat(apply("WHERE $__conditionalAll(s IN (${service:singlequote}), $service) AND x",
                Variable.all("service", true, SERVICES))).isEqualTo("WHERE 1=1 AND x");
    }

    @Test
    void conditional_all_keeps_the_condition_for_chosen_values_and_then_interpolates_it() {
        assertThat(apply("WHERE $__conditionalAll(s IN (${service:singlequote}), $service)",
                Variable.several("service", SERVICES, List.of("checkout", "support-bot"))))
                .isEqualTo("WHERE s IN ('checkout','support-bot')");
    }

    @Test
    void conditional_all_reads_the_braced_form_of_the_variable() {
        assertThat(apply("$__conditionalAll(s = '${service}', ${service})", Variable.all("service", false, SERVICES)))
                .isEqualTo("1=1");
    }

    @Test
    void conditional_all_with_a_formatted_variable_never_recognises_it_and_keeps_the_condition() {
        assertThat(apply("$__conditionalAll(s IN (${service:singlequote}), ${service:singlequote})",
                Variable.all("service", true, SERVICES)))
                .isEqualTo("s IN ('checkout','search-api','support-bot')");
    }

    @Test
    void conditional_all_becomes_true_for_an_empty_text_box() {
        assertThat(apply("$__conditionalAll(Body LIKE '%${q}%', $q)", Variable.text("q", ""))).isEqualTo("1=1");
    }

    @Test
    void several_conditional_alls_are_each_replaced() {
        assertThat(apply("$__conditionalAll(a IN ($a), $a) AND $__conditionalAll(b IN ($b), $b)",
                Variable.all("a", true, List.of("1")), Variable.several("b", List.of("x", "y"), List.of("y"))))
                .isEqualTo("1=1 AND b IN ('y')");
    }

    @Test
    void a_conditional_all_without_two_arguments_stops_the_pass_and_is_left_as_written() {
        assertThat(apply("$__conditionalAll(a, $a) AND $__conditionalAll(broken)", Variable.all("a", true, List.of("1"))))
                .isEqualTo("$__conditionalAll(a, '1') AND $__conditionalAll(broken)");
    }

    @Test
    void the_plugins_default_format_quotes_lists_but_not_single_values() {
        assertThat(apply("IN ($service) = '$one'",
                Variable.several("service", SERVICES, List.of("checkout")),
                Variable.single("one", SERVICES, "search-api")))
                .isEqualTo("IN ('checkout') = 'search-api'");
    }

    @Test
    void the_plugins_default_format_does_not_escape_quotes_but_singlequote_does() {
        Variable name = Variable.several("name", List.of("it's"), List.of("it's"));

        assertThat(apply("$name", name)).isEqualTo("'it's'");
        assertThat(apply("${name:singlequote}", name)).isEqualTo("'it\\'s'");
        assertThat(apply("${name:sqlstring}", name)).isEqualTo("'it''s'");
    }

    @Test
    void all_without_a_custom_value_means_every_option() {
        assertThat(apply("${service:singlequote} | $service | ${service:csv}", Variable.all("service", true, SERVICES)))
                .isEqualTo("'checkout','search-api','support-bot' | 'checkout','search-api','support-bot' | "
                        + "checkout,search-api,support-bot");
    }

    @Test
    void a_custom_all_value_is_inserted_as_written_whatever_the_format() {
        Variable service = new Variable("service", true, true, Optional.of(".*"), SERVICES, List.of(), true);

        assertThat(apply("$service ${service:singlequote}", service)).isEqualTo(".* .*");
    }

    @Test
    void the_legacy_bracket_form_and_the_built_in_time_variables_are_replaced() {
        assertThat(apply("[[one]] $__from ${__to} $__interval $__interval_ms",
                Variable.single("one", SERVICES, "checkout")))
                .isEqualTo("checkout 1795514400250 1795600800750 1m 60000");
    }

    @Test
    void unknown_variables_and_server_side_macros_are_left_for_the_backend() {
        assertThat(apply("$nope ${nope:csv} $__timeFilter(t) $__interval_s $__fromTime"))
                .isEqualTo("$nope ${nope:csv} $__timeFilter(t) $__interval_s $__fromTime");
    }
}
