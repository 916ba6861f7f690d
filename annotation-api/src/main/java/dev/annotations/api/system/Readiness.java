package dev.annotations.api.system;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether start-up has brought the schema up to date, and if not, why: {@code GET /ready} reports it. The
 * start-up sequence writes the reason on every attempt ("waiting for ClickHouse at …: connection refused;
 * attempt 7, next in 8 s").
 */
public final class Readiness {
    private final AtomicInteger schemaVersion = new AtomicInteger(-1);
    private volatile String notReadyBecause = "starting";

    /** Start-up has not finished; {@code detail} says what it waits for. */
    public void waiting(String detail) {
        notReadyBecause = detail;
    }

    public void migrated(int version) {
        schemaVersion.set(version);
    }

    public boolean isMigrated() {
        return schemaVersion.get() >= 0;
    }

    public int schemaVersion() {
        return schemaVersion.get();
    }

    /** Why start-up has not finished; meaningful while {@link #isMigrated()} is false. */
    public String notReadyBecause() {
        return notReadyBecause;
    }
}
