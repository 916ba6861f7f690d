package dev.annotations.api.queue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Queue durability {@code insert}: each batch is one INSERT into ClickHouse, readable once it returned. A queue
 * journal this instance left when it ran with durability {@code journal} is still loaded; until it is, a queue with
 * events in it is not read, and leases its journal's name carries may be taken back by this instance.
 */
final class InsertedQueueEvents implements QueueEventStore {
    private final QueueEventRepository events;
    private final QueueJournal leftJournal;
    private final String ownerName = "instance-" + UUID.randomUUID();

    /** @param leftJournal a journal durability {@code journal} left in this instance's directory, or null */
    InsertedQueueEvents(QueueEventRepository events, QueueJournal leftJournal) {
        this.events = events;
        this.leftJournal = leftJournal;
    }

    @Override
    public void store(UUID projectId, UUID queueId, List<QueueEvent> batch, String token) {
        events.insertBatch(projectId, queueId, batch, token);
    }

    @Override
    public boolean awaitReadable(UUID projectId, UUID queueId, Duration within) {
        return leftJournal == null || leftJournal.awaitReadable(projectId, queueId, within);
    }

    @Override
    public String ownerName() {
        return ownerName;
    }

    @Override
    public boolean holdsJournalOf(String owner) {
        return leftJournal != null && leftJournal.ownerName().equals(owner);
    }
}
