package dev.annotations.grafana.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.fixture.FixtureData;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Latest comments" reads V081's copy of the FEEDBACK comments (annotation_feedback_comments, filled by a
 * materialized view), not every live score of the range: it must show what the documented view
 * annotation_scores_by_time shows, and an edit that removes a comment or a deletion must take it off.
 */
class LatestCommentsTest {
    /** The panel's query before V081 (kept for the benchmark's before/after): every live score of the range, FINAL. */
    private static final String FROM_ALL_SCORES = resource("bench/earlier/latest-comments.sql");

    private static Dashboard.Target panel() {
        return Dashboard.all().stream().filter(d -> d.uid().equals("annotations-feedback")).findFirst().orElseThrow()
                .panels().stream().filter(p -> p.title().equals("Latest comments")).findFirst().orElseThrow()
                .targets().getFirst();
    }

    private static QueryResult run(String rawSql, Scenario scenario, QueryContext context) {
        Dashboard feedback = panel().panel().dashboard();
        return LoadedFixture.get().grafana().query(Expansion.panelQuery(rawSql, DashboardQueriesTest.variables(feedback, scenario), context));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    void the_panel_shows_the_comments_that_reading_every_live_score_of_the_range_shows(Scenario scenario) {
        QueryContext range = DashboardQueriesTest.context(scenario);

        List<List<String>> shown = rows(run(panel().rawSql(), scenario, range));
        List<List<String>> expected = rows(run(FROM_ALL_SCORES, scenario, range));

        assertThat(expected).as("the fixture has comments in this scenario").isNotEmpty();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(shown).extracting(row -> row.getFirst()).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void a_comment_edited_away_or_deleted_leaves_the_panel() {
        // a month back, where no other test looks: the scores written here change nothing the other tests read
        Instant at = LoadedFixture.get().now().minus(Duration.ofDays(30));
        QueryContext range = new QueryContext(at.minus(Duration.ofHours(1)), at.plus(Duration.ofHours(1)), Duration.ofMinutes(1));
        Map<String, Object> edited = feedback(at, "the refund never arrived");
        Map<String, Object> deleted = feedback(at.plusSeconds(1), "wrong answer twice");
        LoadedFixture.get().sql().insert("annotation_scores", List.of(edited, deleted));
        assertThat(comments(range)).containsExactlyInAnyOrder("the refund never arrived", "wrong answer twice");

        Map<String, Object> withoutComment = new LinkedHashMap<>(edited);
        withoutComment.put("comment", "");
        withoutComment.put("updated_at", FixtureData.time(at.plusSeconds(60)));
        withoutComment.put("version", 2);
        Map<String, Object> tombstone = new LinkedHashMap<>(deleted);
        tombstone.put("version", 2);
        tombstone.put("is_deleted", 1);
        LoadedFixture.get().sql().insert("annotation_scores", List.of(withoutComment, tombstone));

        assertThat(comments(range)).isEmpty();
    }

    private static List<String> comments(QueryContext range) {
        QueryResult result = run(panel().rawSql(), Scenario.ALL, range);
        return result.rows().stream().map(row -> row.get(result.columnIndex("comment")).asText()).toList();
    }

    private static Map<String, Object> feedback(Instant at, String comment) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("project_id", FixtureData.PROJECT);
        row.put("id", UUID.randomUUID());
        row.put("target_type", "TRACE");
        row.put("trace_id", UUID.randomUUID().toString().replace("-", ""));
        for (String empty : List.of("span_id", "session_id", "dataset_id", "item_id", "string_value")) {
            row.put(empty, "");
        }
        row.put("document_position", -1);
        row.put("name", "helpfulness");
        row.put("data_type", "NUMERIC");
        row.put("value", 2.0);
        row.put("labels", List.of());
        row.put("comment", comment);
        row.put("metadata", Map.of());
        row.put("config_id", null);
        row.put("queue_id", null);
        row.put("source", "FEEDBACK");
        row.put("annotator_kind", "HUMAN");
        row.put("author", "user-30-days-ago");
        row.put("created_by", "otel-evaluation-events");
        for (String time : List.of("timestamp", "created_at", "updated_at")) {
            row.put(time, FixtureData.time(at));
        }
        row.put("changed_by", "user-30-days-ago");
        row.put("version", 1);
        row.put("is_deleted", 0);
        return row;
    }

    private static List<List<String>> rows(QueryResult result) {
        return result.rows().stream().map(row -> row.stream().map(JsonNode::asText).toList()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = LatestCommentsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
