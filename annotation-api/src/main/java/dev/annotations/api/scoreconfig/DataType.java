package dev.annotations.api.scoreconfig;

/** What a score of this config holds. */
public enum DataType {
    /** A number, optionally bounded and stepped (ratings, star counts, probabilities). */
    NUMERIC,
    /** One label (or several, multi-select) from a fixed set, each with a numeric value. */
    CATEGORICAL,
    /** True or false, each with a display label (e.g. 👍 / 👎). */
    BOOLEAN,
    /** Free text up to a maximum length. */
    TEXT
}
