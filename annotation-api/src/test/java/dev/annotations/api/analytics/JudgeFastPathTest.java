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

        assertThat(assertSamePaths(verdict, RatingSelection.ValueKind.LABEL).cells()).anyMatch(JudgeQueries.Cell::humanTie);
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

    @Test
    void several_humans_are_tallied_in_the_fast_path_unless_an_author_repeats_or_there_are_too_many() {
        String[] verdict = f.config("fast-several", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"b\",\"value\":2},{\"label\":\"c\",\"value\":3}]}");
        String[] tags = f.config("fast-several-tags", "{\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":["
                + "{\"label\":\"x\",\"value\":0},{\"label\":\"y\",\"value\":0},{\"label\":\"z\",\"value\":0}]}");
        String[] stars = f.config("fast-several-num", "{\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10}");
        List<String> judged = new ArrayList<>();
        // tallied: a majority (a, a, b), a tie (a, b), three distinct (a, b, c: a tie of three)
        List<List<String>> tallied = List.of(List.of("a", "a", "b"), List.of("a", "b"), List.of("a", "b", "c"));
        for (List<String> labels : tallied) {
            String target = ratedTarget(verdict, labels);
            judged.add(judge(target, verdict, "\"label\":\"a\"", "judge-1"));
        }
        // the full rule: an author rating twice (their latest counts: b, b against a); eleven ratings. Each alone in
        // its config: with other slow units beside them, the tally's second pass would not run (TALLY_PASS_WORTH)
        String[] twice = f.config("fast-several-twice", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"b\",\"value\":2}]}");
        String repeated = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        f.scores("sh-0", List.of(AnalyticsFixture.score(repeated, twice, "\"label\":\"a\",\"timestamp\":\"2026-11-01T10:00:00Z\"")));
        f.scores("sh-0", List.of(AnalyticsFixture.score(repeated, twice, "\"label\":\"b\",\"timestamp\":\"2026-11-02T10:00:00Z\"")));
        f.scores("sh-1", List.of(AnalyticsFixture.score(repeated, twice, "\"label\":\"b\"")));
        f.scores("sh-2", List.of(AnalyticsFixture.score(repeated, twice, "\"label\":\"a\"")));
        judged.add(judge(repeated, twice, "\"label\":\"b\"", "judge-1"));
        String[] eleven = f.config("fast-several-eleven", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"c\",\"value\":3}]}");
        String crowded = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        for (int h = 0; h < 11; h++) {
            f.scores("sh-" + h, List.of(AnalyticsFixture.score(crowded, eleven, "\"label\":\"" + (h < 6 ? "c" : "a") + "\"")));
        }
        judged.add(judge(crowded, eleven, "\"label\":\"c\"", "judge-1"));
        // multi-select: (x, y), (x), (x, z): x in, y and z out; (x, y), (x): x in, y chosen by exactly half
        List<List<String>> sets = List.of(List.of("x", "y"), List.of("x"), List.of("x", "z"));
        String multi = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        String halves = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        for (int h = 0; h < sets.size(); h++) {
            String labels = "\"labels\":[" + String.join(",", sets.get(h).stream().map(l -> "\"" + l + "\"").toList()) + "]";
            f.scores("sh-" + h, List.of(AnalyticsFixture.score(multi, tags, labels)));
            if (h < 2) {
                f.scores("sh-" + h, List.of(AnalyticsFixture.score(halves, tags, labels)));
            }
        }
        judged.add(judge(multi, tags, "\"labels\":[\"x\"]", "judge-1"));
        judged.add(judge(halves, tags, "\"labels\":[\"x\",\"y\"]", "judge-1"));
        // numbers: a mean of three, and of two
        String three = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        String two = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        for (int h = 0; h < 3; h++) {
            f.scores("sh-" + h, List.of(AnalyticsFixture.score(three, stars, "\"value\":" + (h * 3 + 1))));
            if (h < 2) {
                f.scores("sh-" + h, List.of(AnalyticsFixture.score(two, stars, "\"value\":" + (h + 4))));
            }
        }
        judged.add(judge(three, stars, "\"value\":4", "judge-1"));
        judged.add(judge(two, stars, "\"value\":5", "judge-1"));
        // more labels than 4-bit counts fit into 64 bits: the wide histogram (a majority of l17, a tie of l2 and l19)
        StringBuilder categories = new StringBuilder();
        for (int c = 1; c <= 20; c++) {
            categories.append(c > 1 ? "," : "").append("{\"label\":\"l").append(c).append("\",\"value\":").append(c).append("}");
        }
        String[] wide = f.config("fast-several-wide", "{\"dataType\":\"CATEGORICAL\",\"categories\":[" + categories + "]}");
        for (List<String> labels : List.of(List.of("l17", "l3", "l17"), List.of("l2", "l19"))) {
            String target = ratedTarget(wide, labels);
            judged.add(judge(target, wide, "\"label\":\"l17\"", "judge-1"));
        }
        // two judges on each target: listed, each with states of its own
        String[] pair = f.config("fast-several-judges", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"a\",\"value\":1},"
                + "{\"label\":\"b\",\"value\":2}]}");
        for (List<String> labels : List.of(List.of("a", "a", "b"), List.of("b"))) {
            String target = ratedTarget(pair, labels);
            judged.add(judge(target, pair, "\"label\":\"a\"", "judge-1"));
            judged.add(judge(target, pair, "\"label\":\"b\"", "judge-2"));
        }
        // and a judged target no human rated, for each config
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), verdict, "\"label\":\"a\"", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), tags, "\"labels\":[\"z\"]", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), stars, "\"value\":1", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), wide, "\"label\":\"l1\"", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), twice, "\"label\":\"a\"", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), eleven, "\"label\":\"a\"", "judge-1"));
        judged.add(judge(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), pair, "\"label\":\"a\"", "judge-2"));
        f.scores("judge-runner", judged);

        assertThat(assertSamePaths(verdict, RatingSelection.ValueKind.LABEL).slowUnits()).isZero();
        assertThat(assertSamePaths(twice, RatingSelection.ValueKind.LABEL).slowUnits())
                .as("the repeated author's unit takes the full rule").isEqualTo(1);
        assertThat(assertSamePaths(eleven, RatingSelection.ValueKind.LABEL).slowUnits()).isEqualTo(1);
        assertThat(compare(twice, RatingSelection.ValueKind.LABEL).cells()).extracting(JudgeQueries.Cell::humanKey).containsExactlyInAnyOrder("b", null);
        assertThat(compare(eleven, RatingSelection.ValueKind.LABEL).cells()).extracting(JudgeQueries.Cell::humanKey).containsExactlyInAnyOrder("c", null);
        assertThat(assertSamePaths(tags, RatingSelection.ValueKind.LABELS).slowUnits()).isZero();
        assertThat(assertSamePaths(stars, RatingSelection.ValueKind.NUMBER).slowUnits()).isZero();
        assertThat(assertSamePaths(wide, RatingSelection.ValueKind.LABEL).slowUnits()).isZero();
        JudgeQueries.Comparison judgedTwice = assertSamePaths(pair, RatingSelection.ValueKind.LABEL);
        assertThat(judgedTwice.slowUnits()).as("two judges, listed").isZero();
        assertThat(judgedTwice.cells()).extracting(cell -> cell.judge() + ":" + cell.judgeKey() + ":" + cell.humanKey())
                .containsExactlyInAnyOrder("judge-1:a:a", "judge-1:a:b", "judge-2:b:a", "judge-2:b:b", "judge-2:a:null");
        assertThat(compare(wide, RatingSelection.ValueKind.LABEL).cells()).extracting(JudgeQueries.Cell::humanKey)
                .containsExactlyInAnyOrder("l17", null, null);
        JudgeQueries.Comparison labels = compare(verdict, RatingSelection.ValueKind.LABEL);
        assertThat(labels.cells()).extracting(JudgeQueries.Cell::humanKey).containsExactlyInAnyOrder("a", null, null, null);
        assertThat(labels.cells()).filteredOn(JudgeQueries.Cell::humanTie).as("two ties: (a, b) and (a, b, c)").hasSize(2);
        // each judge score on a day of its own: a cell per unit
        JudgeQueries.Comparison multiSelect = compare(tags, RatingSelection.ValueKind.LABELS);
        assertThat(multiSelect.cells()).extracting(JudgeQueries.Cell::humanKey)
                .as("x chosen by all three, and by both of two").containsExactlyInAnyOrder("[\"x\"]", "[\"x\"]", null);
        assertThat(multiSelect.cells()).filteredOn(JudgeQueries.Cell::humanTie).as("y chosen by one of two").hasSize(1);
        assertThat(compare(stars, RatingSelection.ValueKind.NUMBER).cells()).extracting(JudgeQueries.Cell::humanValue)
                .containsExactlyInAnyOrder(4.0, 4.5, null);
    }

    /** A new target each of the humans sh-0, sh-1, … rated with their label, in that order. */
    private static String ratedTarget(String[] config, List<String> labels) {
        String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        for (int h = 0; h < labels.size(); h++) {
            f.scores("sh-" + h, List.of(AnalyticsFixture.score(target, config, "\"label\":\"" + labels.get(h) + "\"")));
        }
        return target;
    }

    private static JudgeQueries.Comparison compare(String[] config, RatingSelection.ValueKind kind) {
        return new JudgeQueries(f.service.storage()).compare(judges(config, kind), humans(config, kind), TimeBucket.DAY);
    }

    private static RatingSelection judges(String[] config, RatingSelection.ValueKind kind) {
        return new RatingSelection(UUID.fromString(f.project), Optional.empty(), config[1], true, Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(AnnotatorKind.LLM, AnnotatorKind.CODE), List.of(), kind);
    }

    /** The human side as the endpoint builds it: with the config's labels (none for numbers). */
    private static JudgeQueries.Human humans(String[] config, RatingSelection.ValueKind kind) {
        List<String> labels = new ArrayList<>();
        f.get("/api/v1/score-configs/" + config[0]).path("categories").forEach(category -> labels.add(category.get("label").asText()));
        return new JudgeQueries.Human(UUID.fromString(f.project), Optional.of(UUID.fromString(config[0])), config[1], kind, labels);
    }

    private static JudgeQueries.Comparison assertSamePaths(String[] config, RatingSelection.ValueKind kind) {
        JudgeQueries queries = new JudgeQueries(f.service.storage());
        RatingSelection judges = judges(config, kind);
        JudgeQueries.Human humans = humans(config, kind);

        JudgeQueries.Comparison fast = queries.compare(judges, humans, TimeBucket.DAY);
        // and with the tallying pass whenever several ratings make units slow, whatever else is slow beside them,
        // without listing the judges
        JudgeQueries.Comparison tallied = new JudgeQueries(f.service.storage(), 1, 0).compare(judges, humans, TimeBucket.DAY);
        List<JudgeQueries.Cell> full = JudgeQueries.merged(queries.cells(judges, humans, TimeBucket.DAY));

        assertThat(fast.cells()).as("cells, one per judged unit").containsExactlyElementsOf(full);
        assertThat(tallied.cells()).as("cells, tallied").containsExactlyElementsOf(full);
        assertThat(fast.humanUnits()).isEqualTo(queries.humanUnits(humans));
        assertThat(tallied.humanUnits()).isEqualTo(fast.humanUnits());
        assertThat(full).as("consensus and no human both present")
                .anyMatch(JudgeQueries.Cell::humanPresent)
                .anyMatch(cell -> !cell.humanPresent());
        // the endpoint answers from the fast path
        JsonNode calibration = f.get("/api/v1/analytics/judges?name=" + AnalyticsFixture.q(config[1]));
        assertThat(calibration.get("humanUnits").asLong()).isEqualTo(fast.humanUnits());
        return fast;
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
