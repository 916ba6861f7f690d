package dev.annotations.grafana.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every data link, resolved the way Grafana resolves it when a user clicks a cell of the panel's first row
 * ({@code ${__value.raw}} the cell, {@code ${__data.fields.x}} the row's column x): UI links land on a route of the
 * annotation UI naming an object that exists; links into Grafana's trace view run a query that returns the trace.
 */
class DataLinksTest {
    /** ${__value.raw} and ${__data.fields.name}, optionally with Grafana's :percentencode (for query parameters). */
    private static final Pattern VALUE = Pattern.compile("\\$\\{__(value\\.raw|data\\.fields\\.(\\w+))(:percentencode)?}");
    private static final String UI = "http://localhost:8080";

    static Stream<Dashboard.DataLink> links() {
        return Dashboard.all().stream().flatMap(d -> d.panels().stream()).flatMap(p -> p.links().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("links")
    void every_link_resolves_on_the_panels_data(Dashboard.DataLink link) {
        assertThat(link.field()).as(link + ": links are attached to a column").isNotNull();
        QueryResult rows = DashboardQueriesTest.run(link.panel().targets().getFirst(), Scenario.ALL);
        List<JsonNode> row = rows.rows().stream()
                .filter(candidate -> !candidate.get(rows.columnIndex(link.field())).asText().isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError(link + ": no row with a " + link.field()));
        String value = row.get(rows.columnIndex(link.field())).asText();

        if (link.internal()) {
            traceViewShowsTheTrace(link, value);
        } else {
            uiRouteNamesAnExistingObject(link, resolve(link.url(), rows, row, value));
        }
    }

    private static void traceViewShowsTheTrace(Dashboard.DataLink link, String traceId) {
        JsonNode query = link.internalQuery();
        assertThat(query.path("format").asInt()).as(link + ": the plugin's trace format").isEqualTo(3);
        assertThat(query.path("builderOptions").path("meta").path("traceId").asText()).isEqualTo("${__value.raw}");
        String sql = query.path("rawSql").asText().replace("${__value.raw}", traceId);

        QueryResult spans = LoadedFixture.get().grafana().query(sql);

        Shapes.trace(link.toString(), spans);
        assertThat(spans.rows()).as(link + ": spans of " + traceId).isNotEmpty()
                .allSatisfy(span -> assertThat(span.get(spans.columnIndex("traceID")).asText()).isEqualTo(traceId));
        long stored = LoadedFixture.get().sql().query("SELECT count() FROM otel_traces WHERE TraceId = '" + traceId + "'")
                .rows().getFirst().getFirst().asLong();
        assertThat(spans.rows()).as(link + ": every span of the trace").hasSize((int) stored);
    }

    private static void uiRouteNamesAnExistingObject(Dashboard.DataLink link, String url) {
        UiRoutes.Match match = UiRoutes.match(url).orElseThrow(() -> new AssertionError(link + ": " + url + " is no UI route"));
        assertThat(url).as(link.toString()).startsWith(UI + "/ui/").doesNotContain("${");
        String existing = switch (match.route()) {
            case "/ui/traces/{traceId}" -> "SELECT count() FROM otel_traces WHERE TraceId = '" + match.parameters().getFirst() + "'";
            case "/ui/sessions/{sessionId}" -> "SELECT count() FROM otel_traces WHERE SpanAttributes['session.id'] = '"
                    + match.parameters().getFirst() + "'";
            case "/ui/queues/{id}", "/ui/queues/{id}/review" -> "SELECT count() FROM annotation_queues WHERE id = '"
                    + match.parameters().getFirst() + "'";
            case "/ui/spans" -> "SELECT 1";
            default -> throw new AssertionError("a route without a check: " + match.route());
        };
        assertThat(LoadedFixture.get().sql().query(existing).rows().getFirst().getFirst().asLong())
                .as(link + ": " + url + " names something stored").isPositive();
    }

    private static String resolve(String url, QueryResult rows, List<JsonNode> row, String value) {
        Matcher values = VALUE.matcher(url.replace(UiRoutes.BASE_VARIABLE, UI));
        StringBuilder out = new StringBuilder();
        while (values.find()) {
            String raw = values.group(2) == null ? value : row.get(rows.columnIndex(values.group(2))).asText();
            String inserted = values.group(3) == null ? raw
                    : URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
            values.appendReplacement(out, Matcher.quoteReplacement(inserted));
        }
        values.appendTail(out);
        return out.toString();
    }
}
