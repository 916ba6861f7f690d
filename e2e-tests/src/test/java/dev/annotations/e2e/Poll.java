package dev.annotations.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: telemetry reaches storage asynchronously (batch processors in the demo JVM). */
final class Poll {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Poll() {
    }

    /** The first value that satisfies {@code done}; fails after {@link #TIMEOUT} with the last value seen. */
    static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; last seen: " + last);
    }
}
