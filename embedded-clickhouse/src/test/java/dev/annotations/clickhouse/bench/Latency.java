package dev.annotations.clickhouse.bench;

import java.util.Arrays;

/** Median and 99th percentile of a set of timings, in microseconds. */
record Latency(double medianMicros, double p99Micros, int samples) {

    static Latency of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(sorted[sorted.length / 2] / 1_000.0,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1_000.0, sorted.length);
    }

    String describe() {
        return "%.0f µs / %.0f µs".formatted(medianMicros, p99Micros);
    }
}
