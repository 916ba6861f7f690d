package dev.annotations.api.scoreconfig;

/** Which way is better, for dashboards and regressions. */
public enum Direction {
    MAXIMIZE, MINIMIZE, NONE
}
