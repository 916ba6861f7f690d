package dev.annotations.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.UUID;

/**
 * How much the annotators of one config agree. {@code units} counts the units with at least two ratings (the
 * only ones agreement can use) and {@code ratings} their ratings; units with one rating are left out and
 * counted in {@code unitsWithOneRating}. A statistic that cannot be computed is null, and {@code notes} says why.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Agreement(UUID configId, String name, Level level, long units, long ratings, List<String> annotators,
                        Double percentAgreement, Double krippendorffAlpha, List<Double> krippendorffAlphaCi,
                        Double fleissKappa, List<Pair> pairs, List<PerAnnotator> perAnnotator, long unitsWithOneRating,
                        List<String> notes) {

    /** Two annotators on the units both rated: Cohen's κ (weighted κ for ordinal, interval and MASI levels). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Pair(String a, String b, long units, Double percentAgreement, Double cohenKappa) {
    }

    /** One annotator: the units with two or more ratings they rated, and how often they matched the others there. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PerAnnotator(String annotator, long units, Double agreementWithOthers) {
    }
}
