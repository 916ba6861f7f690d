package dev.annotations.api.score;

/** The width of a time series' buckets (UTC; weeks start on Monday). */
public enum TimeBucket {
    HOUR("toStartOfHour"), DAY("toStartOfDay"), WEEK("toMonday");

    private final String function;

    TimeBucket(String function) {
        this.function = function;
    }

    /** SQL: the bucket's start in epoch seconds; the function is an allow-listed identifier, never input. */
    String startOf(String column) {
        return "toUnixTimestamp(toDateTime(" + function + "(" + column + "), 'UTC'))";
    }
}
