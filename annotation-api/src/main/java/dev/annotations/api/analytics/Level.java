package dev.annotations.api.analytics;

/**
 * How distances between two ratings are measured. The config sets the default (single-select and boolean:
 * NOMINAL, multi-select: MASI, numeric: INTERVAL); {@code level=} overrides it where it makes sense.
 */
public enum Level {
    /** Equal or not. */
    NOMINAL,
    /** Ordered categories: Krippendorff's ordinal metric; weighted κ with quadratic weights on the ranks. */
    ORDINAL,
    /** Numbers: the squared difference; weighted κ with quadratic weights. */
    INTERVAL,
    /** Sets of labels: Passonneau's MASI distance (Jaccard distance weighted by how the sets overlap). */
    MASI
}
