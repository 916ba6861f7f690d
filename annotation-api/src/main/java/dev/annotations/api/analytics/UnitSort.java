package dev.annotations.api.analytics;

/** The order of the units list. */
public enum UnitSort {
    /** Most disagreement first: adjudicate the worst first. */
    DISAGREEMENT,
    /** Most recently rated first. */
    RECENT
}
