package dev.annotations.api.system;

import java.util.concurrent.atomic.AtomicInteger;

/** Whether start-up has brought the schema up to date; {@code GET /ready} reports it. */
public final class Readiness {
    private final AtomicInteger schemaVersion = new AtomicInteger(-1);

    public void migrated(int version) {
        schemaVersion.set(version);
    }

    public boolean isMigrated() {
        return schemaVersion.get() >= 0;
    }

    public int schemaVersion() {
        return schemaVersion.get();
    }
}
