package dev.annotations.grafana.expand;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a query runs with: the dashboard's (or alert rule's) time range and the panel's interval, the two inputs
 * of every time macro. Grafana sends both with each query; the plugin's macros read nothing else.
 */
public record QueryContext(Instant from, Instant to, Duration interval) {
    public QueryContext {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends before it starts: " + from + " .. " + to);
        }
    }

    /** The last {@code range} before {@code now}, e.g. Grafana's "Last 24 hours". */
    public static QueryContext last(Duration range, Instant now, Duration interval) {
        return new QueryContext(now.minus(range), now, interval);
    }
}
