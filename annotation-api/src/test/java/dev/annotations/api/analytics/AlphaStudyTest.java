package dev.annotations.api.analytics;

import dev.annotations.api.scoreconfig.DataType;
import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.coding.PercentageAgreement;
import org.dkpro.statistics.agreement.distance.IDistanceFunction;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.dkpro.statistics.agreement.distance.OrdinalDistanceFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The weighted paths give what DKPro gives on a study of every unit: α from summed pattern coincidences
 * (nominal, interval, and ordinal through mid-ranks against DKPro's own ordinal metric), and a weighted study
 * against one built with addMultipleItems. Random data, several seeds.
 */
class AlphaStudyTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void summed_coincidences_give_dkpros_alpha_at_every_level(long seed) {
        Random random = new Random(seed);
        int raters = 4;
        List<Integer[]> units = new ArrayList<>();
        for (int u = 0; u < 60; u++) {
            Integer[] unit = new Integer[raters];
            int present = 0;
            for (int r = 0; r < raters; r++) {
                if (random.nextDouble() < 0.7) {
                    unit[r] = 1 + random.nextInt(5);
                    present++;
                }
            }
            if (present >= 2) {
                units.add(unit);
            }
        }
        CodingAnnotationStudy whole = new CodingAnnotationStudy(raters);
        units.forEach(unit -> whole.addItemAsArray(unit));
        Subject numbers = new Subject(Optional.empty(), "x", DataType.NUMERIC, false, "name");

        check(units, whole, Level.NOMINAL, new NominalDistanceFunction(), numbers);
        check(units, whole, Level.INTERVAL, new IntervalDistanceFunction(), numbers);
        check(units, whole, Level.ORDINAL, new OrdinalDistanceFunction(), numbers);
    }

    private static void check(List<Integer[]> units, CodingAnnotationStudy whole, Level level, IDistanceFunction dkpro,
                              Subject subject) {
        double expected = new KrippendorffAlphaAgreement(whole, dkpro).calculateAgreement();
        List<String> keys = new ArrayList<>();
        units.forEach(unit -> {
            for (Integer value : unit) {
                if (value != null) {
                    keys.add(Double.toString(value));
                }
            }
        });
        Coding coding = new Coding(subject, level, keys);
        AlphaStudy study = new AlphaStudy(level, coding.distance());
        // units rated alike (as multisets: α does not care who rated what) become one weighted pattern
        java.util.Map<List<Integer>, Long> patterns = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (Integer[] unit : units) {
            List<Integer> values = new ArrayList<>(java.util.Arrays.stream(unit).filter(java.util.Objects::nonNull).sorted().toList());
            patterns.merge(values, 1L, Long::sum);
        }
        assertThat(patterns.size()).as("some patterns repeat").isLessThan(units.size());
        patterns.forEach((values, count) -> study.add(count,
                values.stream().map(value -> coding.category(Double.toString(value))).toArray()));
        assertThat(study.alpha(study.counts()).getAsDouble()).as(level.name()).isCloseTo(expected, within(1e-9));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void a_weighted_study_counts_like_one_with_every_unit(long seed) {
        Random random = new Random(seed);
        CodingAnnotationStudy materialized = new CodingAnnotationStudy(3);
        WeightedStudy weighted = new WeightedStudy(3);
        for (int pattern = 0; pattern < 20; pattern++) {
            Object[] categories = {"abc".charAt(random.nextInt(3)) + "", "abc".charAt(random.nextInt(3)) + "",
                    random.nextBoolean() ? null : "abc".charAt(random.nextInt(3)) + ""};
            int times = 1 + random.nextInt(50);
            materialized.addMultipleItems(times, categories);
            weighted.add(times, categories);
        }
        assertThat(weighted.getItemCount()).isEqualTo(materialized.getItemCount());
        assertThat(weighted.getUnitCount()).isEqualTo(materialized.getUnitCount());
        assertThat(new PercentageAgreement(weighted).calculateAgreement())
                .isCloseTo(new PercentageAgreement(materialized).calculateAgreement(), within(1e-12));
    }
}
