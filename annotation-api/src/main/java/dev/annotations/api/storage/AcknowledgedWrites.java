package dev.annotations.api.storage;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes this instance acknowledged that are not yet in ClickHouse (a write-ahead log's pending records, numbered
 * in the order they were acknowledged). A read that must see what was acknowledged before it — a list right after
 * a POST, the scores shown on a trace the annotator just scored — calls {@link #awaitLoaded()}: it asks the loader to
 * load now instead of waiting to fill a batch, and returns once everything acknowledged before the call is loaded,
 * or after {@link #READ_WAIT} (ClickHouse is behind or down; the read then goes ahead and may miss those writes).
 * Without a log nothing is ever acknowledged here and the wait returns at once.
 */
public final class AcknowledgedWrites {
    /** The longest a read waits for acknowledged writes to be loaded before it reads anyway. */
    public static final Duration READ_WAIT = Duration.ofSeconds(2);

    private long acknowledged;
    private long loaded;
    private boolean loadWanted;

    /** One more write was acknowledged; returns its number, which the loader reports back in {@link #loadedUpTo}. */
    public synchronized long acknowledge() {
        return ++acknowledged;
    }

    /** Every write numbered up to {@code number} is in ClickHouse. */
    public synchronized void loadedUpTo(long number) {
        loaded = Math.max(loaded, number);
        if (loaded >= acknowledged) {
            loadWanted = false;
        }
        notifyAll();
    }

    /** Waits until everything acknowledged before this call is loaded, at most {@link #READ_WAIT}. */
    public void awaitLoaded() {
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        synchronized (this) {
            long target = acknowledged;
            if (loaded >= target) {
                return;
            }
            loadWanted = true;
            notifyAll();
            try {
                for (long left = deadline - System.nanoTime(); loaded < target && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The loader's pause between batches: returns after {@code millis}, or as soon as a reader waits for writes
     * to be loaded; true when one does.
     */
    public synchronized boolean pauseUnlessWanted(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = deadline - System.nanoTime(); !loadWanted && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return loadWanted;
    }
}
