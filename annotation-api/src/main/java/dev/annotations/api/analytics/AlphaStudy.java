package dev.annotations.api.analytics;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.ICodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.IDistanceFunction;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Krippendorff's α over units given as distinct rating patterns with weights, so the bootstrap can reweigh
 * units without rebuilding a study of every unit. α depends on the data only through the coincidence matrix
 * (Krippendorff 2011, section C): DKPro computes each pattern's coincidences
 * ({@link CodingAnnotationStudy#countCategoryCoincidence}), they are summed with the units' weights, and
 * DKPro's {@link KrippendorffAlphaAgreement} computes α from the sum with its distance function.
 *
 * <p>The ordinal metric of Krippendorff (2011) is δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², with n_g the
 * pairable values of category g: the squared difference of the two categories' mid-ranks. DKPro's
 * {@code OrdinalDistanceFunction} recounts the values of the whole study on every call; here the mid-ranks
 * are read off the summed matrix (its row sums are the n_g) and DKPro's interval distance is applied to them,
 * which is the same metric (AlphaStudyTest checks it against DKPro's ordinal α).
 */
final class AlphaStudy {
    /** A coincidence cell of one pattern: categories c1, c2 and the coincidences between them. */
    private record Cell(Object first, Object second, double coincidences) {
    }

    private final Level level;
    private final IDistanceFunction distance;
    private final List<Cell[]> patterns = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();

    AlphaStudy(Level level, IDistanceFunction distance) {
        this.level = level;
        this.distance = level == Level.ORDINAL ? new IntervalDistanceFunction() : distance;
    }

    /** Adds {@code units} units rated {@code categories} (at least two non-null). */
    void add(long units, Object... categories) {
        CodingAnnotationStudy one = new CodingAnnotationStudy(categories.length);
        one.addItemAsArray(categories);
        List<Cell> cells = new ArrayList<>();
        CodingAnnotationStudy.countCategoryCoincidence(one.getItem(0)).forEach((first, row) ->
                row.forEach((second, value) -> cells.add(new Cell(first, second, value))));
        patterns.add(cells.toArray(Cell[]::new));
        counts.add(units);
    }

    int patterns() {
        return patterns.size();
    }

    /** Each pattern's number of units: the weights of α on the data as it is. */
    double[] counts() {
        return counts.stream().mapToDouble(Long::doubleValue).toArray();
    }

    /** α with pattern i standing for {@code weights[i]} units; empty where α is undefined (fewer than two categories). */
    OptionalDouble alpha(double[] weights) {
        Map<Object, Map<Object, Double>> matrix = new HashMap<>();
        for (int i = 0; i < patterns.size(); i++) {
            double weight = weights[i];
            if (weight == 0) {
                continue;
            }
            for (Cell cell : patterns.get(i)) {
                matrix.computeIfAbsent(cell.first(), key -> new HashMap<>())
                        .merge(cell.second(), weight * cell.coincidences(), Double::sum);
            }
        }
        if (matrix.size() < 2) {
            return OptionalDouble.empty();
        }
        if (level == Level.ORDINAL) {
            matrix = midRanks(matrix);
        }
        CodingAnnotationStudy categories = new CodingAnnotationStudy(2);
        matrix.keySet().forEach(categories::addCategory);
        return OptionalDouble.of(new SummedAlpha(categories, distance, matrix).calculateAgreement());
    }

    /** The matrix keyed by each rank's mid-rank among the pairable values, in rank order. */
    private static Map<Object, Map<Object, Double>> midRanks(Map<Object, Map<Object, Double>> byRank) {
        TreeMap<Integer, Double> totals = new TreeMap<>();
        byRank.forEach((rank, row) -> totals.put((Integer) rank, row.values().stream().mapToDouble(Double::doubleValue).sum()));
        Map<Integer, Double> midRank = new HashMap<>();
        double before = 0;
        for (Map.Entry<Integer, Double> total : totals.entrySet()) {
            midRank.put(total.getKey(), before + total.getValue() / 2);
            before += total.getValue();
        }
        Map<Object, Map<Object, Double>> rekeyed = new HashMap<>();
        byRank.forEach((rank, row) -> {
            Map<Object, Double> out = rekeyed.computeIfAbsent(midRank.get((Integer) rank), key -> new HashMap<>());
            row.forEach((other, value) -> out.merge(midRank.get((Integer) other), value, Double::sum));
        });
        return rekeyed;
    }

    /** DKPro's α on a coincidence matrix summed outside it (the field exists for exactly this reuse). */
    private static final class SummedAlpha extends KrippendorffAlphaAgreement {
        SummedAlpha(ICodingAnnotationStudy categories, IDistanceFunction distance,
                    Map<Object, Map<Object, Double>> coincidences) {
            super(categories, distance);
            this.coincidenceMatrix = coincidences;
        }
    }
}
