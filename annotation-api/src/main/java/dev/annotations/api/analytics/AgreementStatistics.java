package dev.annotations.api.analytics;

import dev.annotations.api.score.RatingQueries.AnnotatorUnits;
import dev.annotations.api.score.RatingQueries.PairCell;
import dev.annotations.api.score.RatingQueries.Pattern;
import org.dkpro.statistics.agreement.InsufficientDataException;
import org.dkpro.statistics.agreement.coding.FleissKappaAgreement;
import org.dkpro.statistics.agreement.coding.PercentageAgreement;
import org.dkpro.statistics.agreement.coding.WeightedKappaAgreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agreement statistics of one config from what ClickHouse counted, every statistic computed by DKPro
 * Statistics Agreement: percent agreement (pairwise, as DKPro's {@link PercentageAgreement}), Krippendorff's α
 * with a bootstrap interval, Fleiss' κ when every unit has as many raters, and per annotator pair Cohen's κ
 * (weighted κ for ordinal, interval and MASI levels).
 */
final class AgreementStatistics {
    /** More distinct values than this: α is not computed (its expected disagreement is quadratic in them). */
    static final int MAX_ALPHA_CATEGORIES = 2_000;
    /** The bootstrap runs when the units show at most this many distinct values … */
    static final int MAX_BOOTSTRAP_CATEGORIES = 100;
    /** … and at most this many distinct rating patterns (each draw costs one pass over them). */
    static final int MAX_BOOTSTRAP_PATTERNS = 20_000;

    private AgreementStatistics() {
    }

    /** The agreement of one config from what ClickHouse counted (rating patterns, pair cells, units per annotator). */
    static Agreement compute(Subject subject, Level level, List<Pattern> patterns, List<PairCell> cells,
                             List<AnnotatorUnits> annotators) {
        List<String> notes = new ArrayList<>();
        List<Pattern> rated = patterns.stream().filter(pattern -> pattern.keys().size() >= 2).toList();
        long single = patterns.stream().filter(pattern -> pattern.keys().size() == 1).mapToLong(Pattern::units).sum();
        long units = rated.stream().mapToLong(Pattern::units).sum();
        long ratings = rated.stream().mapToLong(pattern -> pattern.units() * pattern.keys().size()).sum();
        List<String> names = annotators.stream().map(AnnotatorUnits::author).toList();
        List<Agreement.Pair> pairs = pairs(subject, level, cells, notes);
        List<Agreement.PerAnnotator> perAnnotator = perAnnotator(cells, annotators);
        if (single > 0) {
            notes.add(single + " unit(s) with one rating are left out: agreement needs two ratings of a unit");
        }
        if (units == 0) {
            notes.add("no unit has two ratings yet");
            return new Agreement(subject.configId().orElse(null), subject.name(), level, 0, 0, names, null, null, null,
                    null, pairs, perAnnotator, single, notes);
        }
        Set<String> keys = new TreeSet<>();
        rated.forEach(pattern -> keys.addAll(pattern.keys()));
        int raters = rated.stream().mapToInt(pattern -> pattern.keys().size()).max().orElse(0);
        WeightedStudy nominal = new WeightedStudy(raters);
        for (Pattern pattern : rated) {
            Object[] categories = new Object[raters];
            for (int i = 0; i < pattern.keys().size(); i++) {
                categories[i] = pattern.keys().get(i);
            }
            nominal.add(pattern.units(), categories);
        }
        Double percent = keys.size() == 1 ? 1.0 : new PercentageAgreement(nominal).calculateAgreement();
        Double fleiss = fleiss(rated, keys, nominal, notes);
        Alpha alpha = alpha(subject, level, rated, keys, notes);
        return new Agreement(subject.configId().orElse(null), subject.name(), level, units, ratings, names, percent,
                alpha.value(), alpha.interval(), fleiss, pairs, perAnnotator, single, notes);
    }

    /** Krippendorff's α and its bootstrap interval, either null where it cannot be computed. */
    private record Alpha(Double value, List<Double> interval) {
    }

    private static Alpha alpha(Subject subject, Level level, List<Pattern> rated, Set<String> keys, List<String> notes) {
        if (keys.size() == 1) {
            notes.add("every rating is the same (" + keys.iterator().next() + "): α and κ are undefined without variation");
            return new Alpha(null, null);
        }
        if (keys.size() > MAX_ALPHA_CATEGORIES) {
            notes.add("Krippendorff's α is computed for at most " + MAX_ALPHA_CATEGORIES + " distinct values; these units have "
                    + keys.size());
            return new Alpha(null, null);
        }
        Coding coding = new Coding(subject, level, keys);
        AlphaStudy study = new AlphaStudy(level, coding.distance());
        for (Pattern pattern : rated) {
            study.add(pattern.units(), pattern.keys().stream().map(coding::category).toArray());
        }
        OptionalDouble point = study.alpha(study.counts());
        if (point.isEmpty()) {
            return new Alpha(null, null);
        }
        if (keys.size() > MAX_BOOTSTRAP_CATEGORIES || study.patterns() > MAX_BOOTSTRAP_PATTERNS) {
            notes.add("no bootstrap interval: it is drawn when the units show at most " + MAX_BOOTSTRAP_CATEGORIES
                    + " distinct values and " + MAX_BOOTSTRAP_PATTERNS + " distinct rating patterns (" + keys.size()
                    + " and " + study.patterns() + " here)");
            return new Alpha(point.getAsDouble(), null);
        }
        List<Double> interval = AlphaBootstrap.interval(study, AlphaBootstrap.DRAWS, AlphaBootstrap.SEED)
                .map(bounds -> List.of(bounds[0], bounds[1])).orElse(null);
        if (interval == null) {
            notes.add("the bootstrap interval is undefined: most resamples have a single value");
        }
        return new Alpha(point.getAsDouble(), interval);
    }

    private static Double fleiss(List<Pattern> rated, Set<String> keys, WeightedStudy nominal, List<String> notes) {
        Set<Integer> sizes = new TreeSet<>();
        rated.forEach(pattern -> sizes.add(pattern.keys().size()));
        if (sizes.size() > 1) {
            notes.add("Fleiss' κ needs the same number of ratings on every unit; these units have "
                    + sizes.iterator().next() + " to " + ((TreeSet<Integer>) sizes).last());
            return null;
        }
        if (keys.size() == 1) {
            return null;
        }
        try {
            return new FleissKappaAgreement(nominal).calculateAgreement();
        } catch (InsufficientDataException e) {
            return null;
        }
    }

    private static List<Agreement.Pair> pairs(Subject subject, Level level, List<PairCell> cells, List<String> notes) {
        Map<List<String>, List<PairCell>> byPair = new TreeMap<>((x, y) -> x.get(0).equals(y.get(0))
                ? x.get(1).compareTo(y.get(1)) : x.get(0).compareTo(y.get(0)));
        Set<String> keys = new LinkedHashSet<>();
        for (PairCell cell : cells) {
            byPair.computeIfAbsent(List.of(cell.a(), cell.b()), key -> new ArrayList<>()).add(cell);
            keys.add(cell.keyA());
            keys.add(cell.keyB());
        }
        Coding coding = new Coding(subject, level, keys);
        List<Agreement.Pair> pairs = new ArrayList<>();
        boolean undefined = false;
        for (Map.Entry<List<String>, List<PairCell>> pair : byPair.entrySet()) {
            WeightedStudy nominal = new WeightedStudy(2);
            WeightedStudy coded = new WeightedStudy(2);
            long units = 0;
            for (PairCell cell : pair.getValue()) {
                nominal.add(cell.units(), cell.keyA(), cell.keyB());
                coded.add(cell.units(), coding.category(cell.keyA()), coding.category(cell.keyB()));
                units += cell.units();
            }
            Double percent = nominal.getCategoryCount() == 1 ? 1.0 : new PercentageAgreement(nominal).calculateAgreement();
            Double kappa = kappa(coding, coded);
            undefined |= kappa == null;
            pairs.add(new Agreement.Pair(pair.getKey().get(0), pair.getKey().get(1), units, percent, kappa));
        }
        if (undefined) {
            notes.add("Cohen's κ is undefined for a pair whose ratings on their shared units are all the same");
        }
        return pairs;
    }

    private static Double kappa(Coding coding, WeightedStudy pair) {
        if (pair.getCategoryCount() < 2) {
            return null;
        }
        try {
            if (coding.level() == Level.NOMINAL) {
                return new CellCohenKappa(pair).calculateAgreement();
            }
            return new WeightedKappaAgreement(pair, ScaledDistance.of(coding.distance(), pair)).calculateAgreement();
        } catch (InsufficientDataException e) {
            return null;
        }
    }

    private static List<Agreement.PerAnnotator> perAnnotator(List<PairCell> cells, List<AnnotatorUnits> annotators) {
        Map<String, long[]> comparisons = new LinkedHashMap<>();
        for (PairCell cell : cells) {
            for (String annotator : List.of(cell.a(), cell.b())) {
                long[] counts = comparisons.computeIfAbsent(annotator, key -> new long[2]);
                counts[0] += cell.keyA().equals(cell.keyB()) ? cell.units() : 0;
                counts[1] += cell.units();
            }
        }
        return annotators.stream().map(annotator -> {
            long[] counts = comparisons.get(annotator.author());
            return new Agreement.PerAnnotator(annotator.author(), annotator.units(),
                    counts == null || counts[1] == 0 ? null : (double) counts[0] / counts[1]);
        }).toList();
    }
}
