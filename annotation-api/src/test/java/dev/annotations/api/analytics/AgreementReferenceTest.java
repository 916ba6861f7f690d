package dev.annotations.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Published reference values, end to end: scores POSTed by several annotator keys, then the agreement endpoint.
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section E: 4 observers, 12 units, values
 * 1–5 with missing values (unit 12 has one rating); Fleiss (1971) as reproduced on common references (10
 * subjects × 14 raters, 5 categories); a textbook Cohen's κ table (50 items: 20 yes/yes, 5 yes/no, 10 no/yes,
 * 15 no/no → p_o 0.7, p_e 0.5, κ 0.4); and a small multi-select case computed by hand with MASI distances.
 */
class AgreementReferenceTest {
    private static final Integer[][] KRIPPENDORFF = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
    private static final int[][] FLEISS = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1}, {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};

    private static AnalyticsFixture f;
    private static String[] stars;
    private static String[] fleiss;
    private static String[] yesNo;
    private static String[] tags;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
        stars = f.config("stars", "{\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1,\"widget\":\"STARS\"}");
        String[] units = new String[12];
        for (int u = 0; u < 12; u++) {
            units[u] = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        }
        for (int observer = 0; observer < 4; observer++) {
            List<String> scores = new ArrayList<>();
            for (int u = 0; u < 12; u++) {
                if (KRIPPENDORFF[observer][u] != null) {
                    scores.add(AnalyticsFixture.score(units[u], stars, "\"value\":" + KRIPPENDORFF[observer][u]));
                }
            }
            f.scores("observer-" + (char) ('A' + observer), scores);
        }

        fleiss = f.config("fleiss", "{\"dataType\":\"CATEGORICAL\",\"categories\":[" + categories("c1", "c2", "c3", "c4", "c5") + "]}");
        List<List<String>> byRater = new ArrayList<>();
        for (int r = 0; r < 14; r++) {
            byRater.add(new ArrayList<>());
        }
        for (int[] subject : FLEISS) {
            String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
            int rater = 0;
            for (int category = 0; category < 5; category++) {
                for (int i = 0; i < subject[category]; i++) {
                    byRater.get(rater++).add(AnalyticsFixture.score(target, fleiss, "\"label\":\"c" + (category + 1) + "\""));
                }
            }
        }
        for (int r = 0; r < 14; r++) {
            f.scores("rater-" + r, byRater.get(r));
        }

        yesNo = f.config("yesno", "{\"dataType\":\"CATEGORICAL\",\"categories\":[" + categories("yes", "no") + "]}");
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        int[][] table = {{20, 0, 0}, {5, 0, 1}, {10, 1, 0}, {15, 1, 1}};
        String[] answers = {"yes", "no"};
        for (int[] cell : table) {
            for (int i = 0; i < cell[0]; i++) {
                String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
                first.add(AnalyticsFixture.score(target, yesNo, "\"label\":\"" + answers[cell[1]] + "\""));
                second.add(AnalyticsFixture.score(target, yesNo, "\"label\":\"" + answers[cell[2]] + "\""));
            }
        }
        f.scores("coder-1", first);
        f.scores("coder-2", second);

        tags = f.config("tags", "{\"dataType\":\"CATEGORICAL\",\"multiSelect\":true,\"categories\":[" + categories("a", "b", "c") + "]}");
        String[] masi = {AnalyticsFixture.traceTarget(AnalyticsFixture.trace()), AnalyticsFixture.traceTarget(AnalyticsFixture.trace()),
                AnalyticsFixture.traceTarget(AnalyticsFixture.trace())};
        f.scores("tagger-1", List.of(AnalyticsFixture.score(masi[0], tags, "\"labels\":[\"a\"]"),
                AnalyticsFixture.score(masi[1], tags, "\"labels\":[\"b\",\"a\"]"),
                AnalyticsFixture.score(masi[2], tags, "\"labels\":[\"b\"]")));
        f.scores("tagger-2", List.of(AnalyticsFixture.score(masi[0], tags, "\"labels\":[\"a\"]"),
                AnalyticsFixture.score(masi[1], tags, "\"labels\":[\"a\"]"),
                AnalyticsFixture.score(masi[2], tags, "\"labels\":[\"c\"]")));
    }

    private static String categories(String... labels) {
        List<String> json = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            json.add("{\"label\":\"" + labels[i] + "\",\"value\":" + (i + 1) + "}");
        }
        return String.join(",", json);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0}: α = {1}")
    @CsvSource({"nominal, 0.743", "ordinal, 0.815", "interval, 0.849"})
    void krippendorffs_worked_example_gives_the_published_alpha_at_each_level(String level, double alpha) {
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + stars[0] + "&level=" + level);

        assertThat(agreement.get("level").asText()).isEqualTo(level.toUpperCase(java.util.Locale.ROOT));
        assertThat(agreement.get("krippendorffAlpha").asDouble()).isCloseTo(alpha, within(0.0005));
        JsonNode interval = agreement.get("krippendorffAlphaCi");
        assertThat(interval.get(0).asDouble()).isLessThan(alpha).isGreaterThanOrEqualTo(-1);
        assertThat(interval.get(1).asDouble()).isGreaterThan(alpha).isLessThanOrEqualTo(1);
    }

    @Test
    void the_default_level_of_a_numeric_config_is_interval() {
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + stars[0]);
        assertThat(agreement.get("level").asText()).isEqualTo("INTERVAL");
        assertThat(agreement.get("krippendorffAlpha").asDouble()).isCloseTo(0.849, within(0.0005));
    }

    @Test
    void a_unit_with_one_rating_is_left_out_and_counted() {
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + stars[0]);

        assertThat(agreement.get("units").asLong()).isEqualTo(11);
        assertThat(agreement.get("ratings").asLong()).isEqualTo(40);
        assertThat(agreement.get("unitsWithOneRating").asLong()).isEqualTo(1);
        assertThat(agreement.get("annotators").findValuesAsText("annotators")).isEmpty();
        assertThat(agreement.get("annotators")).extracting(JsonNode::asText)
                .containsExactly("observer-A", "observer-B", "observer-C", "observer-D");
        assertThat(agreement.get("fleissKappa").isNull()).as("raters per unit vary from 2 to 4").isTrue();
        assertThat(agreement.get("notes").toString()).contains("Fleiss").contains("1 unit(s) with one rating");
    }

    @Test
    void the_same_data_and_seed_give_the_same_bootstrap_interval() {
        String path = "/api/v1/analytics/agreement?configId=" + stars[0] + "&level=ordinal";
        assertThat(f.get(path).get("krippendorffAlphaCi")).isEqualTo(f.get(path).get("krippendorffAlphaCi"));
    }

    @Test
    void fleiss_1971_gives_kappa_0_210_and_pairwise_agreement_0_378() {
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + fleiss[0]);

        assertThat(agreement.get("level").asText()).isEqualTo("NOMINAL");
        assertThat(agreement.get("units").asLong()).isEqualTo(10);
        assertThat(agreement.get("ratings").asLong()).isEqualTo(140);
        assertThat(agreement.get("fleissKappa").asDouble()).isCloseTo(0.210, within(0.0005));
        assertThat(agreement.get("percentAgreement").asDouble()).isCloseTo(0.378, within(0.0005));
        assertThat(agreement.get("annotators")).hasSize(14);
    }

    @Test
    void the_cohen_textbook_table_gives_kappa_0_4_for_the_pair() {
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + yesNo[0]);

        JsonNode pair = agreement.get("pairs").get(0);
        assertThat(agreement.get("pairs")).hasSize(1);
        assertThat(pair.get("a").asText()).isEqualTo("coder-1");
        assertThat(pair.get("b").asText()).isEqualTo("coder-2");
        assertThat(pair.get("units").asLong()).isEqualTo(50);
        assertThat(pair.get("percentAgreement").asDouble()).isCloseTo(0.7, within(1e-9));
        assertThat(pair.get("cohenKappa").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(agreement.get("fleissKappa").asDouble()).as("every unit has two raters").isNotNull();
        assertThat(agreement.get("perAnnotator")).allSatisfy(annotator -> {
            assertThat(annotator.get("units").asLong()).isEqualTo(50);
            assertThat(annotator.get("agreementWithOthers").asDouble()).isCloseTo(0.7, within(1e-9));
        });
    }

    @Test
    void multi_select_ratings_agree_by_masi_distance() {
        // values {a},{a} · {a,b},{a} · {b},{c}: MASI distances 0, 1/2·1/3, 1·1 → D_o = 7/18, D_e = 52/90
        JsonNode agreement = f.get("/api/v1/analytics/agreement?configId=" + tags[0]);

        assertThat(agreement.get("level").asText()).isEqualTo("MASI");
        assertThat(agreement.get("krippendorffAlpha").asDouble()).isCloseTo(1 - (7.0 / 18) / (52.0 / 90), within(1e-9));
        // weighted κ: D_o = 7/18, D_e = 16/27 from each tagger's own marginals
        assertThat(agreement.get("pairs").get(0).get("cohenKappa").asDouble())
                .isCloseTo(1 - (7.0 / 18) / (16.0 / 27), within(1e-9));
        assertThat(agreement.get("percentAgreement").asDouble()).as("identical sets on 1 unit of 3").isCloseTo(1.0 / 3, within(1e-9));
    }
}
