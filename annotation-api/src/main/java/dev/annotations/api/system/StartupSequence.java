package dev.annotations.api.system;

import dev.annotations.api.config.Redaction;
import dev.annotations.api.storage.ClickHouseFailures;
import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Start-up's work against ClickHouse — reach it, migrate, bootstrap, install — run in order, each step
 * retried with capped exponential backoff for as long as its failure can pass (ClickHouse down, frozen,
 * overloaded: see {@link ClickHouseFailures#isTransient}). {@link Readiness} says after every attempt what
 * the service waits for. A failure that cannot pass (an applied migration that was changed, DDL that
 * ClickHouse refuses, wrong credentials) ends the start with {@link StartupFailedException}, so the
 * process exits instead of living on unready.
 */
public final class StartupSequence {
    private static final Logger LOG = Logger.getLogger(StartupSequence.class.getName());
    /** The pause after the first failed attempt; it doubles up to the configured maximum. */
    public static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    /**
     * One step.
     *
     * @param waitingFor what the service waits for while the step fails, e.g. "waiting for ClickHouse at …"
     * @param work       the step; safe to run again after a failure
     */
    public record Step(String waitingFor, Runnable work) {
        public Step {
            Objects.requireNonNull(waitingFor, "waitingFor");
            Objects.requireNonNull(work, "work");
        }
    }

    /** How the sequence waits between attempts; tests pass one that records the pauses. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Start-up cannot proceed: the reason is final, retrying would not help. */
    public static final class StartupFailedException extends RuntimeException {
        public StartupFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Readiness readiness;
    private final Duration maxPause;
    private final Pause pause;

    public StartupSequence(Readiness readiness, Duration maxPause, Pause pause) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.maxPause = Objects.requireNonNull(maxPause, "maxPause");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Runs every step, retrying each until it succeeds.
     *
     * @throws StartupFailedException when a step fails for a reason that cannot pass, or the thread is interrupted
     */
    public void run(List<Step> steps) {
        for (Step step : steps) {
            runUntilDone(step);
        }
    }

    private void runUntilDone(Step step) {
        Duration next = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            if (attempt == 1) {
                // later attempts leave the last failure in place: it says what is wrong and when the next try is
                readiness.waiting(step.waitingFor());
            }
            try {
                step.work().run();
                return;
            } catch (RuntimeException e) {
                String reason = step.waitingFor() + ": " + reasonOf(e);
                if (!(e instanceof StorageUnavailableException) || !ClickHouseFailures.isTransient(e)) {
                    readiness.waiting("cannot start: " + reason);
                    throw new StartupFailedException("cannot start: " + reason, e);
                }
                String detail = reason + "; attempt " + attempt + ", next in " + seconds(next);
                readiness.waiting(detail);
                LOG.warning(detail);
            }
            try {
                pause.sleep(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailedException("start-up interrupted while " + step.waitingFor(), e);
            }
            next = next.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : next.multipliedBy(2);
        }
    }

    private static String reasonOf(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Redaction.url(message);
    }

    /** "0.5 s", "8 s". */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
