package dev.annotations.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition the way tests on a busy machine should: asked again every {@code pause}, failing
 * with {@code what} only once a generous {@code bound} has passed; never a fixed sleep that assumes a speed.
 */
public final class Polling {
    private static final Duration PAUSE = Duration.ofMillis(100);

    private Polling() {
    }

    public static void until(Duration bound, String what, BooleanSupplier done) {
        until(bound, () -> what, done);
    }

    /** As above, {@code what} read only on failure (to show the state the wait ended in). */
    public static void until(Duration bound, Supplier<String> what, BooleanSupplier done) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what.get());
            }
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what.get(), e);
            }
        }
    }
}
