package dev.annotations.api.dataset;

import java.time.Instant;
import java.util.UUID;

/** A background fill (from a span filter or a queue) and its progress. */
public record DatasetJob(UUID id, UUID datasetId, String status, String source, long matched, long added,
                         long alreadyPresent, int datasetVersion, String error, Instant createdAt, String createdBy,
                         Instant updatedAt) {

    DatasetJob progressed(String newStatus, long newMatched, long newAdded, long newAlready, int version,
                          String newError, Instant at) {
        return new DatasetJob(id, datasetId, newStatus, source, newMatched, newAdded, newAlready, version, newError,
                createdAt, createdBy, at);
    }

    /** The row version: later updates win, even two within one microsecond. */
    long rowVersion() {
        return dev.annotations.api.storage.Columns.versionAt(updatedAt) * 4 + switch (status) {
            case "RUNNING" -> 0;
            default -> 3;
        };
    }
}
