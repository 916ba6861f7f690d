package dev.annotations.api.analytics;

import dev.annotations.api.score.JudgeQueries.Cell;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaturalRanking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Correlations and errors of a judge's numbers against the human means (Apache Commons Math), from the counted
 * cells: each cell stands for {@code units} identical (human, judge) pairs.
 *
 * <p>Spearman's ρ is Pearson's r of the ranks, ties given their average rank — what {@link SpearmansCorrelation}
 * computes with its default {@link NaturalRanking}. Ranking the expanded pairs sorted 1 000 000 boxed
 * (index, value) pairs per side, and again per bucket of the series: most of a call's Java time. The cells
 * already count each distinct value, so its average rank is known without a sort (the units below it, plus
 * the middle of its own run), and {@link PearsonsCorrelation} gets those ranks in the pairs' order: the same
 * arrays {@code SpearmansCorrelation} would build, so the same ρ to the last bit (NumberCalibrationTest
 * compares both on tied values).
 */
record NumberCalibration(long n, Double pearson, Double spearman, Double mae, Double rmse, Double bias) {
    static NumberCalibration of(List<Cell> cells) {
        long n = cells.stream().mapToLong(Cell::units).sum();
        if (n == 0) {
            return new NumberCalibration(0, null, null, null, null, null);
        }
        double[] humans = expanded(cells, n, Cell::humanValue);
        double[] judge = expanded(cells, n, Cell::judgeValue);
        double[] errors = expanded(cells, n, cell -> cell.judgeValue() - cell.humanValue());
        double[] absolute = java.util.Arrays.stream(errors).map(Math::abs).toArray();
        double[] squared = java.util.Arrays.stream(errors).map(error -> error * error).toArray();
        Double pearson = n < 2 ? null : finite(new PearsonsCorrelation().correlation(humans, judge));
        Double spearman = n < 2 ? null : finite(new PearsonsCorrelation().correlation(
                expanded(cells, n, averageRanks(cells, Cell::humanValue)),
                expanded(cells, n, averageRanks(cells, Cell::judgeValue))));
        return new NumberCalibration(n, pearson, spearman, StatUtils.mean(absolute), Math.sqrt(StatUtils.mean(squared)),
                StatUtils.mean(errors));
    }

    /**
     * Each distinct value's rank among all units, ties averaged: the units with a smaller value, plus the
     * middle of its own run of {@code k} ((k + 1) / 2). Values compare as {@link Double#compare} does, as
     * NaturalRanking's sort does; half-integers below 2^53 are exact, so these equal NaturalRanking's ranks.
     */
    private static ToDoubleFunction<Cell> averageRanks(List<Cell> cells, ToDoubleFunction<Cell> value) {
        TreeMap<Double, Long> units = new TreeMap<>();
        cells.forEach(cell -> units.merge(value.applyAsDouble(cell), cell.units(), Long::sum));
        Map<Double, Double> ranks = new HashMap<>();
        long below = 0;
        for (Map.Entry<Double, Long> entry : units.entrySet()) {
            ranks.put(entry.getKey(), below + (entry.getValue() + 1) / 2.0);
            below += entry.getValue();
        }
        return cell -> ranks.get(value.applyAsDouble(cell));
    }

    /** One entry per unit, in the cells' order. */
    private static double[] expanded(List<Cell> cells, long n, ToDoubleFunction<Cell> value) {
        double[] values = new double[Math.toIntExact(n)];
        int i = 0;
        for (Cell cell : cells) {
            double v = value.applyAsDouble(cell);
            java.util.Arrays.fill(values, i, i + Math.toIntExact(cell.units()), v);
            i += Math.toIntExact(cell.units());
        }
        return values;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
