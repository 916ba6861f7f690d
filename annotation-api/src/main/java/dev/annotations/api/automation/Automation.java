package dev.annotations.api.automation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.UUID;

/**
 * A standing rule: QUEUE_SOURCE adds the new spans its {@code filter} matches to a queue (at most
 * {@code maxPerHour} per rolling hour, reading after its cursor); QUEUE_TO_DATASET adds a queue's finished items
 * to a dataset.
 */
public record Automation(UUID id, @JsonIgnore UUID projectId, Kind kind, UUID queueId, UUID datasetId,
                         @JsonRawValue String filter, int priority, int maxPerHour, boolean enabled, long cursorNanos,
                         Instant createdAt, String createdBy, Instant updatedAt) {

    public enum Kind { QUEUE_SOURCE, QUEUE_TO_DATASET }

    Automation withCursor(long nanos, Instant at) {
        return new Automation(id, projectId, kind, queueId, datasetId, filter, priority, maxPerHour, enabled, nanos,
                createdAt, createdBy, at);
    }

    Automation withEnabled(boolean on, Instant at) {
        return new Automation(id, projectId, kind, queueId, datasetId, filter, priority, maxPerHour, on, cursorNanos,
                createdAt, createdBy, at);
    }
}
