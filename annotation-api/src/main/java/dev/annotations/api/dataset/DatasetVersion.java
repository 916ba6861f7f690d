package dev.annotations.api.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.UUID;

/** One committed change of a dataset: version {@code version} is every change up to and including it. */
public record DatasetVersion(int version, @JsonIgnore UUID changeId, String description, int added, int edited,
                             int removed, Instant createdAt, String createdBy) {
}
