package dev.annotations.api.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * What ClickHouse can store, checked before a write is accepted: a value it would refuse (or silently
 * change) must be refused with 400 at validation, never reach a grouped INSERT where it would fail every
 * other request's rows.
 */
public final class Storable {
    /** {@code DateTime64(3)} holds [1900-01-01, 2299-12-31 23:59:59.999]; outside it ClickHouse clamps or fails. */
    public static final Instant DATETIME64_MIN = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant DATETIME64_END = Instant.parse("2300-01-01T00:00:00Z");
    /**
     * {@code DateTime64(9)} (span and log times) ends at 2262-04-11T23:47:16.854775807Z: the largest signed
     * 64-bit count of nanoseconds. OTLP times are unsigned, so a larger one reads as negative in Java.
     */
    public static final long DATETIME64_9_MAX_NANOS = Long.MAX_VALUE;

    private Storable() {
    }

    /** Why {@code text} cannot be stored (an unpaired UTF-16 surrogate has no UTF-8 form), or empty. */
    public static Optional<String> textProblem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("must be valid Unicode: an unpaired surrogate \\u%04X at index %d",
                        (int) c, i));
            }
        }
        return Optional.empty();
    }

    /** Why {@code instant} does not fit {@code DateTime64(3)}, or empty. */
    public static Optional<String> dateTime64Problem(Instant instant) {
        if (instant == null || (!instant.isBefore(DATETIME64_MIN) && instant.isBefore(DATETIME64_END))) {
            return Optional.empty();
        }
        return Optional.of("must be from " + DATETIME64_MIN + " to before " + DATETIME64_END + ", was " + instant);
    }
}
