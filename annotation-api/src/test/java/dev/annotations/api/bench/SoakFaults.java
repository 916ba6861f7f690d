package dev.annotations.api.bench;

import dev.annotations.api.ChildEngine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Breaks the engine under the soak's load, once per interval, in turn: frozen ({@code kill -STOP} for
 * 15 s), killed ({@code kill -9}, restarted on the same data 10 s later), slow (stopped and continued every
 * 250 ms for 20 s: it runs half the time, in slices).
 */
final class SoakFaults implements AutoCloseable {
    enum Kind { FROZEN, KILLED, SLOW }

    record Window(Kind kind, long startNanos, long endNanos) {
        boolean covers(long nanos) {
            return nanos >= startNanos && nanos < endNanos;
        }
    }

    static final Duration FROZEN_FOR = Duration.ofSeconds(15);
    static final Duration KILLED_FOR = Duration.ofSeconds(10);
    static final Duration SLOW_FOR = Duration.ofSeconds(20);
    private static final Duration SLOW_SLICE = Duration.ofMillis(250);

    private final ChildEngine engine;
    private final Duration interval;
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SoakFaults(ChildEngine engine, Duration interval) {
        this.engine = engine;
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("soak-faults").start(this::run);
    }

    private void run() {
        int next = 0;
        try {
            // the first fault half an interval in, so the load has settled
            Thread.sleep(interval.toMillis() / 2);
            while (running.get()) {
                long cycleStart = System.nanoTime();
                Kind kind = Kind.values()[next++ % Kind.values().length];
                long start = System.nanoTime();
                inject(kind);
                windows.add(new Window(kind, start, System.nanoTime()));
                long rest = interval.toNanos() - (System.nanoTime() - cycleStart);
                sleepWhileRunning(Duration.ofNanos(Math.max(0, rest)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void inject(Kind kind) throws InterruptedException {
        switch (kind) {
            case FROZEN -> {
                engine.freeze();
                try {
                    Thread.sleep(FROZEN_FOR.toMillis());
                } finally {
                    engine.thaw();
                }
            }
            case KILLED -> {
                engine.kill();
                Thread.sleep(KILLED_FOR.toMillis());
                engine.start();
            }
            case SLOW -> {
                long end = System.nanoTime() + SLOW_FOR.toNanos();
                while (System.nanoTime() < end) {
                    engine.freeze();
                    try {
                        Thread.sleep(SLOW_SLICE.toMillis());
                    } finally {
                        engine.thaw();
                    }
                    Thread.sleep(SLOW_SLICE.toMillis());
                }
            }
        }
    }

    private void sleepWhileRunning(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (running.get() && System.nanoTime() < end) {
            Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    List<Window> windows() {
        return List.copyOf(windows);
    }

    boolean duringFault(long nanos) {
        return windows.stream().anyMatch(window -> window.covers(nanos));
    }

    /** Stops after the fault in progress (the engine is left running). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
