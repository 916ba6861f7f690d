package dev.annotations.api.dataset;

import java.time.Instant;
import java.util.UUID;

/** A dataset's settings row (one per edit); its items and versions are rows of their own tables. */
record Dataset(UUID projectId, UUID id, String name, String description, boolean archived, Instant createdAt,
               String createdBy, Instant updatedAt, String updatedBy, long rowVersion) {

    Dataset edited(String newName, String newDescription, boolean newArchived, Instant at, String by, long nextRowVersion) {
        return new Dataset(projectId, id, newName, newDescription, newArchived, createdAt, createdBy, at, by, nextRowVersion);
    }
}
