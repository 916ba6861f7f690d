package dev.annotations.api.dataset;

import java.time.Instant;
import java.util.UUID;

/** A dataset as the API shows it: {@code version} is its latest version (0 before the first change). */
public record DatasetView(UUID id, String name, String description, boolean archived, int version, long itemCount,
                          Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    static DatasetView of(Dataset dataset, int version, long itemCount) {
        return new DatasetView(dataset.id(), dataset.name(), dataset.description(), dataset.archived(), version,
                itemCount, dataset.createdAt(), dataset.createdBy(), dataset.updatedAt(), dataset.updatedBy());
    }
}
