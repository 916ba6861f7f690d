package dev.annotations.api.scoreconfig;

import java.util.Set;

/**
 * What the live scores of a config hold, for deciding whether an edit keeps all of them valid.
 *
 * @param labelsInUse     categorical labels and boolean labels that live scores carry
 * @param maxTextLength   longest TEXT value, in characters
 * @param maxLabelsPerScore most labels on one multi-select score
 */
public record ConfigUsage(long scores, Double minValue, Double maxValue, Set<String> labelsInUse,
                          int maxTextLength, int maxLabelsPerScore) {
    public static final ConfigUsage NONE = new ConfigUsage(0, null, null, Set.of(), 0, 0);
}
