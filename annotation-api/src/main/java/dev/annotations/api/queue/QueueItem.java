package dev.annotations.api.queue;

import dev.annotations.api.score.Target;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** An object to annotate in one queue. Its id is derived from queue + target: an object is in a queue at most once. */
public record QueueItem(UUID id, UUID queueId, Target target, int priority, Instant addedAt, String addedBy,
                        boolean removed) {

    /** The item id of {@code target} in {@code queueId}: the same whoever adds it, on any instance. */
    static UUID idOf(UUID queueId, Target target) {
        String key = queueId + "|" + target.type() + "|" + nullToEmpty(target.traceId()) + "|"
                + nullToEmpty(target.spanId()) + "|" + nullToEmpty(target.sessionId()) + "|"
                + nullToEmpty(target.datasetId()) + "|" + nullToEmpty(target.itemId()) + "|"
                + (target.documentPosition() == null ? "" : target.documentPosition());
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
