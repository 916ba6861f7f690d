package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Judge calibration on constructed data with known answers. Labels: 20 targets two humans agree on (12 good,
 * 8 bad); the LLM judge says good→good 10, good→bad 2, bad→good 3, bad→bad 5, so accuracy 0.75 and, with
 * p_e = (8·7 + 12·13)/400 = 0.53, κ = 0.22/0.47; day one all right (10), day two half (5 of 10). Numbers: human
 * means 3, 5, 7, 1, 9 against judge 4, 5, 6, 2, 10: errors 1, 0, −1, 1, 1.
 */
class JudgeCalibrationTest {
    private static final String DAY_1 = "2026-11-03T10:00:00Z";
    private static final String DAY_2 = "2026-11-04T10:00:00Z";

    private static AnalyticsFixture f;
    private static String[] verdict;
    private static String[] quality;
    private static String judgeName;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
        verdict = f.config("jverdict", "{\"dataType\":\"CATEGORICAL\",\"categories\":[{\"label\":\"good\",\"value\":1},"
                + "{\"label\":\"bad\",\"value\":0}]}");
        List<String> h1 = new ArrayList<>();
        List<String> h2 = new ArrayList<>();
        List<String> judge = new ArrayList<>();
        // {human label, judge label, day, count}
        String[][] pairs = {{"good", "good", DAY_1, "8"}, {"bad", "bad", DAY_1, "2"}, {"good", "good", DAY_2, "2"},
                {"good", "bad", DAY_2, "2"}, {"bad", "good", DAY_2, "3"}, {"bad", "bad", DAY_2, "3"}};
        for (String[] pair : pairs) {
            for (int i = 0; i < Integer.parseInt(pair[3]); i++) {
                String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
                h1.add(AnalyticsFixture.score(target, verdict, "\"label\":\"" + pair[0] + "\""));
                h2.add(AnalyticsFixture.score(target, verdict, "\"label\":\"" + pair[0] + "\""));
                judge.add(judged(target, verdict[1], verdict[0], "\"label\":\"" + pair[1] + "\"", "gpt-judge", "EVAL", pair[2]));
            }
        }
        for (int i = 0; i < 2; i++) {
            // judged, no human
            judge.add(judged(AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), verdict[1], verdict[0],
                    "\"label\":\"good\"", "gpt-judge", "EVAL", DAY_2));
        }
        for (int i = 0; i < 3; i++) {
            // human, not judged
            String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            h1.add(AnalyticsFixture.score(target, verdict, "\"label\":\"good\""));
        }
        String tied = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        h1.add(AnalyticsFixture.score(tied, verdict, "\"label\":\"good\""));
        h2.add(AnalyticsFixture.score(tied, verdict, "\"label\":\"bad\""));
        judge.add(judged(tied, verdict[1], verdict[0], "\"label\":\"good\"", "gpt-judge", "EVAL", DAY_2));
        f.scores("human-1", h1);
        f.scores("human-2", h2);
        f.scores("judge-runner", judge);

        quality = f.config("jquality", "{\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10}");
        judgeName = "jquality-judge-" + quality[1];
        int[][] numbers = {{2, 4, 4}, {5, 5, 5}, {6, 8, 6}, {1, 1, 2}, {9, 9, 10}};
        List<String> n1 = new ArrayList<>();
        List<String> n2 = new ArrayList<>();
        List<String> machine = new ArrayList<>();
        for (int[] row : numbers) {
            String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            n1.add(AnalyticsFixture.score(target, quality, "\"value\":" + row[0]));
            n2.add(AnalyticsFixture.score(target, quality, "\"value\":" + row[1]));
            machine.add(judged(target, judgeName, null, "\"value\":" + row[2], "llm-scorer", "EVAL", DAY_1));
            machine.add(judged(target, judgeName, null, "\"value\":" + (row[0] + row[1]) / 2.0, "exact-check", "EVAL", DAY_1)
                    .replace("\"annotatorKind\":\"LLM\"", "\"annotatorKind\":\"CODE\""));
        }
        f.scores("human-1", n1);
        f.scores("human-2", n2);
        f.scores("judge-runner", machine);
    }

    private static String judged(String target, String name, String configId, String content, String author,
                                 String source, String timestamp) {
        return "{\"target\":" + target + ",\"name\":\"" + name + "\"," + (configId == null ? "" : "\"configId\":\"" + configId + "\",")
                + content + ",\"source\":\"" + source + "\",\"annotatorKind\":\"LLM\","
                + "\"author\":\"" + author + "\"," + "\"timestamp\":\"" + timestamp + "\"}";
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void a_label_judge_gets_its_confusion_matrix_accuracy_kappa_and_per_label_scores() {
        JsonNode calibration = f.get("/api/v1/analytics/judges?name=" + verdict[1]);
        JsonNode judge = calibration.get("judges").get(0);

        assertThat(calibration.get("judges")).hasSize(1);
        assertThat(judge.get("judge").asText()).isEqualTo("gpt-judge");
        assertThat(judge.get("n").asLong()).isEqualTo(20);
        assertThat(judge.get("accuracy").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(judge.get("cohenKappa").asDouble()).isCloseTo(0.22 / 0.47, within(1e-9));
        assertThat(judge.get("confusion").get("labels")).extracting(JsonNode::asText).containsExactly("bad", "good");
        assertThat(judge.get("confusion").get("matrix").toString()).isEqualTo("[[5,3],[2,10]]");
        JsonNode bad = judge.get("perLabel").get(0);
        JsonNode good = judge.get("perLabel").get(1);
        assertThat(good.get("precision").asDouble()).isCloseTo(10.0 / 13, within(1e-9));
        assertThat(good.get("recall").asDouble()).isCloseTo(10.0 / 12, within(1e-9));
        assertThat(good.get("f1").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(good.get("support").asLong()).isEqualTo(12);
        assertThat(bad.get("f1").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void targets_lacking_either_side_or_a_human_majority_are_counted() {
        JsonNode calibration = f.get("/api/v1/analytics/judges?name=" + verdict[1]);
        JsonNode judge = calibration.get("judges").get(0);

        assertThat(calibration.get("humanUnits").asLong()).isEqualTo(24);
        assertThat(judge.get("withoutHuman").asLong()).isEqualTo(2);
        assertThat(judge.get("withoutJudge").asLong()).isEqualTo(3);
        assertThat(judge.get("humanTies").asLong()).isEqualTo(1);
    }

    @Test
    void the_daily_series_shows_the_judge_drifting() {
        JsonNode series = f.get("/api/v1/analytics/judges?name=" + verdict[1] + "&bucket=day").get("judges").get(0).get("series");

        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("start").asText()).isEqualTo("2026-11-03T00:00:00Z");
        assertThat(series.get(0).get("n").asLong()).isEqualTo(10);
        assertThat(series.get(0).get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(series.get(1).get("start").asText()).isEqualTo("2026-11-04T00:00:00Z");
        assertThat(series.get(1).get("accuracy").asDouble()).isEqualTo(0.5);
        JsonNode weekly = f.get("/api/v1/analytics/judges?name=" + verdict[1] + "&bucket=week").get("judges").get(0).get("series");
        assertThat(weekly).hasSize(1);
        assertThat(weekly.get(0).get("start").asText()).as("the Monday of that week").isEqualTo("2026-11-02T00:00:00Z");
        assertThat(weekly.get(0).get("n").asLong()).isEqualTo(20);
    }

    @Test
    void a_numeric_judge_under_its_own_name_gets_correlation_and_errors_against_the_human_mean() {
        JsonNode calibration = f.get("/api/v1/analytics/judges?humanName=" + quality[1] + "&judgeName=" + judgeName);

        assertThat(calibration.get("kind").asText()).isEqualTo("NUMERIC");
        assertThat(calibration.get("judges")).extracting(judge -> judge.get("judge").asText())
                .containsExactly("exact-check", "llm-scorer");
        JsonNode llm = calibration.get("judges").get(1);
        assertThat(llm.get("n").asLong()).isEqualTo(5);
        assertThat(llm.get("mae").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(llm.get("bias").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(llm.get("rmse").asDouble()).isCloseTo(Math.sqrt(0.8), within(1e-9));
        assertThat(llm.get("pearson").asDouble()).isCloseTo(0.9594032236002469, within(1e-9));
        assertThat(llm.get("spearman").asDouble()).isCloseTo(1.0, within(1e-9));
        JsonNode exact = calibration.get("judges").get(0);
        assertThat(exact.get("mae").asDouble()).isZero();
        assertThat(exact.get("pearson").asDouble()).isCloseTo(1.0, within(1e-9));
    }
}
