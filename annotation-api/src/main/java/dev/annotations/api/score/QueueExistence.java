package dev.annotations.api.score;

import java.util.UUID;

/**
 * Whether a project has a queue, for checking a score's {@code queueId}. Queues are the queue feature's,
 * and that feature sits above this one, so it implements this and the composition root hands it in.
 */
@FunctionalInterface
public interface QueueExistence {
    boolean exists(UUID projectId, UUID queueId);
}
