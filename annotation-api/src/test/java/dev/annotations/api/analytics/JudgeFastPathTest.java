package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.ApiClient;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.JudgeQueries;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.score.TimeBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Judge calibration's fast path (one pass, a single rating is its own consensus) gives what the full rule gives
 * (the judges' latest scores joined with the view annotation_consensus), cell for cell: every judged unit's
 * judge score lies on a day of its own, so each cell is one unit. The units cover single ratings (in and out of
 * a reviewed queue, edited, with a deleted newer score), ties, majorities, approved submissions that outvote
 * outsiders, multi-select halves, means and medians, a judge's edited and deleted scores, two judges on a unit,
 * and units judged without humans or rated without a judge.
 */
class JudgeFastPathTest {
    private static AnalyticsFixture f;
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    private static int day;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String at() {
        return "\"timestamp\":\"" + FIRST_DAY.plusDays(day++) + "T12:00:00Z\"";
    }

    private static String judge(String target, String[] config, String content, String author) {
        return "{\"target\":" + target + ",\"name\":\"" + config[1] + "\",\"configId\":\"" + config[0] + "\"," + content
                + ",\"source\":\"EVAL\",\"annotatorKind\":\"LLM\",\"author\":\"" + author + "\"," + at() + "}";
    }

    private static String post(String author, String score) {
        ApiClient.Response response = f.client.postJson("/api/v1/scores", f.key(author), score);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    @Test
    void single_select_units_get_the_same_cells_from_the_fast_path_as_from_the_full_rule() {
        String[] verdict = f.config("fast-one", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"b\",\"value\":2},{\"label\":\"c\",\"value\":3}]}");
        Random random = new Random(11);
        List<String> judged = new ArrayList<>();
        // single ratings, majorities and ties at random: 0–4 humans per unit
        for (int unit = 0; unit < 40; unit++) {
            String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            int humans = unit % 5;
            for (int h = 0; h < humans; h++) {
                f.scores("fh-" + h, List.of(AnalyticsFixture.score(target, verdict, "\"label\":\"" + "abc".charAt(random.nextInt(3)) + "\"")));
            }
            if (unit % 7 != 6) {
                judged.add(judge(target, verdict, "\"label\":\"" + "abc".charAt(random.nextInt(3)) + "\"", "judge-1"));
            }
            if (unit % 6 == 0) {
                judged.add(judge(target, verdict, "\"label\":\"a\"", "judge-2"));
            }
        }
        // edited: a single rating in two versions, and a judge's score edited
        String edited = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        String editedId = post("fh-0", AnalyticsFixture.score(edited, verdict, "\"label\":\"a\""));
        assertThat(f.client.patchJson("/api/v1/scores/" + editedId, f.admin, "{\"label\":\"b\"}").status()).isEqualTo(200);
        String judgeEdited = post("judge-runner", judge(edited, verdict, "\"label\":\"a\"", "judge-1"));
        assertThat(f.client.patchJson("/api/v1/scores/" + judgeEdited, f.admin, "{\"label\":\"c\"}").status()).isEqualTo(200);
        // deleted: the author's newer score is deleted, their earlier one counts again (one live row: fast path);
        // the judge's newer score is deleted too
        String deleted = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        post("fh-1", AnalyticsFixture.score(deleted, verdict, "\"label\":\"a\",\"timestamp\":\"2026-11-01T10:00:00Z\""));
        String newer = post("fh-1", AnalyticsFixture.score(deleted, verdict, "\"label\":\"c\",\"timestamp\":\"2026-11-02T10:00:00Z\""));
        post("judge-runner", judge(deleted, verdict, "\"label\":\"b\"", "judge-1"));
        String newerJudge = post("judge-runner", judge(deleted, verdict, "\"label\":\"c\"", "judge-1"));
        assertThat(f.client.delete("/api/v1/scores/" + newer, f.admin).status()).isEqualTo(204);
        assertThat(f.client.delete("/api/v1/scores/" + newerJudge, f.admin).status()).isEqualTo(204);
        // reviewed: approved submissions outvote three outsiders; a single approved submission; one not approved
        f.key("fq-1");
        f.key("fq-2");
        String reviewer = f.key("frev", "REVIEWER");
        String queue = queue(verdict[0], "\"fq-1\",\"fq-2\"", 2);
        for (int i = 0; i < 3; i++) {
            String trace = AnalyticsFixture.trace();
            String target = AnalyticsFixture.traceTarget(trace);
            String item = addItem(queue, trace);
            submit(queue, item, "fq-1", verdict[0], "b");
            submit(queue, item, "fq-2", verdict[0], i == 0 ? "b" : "a");
            if (i < 2) {
                for (int o = 0; o < 3; o++) {
                    f.scores("fo-" + o, List.of(AnalyticsFixture.score(target, verdict, "\"label\":\"c\"")));
                }
            }
            if (i != 1) {
                assertThat(f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/approve", reviewer, "{}")
                        .status()).isEqualTo(200);
            }
            judged.add(judge(target, verdict, "\"label\":\"b\"", "judge-1"));
        }
        String lone = AnalyticsFixture.trace();
        String loneItem = addItem(queue, lone);
        submit(queue, loneItem, "fq-1", verdict[0], "c");
        judged.add(judge(AnalyticsFixture.traceTarget(lone), verdict, "\"label\":\"c\"", "judge-1"));
        f.scores("judge-runner", judged);

        assertSamePaths(verdict, RatingSelection.ValueKind.LABEL);
    }

    @Test
    void multi_select_and_numeric_units_get_the_same_cells_from_the_fast_path_as_from_the_full_rule() {
        String[] tags = f.config("fast-many", "{\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":["
                + "{\"label\":\"x\",\"value\":0},{\"label\":\"y\",\"value\":0},{\"label\":\"z\",\"value\":0}]}");
        String[] stars = f.config("fast-num", "{\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10}");
        Random random = new Random(5);
        List<String> judged = new ArrayList<>();
        for (String[] config : List.of(tags, stars)) {
            for (int unit = 0; unit < 30; unit++) {
                String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
                for (int h = 0; h < unit % 5; h++) {
                    f.scores("fm-" + h, List.of(AnalyticsFixture.score(target, config, content(config == tags, random))));
                }
                if (unit % 7 != 6) {
                    judged.add(judge(target, config, content(config == tags, random), "judge-1"));
                }
                if (unit % 4 == 0) {
                    judged.add(judge(target, config, content(config == tags, random), "judge-2"));
                }
            }
            // an edited single rating and a deleted newer one, as above
            String edited = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            String id = post("fm-0", AnalyticsFixture.score(edited, config, content(config == tags, random)));
            assertThat(f.client.patchJson("/api/v1/scores/" + id, f.admin,
                    "{" + content(config == tags, random) + "}").status()).isEqualTo(200);
            judged.add(judge(edited, config, content(config == tags, random), "judge-1"));
            String deleted = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            post("fm-1", AnalyticsFixture.score(deleted, config, content(config == tags, random) + ",\"timestamp\":\"2026-11-01T10:00:00Z\""));
            String newer = post("fm-1", AnalyticsFixture.score(deleted, config, content(config == tags, random)
                    + ",\"timestamp\":\"2026-11-02T10:00:00Z\""));
            assertThat(f.client.delete("/api/v1/scores/" + newer, f.admin).status()).isEqualTo(204);
            judged.add(judge(deleted, config, content(config == tags, random), "judge-1"));
        }
        // a multi-select unit where exactly half chose a label (a tie) and one where most did
        String half = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        f.scores("fm-0", List.of(AnalyticsFixture.score(half, tags, "\"labels\":[\"x\",\"y\"]")));
        f.scores("fm-1", List.of(AnalyticsFixture.score(half, tags, "\"labels\":[\"x\"]")));
        judged.add(judge(half, tags, "\"labels\":[\"x\"]", "judge-1"));
        f.scores("judge-runner", judged);

        assertSamePaths(tags, RatingSelection.ValueKind.LABELS);
        assertSamePaths(stars, RatingSelection.ValueKind.NUMBER);
    }

    private static void assertSamePaths(String[] config, RatingSelection.ValueKind kind) {
        JudgeQueries queries = new JudgeQueries(f.service.storage());
        UUID project = UUID.fromString(f.project);
        RatingSelection judges = new RatingSelection(project, Optional.empty(), config[1], true, Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(AnnotatorKind.LLM, AnnotatorKind.CODE), List.of(), kind);
        JudgeQueries.Human humans = new JudgeQueries.Human(project, Optional.of(UUID.fromString(config[0])), config[1], kind);

        JudgeQueries.Comparison fast = queries.compare(judges, humans, TimeBucket.DAY);
        List<JudgeQueries.Cell> full = JudgeQueries.merged(queries.cells(judges, humans, TimeBucket.DAY));

        assertThat(fast.cells()).as("cells, one per judged unit").containsExactlyElementsOf(full);
        assertThat(fast.humanUnits()).isEqualTo(queries.humanUnits(humans));
        assertThat(full).as("ties, consensus and no human all present")
                .anyMatch(JudgeQueries.Cell::humanPresent)
                .anyMatch(cell -> !cell.humanPresent());
        if (kind == RatingSelection.ValueKind.LABEL) {
            assertThat(full).anyMatch(JudgeQueries.Cell::humanTie);
        }
        // the endpoint answers from the fast path
        JsonNode calibration = f.get("/api/v1/analytics/judges?name=" + AnalyticsFixture.q(config[1]));
        assertThat(calibration.get("humanUnits").asLong()).isEqualTo(fast.humanUnits());
    }

    private static String content(boolean multi, Random random) {
        if (!multi) {
            return "\"value\":" + random.nextInt(11);
        }
        List<String> labels = new ArrayList<>();
        for (String label : List.of("x", "y", "z")) {
            if (random.nextBoolean()) {
                labels.add("\"" + label + "\"");
            }
        }
        if (labels.isEmpty()) {
            labels.add("\"x\"");
        }
        return "\"labels\":[" + String.join(",", labels) + "]";
    }

    private static String queue(String configId, String annotators, int perItem) {
        ApiClient.Response response = f.client.postJson("/api/v1/queues", f.admin, "{\"name\":\"q-" + UUID.randomUUID()
                + "\",\"scoreConfigIds\":[\"" + configId + "\"],\"annotators\":[" + annotators + "],\"reviewers\":"
                + "[\"frev\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":" + perItem + ",\"reviewRequired\":true}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static String addItem(String queue, String trace) {
        ApiClient.Response response = f.client.postJson("/api/v1/queues/" + queue + "/items", f.admin,
                "{\"targets\":[" + AnalyticsFixture.traceTarget(trace) + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("items").get(0).get("id").asText();
    }

    private static void submit(String queue, String item, String annotator, String configId, String label) {
        String key = f.key(annotator);
        ApiClient.Response next = f.client.postJson("/api/v1/queues/" + queue + "/next", key, "{}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("item").get("id").asText()).isEqualTo(item);
        ApiClient.Response submitted = f.client.postJson("/api/v1/queues/" + queue + "/items/" + item + "/submit", key,
                "{\"scores\":[{\"configId\":\"" + configId + "\",\"label\":\"" + label + "\"}]}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    }
}
