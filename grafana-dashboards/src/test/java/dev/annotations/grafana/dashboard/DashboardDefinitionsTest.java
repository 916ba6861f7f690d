package dev.annotations.grafana.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What Grafana needs of the dashboard files themselves, checked without running anything. */
class DashboardDefinitionsTest {
    static final String DATASOURCE_TYPE = "grafana-clickhouse-datasource";
    static final String DATASOURCE_UID = "annotations-clickhouse";
    /** Grafana's variable syntax: $name, ${name…}, [[name…]]. */
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)[^}]*}|\\[\\[(\\w+)[^]]*]]");

    static Stream<Dashboard> dashboards() {
        return Dashboard.all().stream();
    }

    @Test
    void the_five_dashboards_are_there_with_distinct_uids() {
        assertThat(Dashboard.all()).extracting(Dashboard::uid).containsExactlyInAnyOrder("annotations-quality",
                "annotations-queues", "annotations-judges", "annotations-feedback", "annotations-retrieval");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_datasource_reference_is_the_provisioned_uid(Dashboard dashboard) {
        List<JsonNode> references = new ArrayList<>();
        collect(dashboard.json(), "datasource", references);
        List<JsonNode> clickhouse = references.stream()
                .filter(reference -> !reference.path("type").asText().equals("grafana")).toList();

        assertThat(clickhouse).isNotEmpty().allSatisfy(reference -> {
            assertThat(reference.path("type").asText()).isEqualTo(DATASOURCE_TYPE);
            assertThat(reference.path("uid").asText()).isEqualTo(DATASOURCE_UID);
        });
        List<JsonNode> internal = new ArrayList<>();
        collect(dashboard.json(), "internal", internal);
        assertThat(internal).allSatisfy(link -> assertThat(link.path("datasourceUid").asText()).isEqualTo(DATASOURCE_UID));
        assertThat(dashboard.variables()).noneMatch(variable -> variable.type().equals("datasource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_panel_is_a_clickhouse_sql_query_with_the_plugins_format(Dashboard dashboard) {
        assertThat(dashboard.panels()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.targets()).as(panel.toString()).isNotEmpty().allSatisfy(target -> {
                assertThat(target.json().path("editorType").asText()).as(target.toString()).isEqualTo("sql");
                assertThat(target.rawSql()).as(target.toString()).isNotBlank();
                assertThat(target.format()).as(target.toString()).isIn(0, 1);
                assertThat(target.json().path("queryType").asText()).as(target.toString())
                        .isEqualTo(target.format() == 0 ? "timeseries" : "table");
            });
            if (panel.type().equals("timeseries")) {
                assertThat(panel.targets()).as(panel + ": a time series panel plots time series").allMatch(t -> t.format() == 0);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_variable_used_is_defined(Dashboard dashboard) {
        Set<String> defined = new HashSet<>();
        dashboard.variables().forEach(variable -> defined.add(variable.name()));
        List<String> texts = new ArrayList<>();
        dashboard.panels().forEach(panel -> {
            texts.add(panel.title());
            panel.targets().forEach(target -> texts.add(target.rawSql()));
            panel.links().forEach(link -> {
                texts.add(link.url());
                texts.add(link.title());
                if (link.internal()) {
                    texts.add(link.internalQuery().path("rawSql").asText());
                }
            });
        });
        dashboard.variables().forEach(variable -> texts.add(variable.rawSql()));

        Set<String> used = new HashSet<>();
        for (String text : texts) {
            Matcher matcher = VARIABLE_USE.matcher(text);
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                // $__… are Grafana's built-ins (__value, __data, __from …) and the plugin's macros
                if (!name.startsWith("__")) {
                    used.add(name);
                }
            }
        }
        assertThat(defined).as(dashboard + ": variables used").containsAll(used);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void variables_come_before_the_variables_that_use_them(Dashboard dashboard) {
        List<String> seen = new ArrayList<>();
        for (Dashboard.VariableDefinition variable : dashboard.variables()) {
            Matcher matcher = VARIABLE_USE.matcher(variable.rawSql());
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (name != null && !name.startsWith("__")) {
                    assertThat(seen).as(dashboard + ": " + variable.name() + " uses " + name).contains(name);
                }
            }
            seen.add(variable.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void every_ui_link_goes_to_a_route_of_the_annotation_ui(Dashboard dashboard) {
        List<Dashboard.DataLink> links = dashboard.panels().stream().flatMap(panel -> panel.links().stream())
                .filter(link -> !link.internal()).toList();

        assertThat(links).allSatisfy(link -> {
            assertThat(link.url()).as(link.toString()).startsWith(UiRoutes.BASE_VARIABLE + "/ui/");
            String sample = link.url().replace(UiRoutes.BASE_VARIABLE, "http://ui.example")
                    .replaceAll("\\$\\{[^}]+}", "x0");
            assertThat(UiRoutes.match(sample)).as(link + " → " + sample).isPresent();
        });
    }

    @Test
    void every_route_of_the_ui_is_linked_from_some_dashboard() {
        Set<String> linked = new HashSet<>();
        Dashboard.all().stream().flatMap(d -> d.panels().stream()).flatMap(p -> p.links().stream())
                .filter(link -> !link.internal())
                .forEach(link -> UiRoutes.match(link.url().replace(UiRoutes.BASE_VARIABLE, "http://ui.example")
                        .replaceAll("\\$\\{[^}]+}", "x0")).ifPresent(match -> linked.add(match.route())));

        assertThat(linked).containsExactlyInAnyOrderElementsOf(UiRoutes.ROUTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void panel_ids_are_unique_and_panels_fit_the_grid(Dashboard dashboard) {
        Set<Integer> ids = new HashSet<>();
        List<JsonNode> all = new ArrayList<>(dashboard.rows());
        dashboard.panels().forEach(panel -> all.add(panel.json()));
        assertThat(all).allSatisfy(panel -> {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id " + panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void the_shared_variables_offer_all(Dashboard dashboard) {
        Set<String> shared = Set.of("project", "service", "model", "score_name", "queue", "annotator", "judge");
        assertThat(dashboard.variables()).filteredOn(variable -> shared.contains(variable.name())).isNotEmpty()
                .allSatisfy(variable -> {
                    assertThat(variable.includeAll()).as(variable.name()).isTrue();
                    assertThat(variable.multi()).as(variable.name()).isTrue();
                    assertThat(variable.json().has("allValue") && !variable.json().path("allValue").isNull())
                            .as(variable.name() + ": All means every value, no custom all value").isFalse();
                });
    }

    private static void collect(JsonNode node, String field, List<JsonNode> into) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals(field) && entry.getValue().isObject()) {
                    into.add(entry.getValue());
                }
                collect(entry.getValue(), field, into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, into));
        }
    }
}
