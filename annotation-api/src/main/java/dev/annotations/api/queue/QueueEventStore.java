package dev.annotations.api.queue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Where a queue owner's group commit ({@link QueueDesk}) stores its batches of decided events (README, "Queues: the
 * claim protocol"): straight into ClickHouse ({@link InsertedQueueEvents}, durability {@code insert}) or into this
 * instance's local journal, loaded into ClickHouse after ({@link QueueJournal}, durability {@code journal}).
 */
interface QueueEventStore {
    /**
     * Stores one batch of a queue's events, in decision order; once this returns they count as stored (a durable
     * change may be acknowledged). A failure may have stored the batch or not: the caller retries the very same
     * batch under the same {@code token}, which stores it once.
     */
    void store(UUID projectId, UUID queueId, List<QueueEvent> batch, String token);

    /**
     * Waits up to {@code within} until every event stored for the queue can be read from ClickHouse, which a new
     * owner reads the queue from; true when it can.
     */
    boolean awaitReadable(UUID projectId, UUID queueId, Duration within);

    /** The owner name this instance's leases carry ({@link QueueOwnership}: who may take them over). */
    String ownerName();

    /**
     * Whether the journal whose leases carry {@code owner} is this instance's (so its events reach ClickHouse from
     * here, and {@link #awaitReadable} waits for them): only then may this instance take such a lease over.
     */
    boolean holdsJournalOf(String owner);
}
