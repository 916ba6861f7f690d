package dev.annotations.api.analytics;

import dev.annotations.api.score.JudgeQueries.Cell;
import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * For the analytics benchmark: the κ a labels judge call computes (overall and per bucket of the series, over
 * the cells with a human label) by DKPro's CohenKappaAgreement on the WeightedStudy (before) and by
 * CellCohenKappa (now), alternately, with the answers compared. Not a test.
 */
public final class KappaSideBySide {
    private KappaSideBySide() {
    }

    /** Medians in ms of {@code runs} alternating rounds, and whether every κ came out the same. */
    public record Result(double beforeMs, double nowMs, boolean same, long units, int studies) {
    }

    public static Result measure(List<Cell> cells, int runs) {
        List<Cell> pairs = cells.stream().filter(cell -> cell.humanPresent() && !cell.humanTie() && cell.humanKey() != null)
                .toList();
        Map<Long, List<Cell>> byBucket = new TreeMap<>();
        pairs.forEach(cell -> byBucket.computeIfAbsent(cell.bucketStart(), key -> new ArrayList<>()).add(cell));
        // before: each cell's own strings, every κ in turn; now: one String per label, the overall κ on another thread
        List<WeightedStudy> before = new ArrayList<>(List.of(study(pairs, false)));
        byBucket.values().forEach(bucket -> before.add(study(bucket, false)));
        WeightedStudy overall = study(pairs, true);
        List<WeightedStudy> buckets = byBucket.values().stream().map(bucket -> study(bucket, true)).toList();
        double[] beforeMs = new double[runs];
        double[] nowMs = new double[runs];
        boolean same = true;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            List<Double> old = kappas(before, CohenKappaAgreement::new);
            beforeMs[run] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            CompletableFuture<Double> first = CompletableFuture.supplyAsync(() -> new CellCohenKappa(overall).calculateAgreement());
            List<Double> rest = kappas(buckets, CellCohenKappa::new);
            List<Double> now = new ArrayList<>(List.of(first.join()));
            now.addAll(rest);
            nowMs[run] = (System.nanoTime() - start) / 1e6;
            same &= old.equals(now);
        }
        Arrays.sort(beforeMs);
        Arrays.sort(nowMs);
        return new Result(beforeMs[runs / 2], nowMs[runs / 2], same, pairs.stream().mapToLong(Cell::units).sum(),
                before.size());
    }

    private static WeightedStudy study(List<Cell> cells, boolean oneStringPerLabel) {
        Map<String, String> labels = new HashMap<>();
        WeightedStudy study = new WeightedStudy(2);
        cells.forEach(cell -> study.add(cell.units(),
                oneStringPerLabel ? labels.computeIfAbsent(cell.humanKey(), key -> key) : cell.humanKey(),
                oneStringPerLabel ? labels.computeIfAbsent(cell.judgeKey(), key -> key) : cell.judgeKey()));
        return study;
    }

    private static List<Double> kappas(List<WeightedStudy> studies, Function<WeightedStudy, CohenKappaAgreement> measure) {
        return studies.stream().map(study -> measure.apply(study).calculateAgreement()).toList();
    }
}
