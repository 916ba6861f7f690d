package dev.annotations.api.analytics;

import dev.annotations.api.score.JudgeQueries.Cell;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * NumberCalibration ranks the counted cells without expanding and sorting the pairs: its Spearman must be what
 * Commons Math's SpearmansCorrelation gives on the expanded pairs — on heavily tied values, where ranks that
 * were not averaged (or averaged over the wrong run) give another ρ — and its other figures Commons Math's on
 * the same pairs.
 */
class NumberCalibrationTest {
    @Test
    void spearman_from_counted_cells_equals_commons_math_on_the_expanded_pairs_with_ties() {
        Random random = new Random(12);
        List<Cell> cells = new ArrayList<>();
        // few distinct values, in no order, some repeated across cells (as the buckets of a series repeat them)
        double[] humanValues = {3.5, 1, 5, 2, 4, 1.5, -0.0, 0.0};
        double[] judgeValues = {0, 6, 2, 1, 3, 5, 4};
        for (int i = 0; i < 200; i++) {
            cells.add(cell(humanValues[random.nextInt(humanValues.length)], judgeValues[random.nextInt(judgeValues.length)],
                    1 + random.nextInt(i % 7 == 0 ? 5_000 : 40)));
        }
        assertSameAsOnTheExpandedPairs(cells);
    }

    @Test
    void tied_values_share_their_average_rank() {
        // humans 1, 2, 2, 3 rank 1, 2.5, 2.5, 4; the judge's 1, 3, 2, 4 rank as they are: ρ = 4.5 / √(4.5 · 5) = √0.9
        // (ranks 1, 2, 3, 4 for the humans, ties not averaged, would give 0.8)
        List<Cell> cells = List.of(cell(1, 1, 1), cell(2, 3, 1), cell(2, 2, 1), cell(3, 4, 1));

        assertThat(NumberCalibration.of(cells).spearman()).isCloseTo(Math.sqrt(0.9), within(1e-12));
    }

    @Test
    void a_single_cell_of_identical_pairs_has_no_correlation_but_its_errors() {
        NumberCalibration stats = NumberCalibration.of(List.of(cell(2, 3, 4)));

        assertThat(stats.n()).isEqualTo(4);
        assertThat(stats.spearman()).as("no variance: undefined").isNull();
        assertThat(stats.pearson()).isNull();
        assertThat(stats.mae()).isEqualTo(1.0);
        assertThat(stats.bias()).isEqualTo(1.0);
        assertThat(NumberCalibration.of(List.of(cell(2, 3, 1))).spearman()).as("one pair").isNull();
    }

    private static void assertSameAsOnTheExpandedPairs(List<Cell> cells) {
        List<Double> humans = new ArrayList<>();
        List<Double> judge = new ArrayList<>();
        cells.forEach(cell -> {
            for (long k = 0; k < cell.units(); k++) {
                humans.add(cell.humanValue());
                judge.add(cell.judgeValue());
            }
        });
        double[] h = humans.stream().mapToDouble(Double::doubleValue).toArray();
        double[] j = judge.stream().mapToDouble(Double::doubleValue).toArray();
        double[] errors = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            errors[i] = j[i] - h[i];
        }
        NumberCalibration stats = NumberCalibration.of(cells);

        assertThat(stats.n()).isEqualTo(h.length);
        assertThat(stats.spearman()).as("bit for bit").isEqualTo(new SpearmansCorrelation().correlation(h, j));
        assertThat(stats.pearson()).isEqualTo(new PearsonsCorrelation().correlation(h, j));
        assertThat(stats.bias()).isEqualTo(StatUtils.mean(errors));
        assertThat(stats.mae()).isEqualTo(StatUtils.mean(java.util.Arrays.stream(errors).map(Math::abs).toArray()));
        assertThat(stats.rmse()).isEqualTo(Math.sqrt(StatUtils.mean(java.util.Arrays.stream(errors).map(e -> e * e).toArray())));
    }

    private static Cell cell(double human, double judge, long units) {
        return new Cell("judge", 0, Double.toString(judge), judge, true, false, null, human, units);
    }
}
