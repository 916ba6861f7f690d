package dev.annotations.grafana.dashboard;

import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.expand.Variable;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every panel query and every variable query of every dashboard, prepared exactly as Grafana and the ClickHouse
 * plugin prepare it (browser interpolation, then the plugin's server-side macros), runs on the fixture in the
 * embedded engine over the HTTP interface, for a "last 24 hours" range in each {@link Scenario}, and returns rows
 * of the shape its format and panel need.
 */
class DashboardQueriesTest {
    private static final Map<String, List<Variable>> RESOLVED = new HashMap<>();

    static QueryContext context(Scenario scenario) {
        return QueryContext.last(Duration.ofHours(24), LoadedFixture.get().now(), scenario.interval());
    }

    static synchronized List<Variable> variables(Dashboard dashboard, Scenario scenario) {
        return RESOLVED.computeIfAbsent(dashboard.uid() + "/" + scenario, key ->
                Variables.resolve(dashboard, scenario, context(scenario), LoadedFixture.get().grafana()));
    }

    static QueryResult run(Dashboard.Target target, Scenario scenario) {
        List<Variable> variables = variables(target.panel().dashboard(), scenario);
        return LoadedFixture.get().grafana().query(Expansion.panelQuery(target.rawSql(), variables, context(scenario)));
    }

    static Stream<Arguments> targets() {
        return Dashboard.all().stream()
                .flatMap(dashboard -> dashboard.panels().stream())
                .flatMap(panel -> panel.targets().stream())
                .flatMap(target -> Stream.of(Scenario.values()).map(scenario -> Arguments.of(target, scenario)));
    }

    @ParameterizedTest(name = "{0} · {1}")
    @MethodSource("targets")
    void every_panel_query_runs_and_returns_what_its_format_needs(Dashboard.Target target, Scenario scenario) {
        Shapes.check(target, run(target, scenario));
    }

    static Stream<Arguments> dashboardsAndScenarios() {
        return Dashboard.all().stream().flatMap(d -> Stream.of(Scenario.values()).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} · {1}")
    @MethodSource("dashboardsAndScenarios")
    void every_variable_query_offers_values_including_the_ones_selected(Dashboard dashboard, Scenario scenario) {
        List<Variable> variables = variables(dashboard, scenario);

        assertThat(variables).extracting(Variable::name)
                .containsExactlyElementsOf(dashboard.variables().stream().map(Dashboard.VariableDefinition::name).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panels")
    void every_field_an_override_names_is_a_column_the_panel_returns(Dashboard.Panel panel) {
        List<String> columns = panel.targets().stream()
                .flatMap(target -> run(target, Scenario.ALL).columns().stream())
                .map(QueryResult.Column::name).toList();

        assertThat(columns).as(panel + ": columns").containsAll(panel.overriddenFields());
    }

    static Stream<Dashboard.Panel> panels() {
        return Dashboard.all().stream().flatMap(dashboard -> dashboard.panels().stream());
    }

    @Test
    void selecting_values_narrows_what_all_shows() {
        Dashboard quality = Dashboard.all().stream().filter(d -> d.uid().equals("annotations-quality")).findFirst().orElseThrow();
        Dashboard.Target byModel = quality.panels().stream().filter(p -> p.title().equals("Quality by model"))
                .findFirst().orElseThrow().targets().getFirst();

        QueryResult all = run(byModel, Scenario.ALL);
        QueryResult one = run(byModel, Scenario.ONE);

        assertThat(all.rows().stream().map(row -> row.get(0).asText()).distinct())
                .containsExactlyInAnyOrder("claude-sonnet-4", "gpt-4o", "llama-3-70b");
        assertThat(one.rows()).allSatisfy(row -> {
            assertThat(row.get(0).asText()).isEqualTo("gpt-4o");
            assertThat(row.get(1).asText()).isEqualTo("correctness");
        });
    }
}
