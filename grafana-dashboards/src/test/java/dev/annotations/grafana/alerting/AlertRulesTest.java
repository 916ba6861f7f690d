package dev.annotations.grafana.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned alert rules, evaluated the way Grafana's alerting evaluates them: query A through the plugin's
 * server-side macros only (no browser: no variables, no $__conditionalAll) over the rule's relative time range,
 * its table answer read as one number per label set, expression B's threshold applied to each. On the fixture,
 * each rule fires for exactly the situation built into it.
 */
class AlertRulesTest {
    static List<AlertRules.Rule> rules() {
        return AlertRules.all();
    }

    /** Evaluates a rule at the fixture's now: the label sets (text columns) whose number crosses the threshold. */
    static List<Map<String, String>> firing(AlertRules.Rule rule) {
        QueryResult result = LoadedFixture.get().grafana().query(Expansion.alertQuery(rule.rawSql(), rule.context(LoadedFixture.get().now())));
        List<QueryResult.Column> numbers = result.columns().stream().filter(QueryResult.Column::isNumeric).toList();
        assertThat(numbers).as(rule + ": one number per row (Grafana reads a table as one value per label set)").hasSize(1);
        assertThat(result.columns()).as(rule + ": the other columns are labels").allMatch(c -> c.isNumeric() || c.isText());

        JsonNode evaluator = rule.threshold().path("model").path("conditions").get(0).path("evaluator");
        double limit = evaluator.path("params").get(0).asDouble();
        List<Map<String, String>> firing = new ArrayList<>();
        int valueColumn = result.columns().indexOf(numbers.getFirst());
        for (List<JsonNode> row : result.rows()) {
            double value = row.get(valueColumn).asDouble();
            boolean fires = switch (evaluator.path("type").asText()) {
                case "gt" -> value > limit;
                case "lt" -> value < limit;
                default -> throw new AssertionError(rule + ": evaluator " + evaluator);
            };
            if (fires) {
                Map<String, String> labels = new TreeMap<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    if (i != valueColumn) {
                        labels.put(result.columns().get(i).name(), row.get(i).asText());
                    }
                }
                firing.add(labels);
            }
        }
        return firing;
    }

    @Test
    void the_three_rules_are_provisioned_in_one_group() {
        assertThat(rules()).extracting(AlertRules.Rule::uid).containsExactly("annotations-thumbs-down-rate",
                "annotations-judge-kappa-low", "annotations-queue-backlog-growing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void each_rule_queries_the_provisioned_datasource_and_thresholds_its_answer(AlertRules.Rule rule) {
        JsonNode query = rule.query();
        assertThat(query.path("refId").asText()).isEqualTo("A");
        assertThat(query.path("datasourceUid").asText()).isEqualTo("annotations-clickhouse");
        assertThat(query.path("model").path("datasource").path("uid").asText()).isEqualTo("annotations-clickhouse");
        assertThat(query.path("model").path("editorType").asText()).isEqualTo("sql");
        assertThat(query.path("model").path("format").asInt()).as("table format").isEqualTo(1);
        assertThat(rule.json().path("condition").asText()).isEqualTo("B");
        JsonNode threshold = rule.threshold();
        assertThat(threshold.path("datasourceUid").asText()).isEqualTo("__expr__");
        assertThat(threshold.path("model").path("type").asText()).isEqualTo("threshold");
        assertThat(threshold.path("model").path("expression").asText()).isEqualTo("A");
        assertThat(rule.json().path("for").asText()).matches("\\d+[smh]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void each_rule_query_needs_nothing_a_browser_would_fill_in(AlertRules.Rule rule) {
        String sql = rule.rawSql();
        String sent = Expansion.alertQuery(sql, QueryContext.last(Duration.ofHours(1), LoadedFixture.get().now(), Duration.ofMinutes(1)));

        assertThat(sql).doesNotContain("$__conditionalAll");
        assertThat(sent).as("no variable or macro left").doesNotContainPattern("\\$\\w|\\$\\{");
    }

    @Test
    void the_thumbs_down_rule_fires_for_the_service_whose_users_are_unhappy() {
        assertThat(firing(rule("annotations-thumbs-down-rate"))).containsExactly(Map.of("service", "checkout"));
    }

    @Test
    void the_kappa_rule_fires_for_the_judge_no_better_than_chance_and_not_for_the_good_one() {
        List<Map<String, String>> firing = firing(rule("annotations-judge-kappa-low"));

        assertThat(firing).extracting(labels -> labels.get("judge") + " on " + labels.get("name"))
                .containsExactly("refund-amount-check on correctness");
    }

    @Test
    void the_backlog_rule_fires_for_the_queue_filling_up() {
        assertThat(firing(rule("annotations-queue-backlog-growing"))).containsExactly(Map.of("queue", "quick-check"));
    }

    @Test
    void the_backlog_rule_counts_what_folding_every_items_submissions_counts() throws IOException {
        // its query before it looked only at the items submitted to in the range (kept for the benchmark's before/after)
        String everyItem;
        try (InputStream in = AlertRulesTest.class.getClassLoader().getResourceAsStream("bench/earlier/annotations-queue-backlog-growing.sql")) {
            everyItem = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        AlertRules.Rule rule = rule("annotations-queue-backlog-growing");
        List<Double> growths = new ArrayList<>();
        for (int hoursBack = 0; hoursBack < 24; hoursBack += 3) {
            QueryContext range = QueryContext.last(Duration.ofHours(1), LoadedFixture.get().now().minus(Duration.ofHours(hoursBack)),
                    Duration.ofMinutes(1));

            QueryResult now = LoadedFixture.get().grafana().query(Expansion.alertQuery(rule.rawSql(), range));
            QueryResult before = LoadedFixture.get().grafana().query(Expansion.alertQuery(everyItem, range));

            assertThat(now.rows()).as(hoursBack + " h back").isEqualTo(before.rows());
            now.rows().forEach(row -> growths.add(row.getLast().asDouble()));
        }
        assertThat(growths).as("windows where items were added or completed").anyMatch(growth -> growth != 0);
    }

    private static AlertRules.Rule rule(String uid) {
        return rules().stream().filter(rule -> rule.uid().equals(uid)).findFirst().orElseThrow();
    }
}
