package dev.annotations.api.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * Lease number {@code epoch} of a queue: while it lasts, {@code owner} alone serves the queue's claims, ends and
 * reviews; the other instances forward them to {@code address}.
 */
record QueueLease(UUID projectId, UUID queueId, long epoch, String owner, String address, Instant acquiredAt,
                  Instant expiresAt) {
}
