package dev.annotations.grafana.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.engine.QueryResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a query's answer must look like for its format and panel, as Grafana's data frames take it: a time series
 * (the plugin hands it to sqlds, which turns a "long" frame wide) needs a time first, numbers, text columns only as
 * series labels, ascending time and one row per time and labels; a stat needs a number; a bar chart its x field and
 * a number; a trace (Grafana's trace view) the trace frame's fields.
 */
final class Shapes {
    static final List<String> TRACE_FIELDS = List.of("traceID", "spanID", "parentSpanID", "serviceName", "operationName",
            "startTime", "duration", "tags", "serviceTags");

    private Shapes() {
    }

    static void check(Dashboard.Target target, QueryResult result) {
        String where = target.toString();
        assertThat(result.rows()).as(where + ": rows").isNotEmpty();
        assertThat(result.columns()).as(where + ": columns").allSatisfy(column ->
                assertThat(column.name()).as(where + ": column name").isNotBlank());
        switch (target.format()) {
            case 0 -> timeSeries(where, result);
            case 1 -> table(target, where, result);
            case 3 -> trace(where, result);
            default -> throw new AssertionError(where + ": format " + target.format() + " is not used by these dashboards");
        }
    }

    private static void timeSeries(String where, QueryResult result) {
        QueryResult.Column time = result.columns().getFirst();
        assertThat(time.isTime()).as(where + ": first column " + time + " is a time").isTrue();
        List<QueryResult.Column> rest = result.columns().subList(1, result.columns().size());
        assertThat(rest).as(where + ": a numeric value column").anyMatch(QueryResult.Column::isNumeric);
        assertThat(rest).as(where + ": other columns are numbers or labels").allMatch(c -> c.isNumeric() || c.isText());
        List<Integer> labels = new ArrayList<>();
        for (int i = 1; i < result.columns().size(); i++) {
            if (result.columns().get(i).isText()) {
                labels.add(i);
            }
        }
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (List<JsonNode> row : result.rows()) {
            String at = row.getFirst().asText();
            if (previous != null) {
                assertThat(at).as(where + ": time ascending").isGreaterThanOrEqualTo(previous);
            }
            previous = at;
            StringBuilder key = new StringBuilder(at);
            labels.forEach(i -> key.append('\u0001').append(row.get(i).asText()));
            assertThat(seen.add(key.toString())).as(where + ": one row per time and labels: " + key).isTrue();
        }
    }

    private static void table(Dashboard.Target target, String where, QueryResult result) {
        Dashboard.Panel panel = target.panel();
        switch (panel.type()) {
            case "stat" -> assertThat(result.columns()).as(where + ": a number").anyMatch(QueryResult.Column::isNumeric);
            case "barchart" -> {
                String x = panel.json().path("options").path("xField").asText();
                assertThat(result.columns()).as(where + ": the x field " + x)
                        .anyMatch(column -> column.name().equals(x) && column.isText());
                assertThat(result.columns()).as(where + ": a number").anyMatch(QueryResult.Column::isNumeric);
            }
            case "table" -> {
            }
            default -> throw new AssertionError(where + ": a table-format query in a " + panel.type() + " panel");
        }
    }

    static void trace(String where, QueryResult result) {
        List<String> names = result.columns().stream().map(QueryResult.Column::name).toList();
        assertThat(names).as(where + ": the trace frame's fields").containsAll(TRACE_FIELDS);
        assertThat(result.columns().get(result.columnIndex("startTime")).isNumeric()).as(where + ": startTime in ms").isTrue();
        assertThat(result.columns().get(result.columnIndex("duration")).isNumeric()).as(where + ": duration in ms").isTrue();
    }
}
