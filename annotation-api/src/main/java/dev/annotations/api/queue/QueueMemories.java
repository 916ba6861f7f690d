package dev.annotations.api.queue;

import dev.annotations.api.http.ApiProblem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The queues this instance works on, each as a {@link QueueMemory}, kept close to ClickHouse: loaded in
 * full on first use, then refreshed every {@link #REFRESH_INTERVAL} with the items and events written since
 * the previous refresh began, minus {@link #SLACK} (rows of INSERTs still in flight, clocks of other
 * instances a little apart); events are deduplicated by id. A full reload every {@link #FULL_RELOAD} mends
 * anything a refresh missed (a clock further apart than the slack). A queue this instance owns is refreshed every
 * {@link #OWNED_EVERY_ROUNDS} rounds only. Queues unused for {@link #IDLE} are dropped.
 */
final class QueueMemories implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueMemories.class.getName());
    static final Duration REFRESH_INTERVAL = Duration.ofMillis(250);
    static final Duration SLACK = Duration.ofSeconds(5);
    static final Duration FULL_RELOAD = Duration.ofMinutes(5);
    static final Duration IDLE = Duration.ofMinutes(10);
    /**
     * A queue this instance owns is read every this many rounds (about every second): its memory already holds
     * every decision, its own; what others change (items added, designations, settings) may wait a second, and
     * each round costs the engine three statements over the queue's rows.
     */
    static final int OWNED_EVERY_ROUNDS = 4;

    private record Key(UUID projectId, UUID queueId) {
    }

    private final QueueRepository queues;
    private final QueueEventRepository events;
    private final Clock clock;
    private final Map<Key, QueueMemory> memories = new ConcurrentHashMap<>();
    /** Queues this instance owns by lease: their memory holds events not yet stored, so it is never dropped idle. */
    private final Set<Key> owned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher;
    /** Numbers full reads in the order they begin (clock-free: a test's clock may stand still). */
    private final AtomicLong fullReads = new AtomicLong();
    /** Refresh rounds so far; only the refresher's one thread touches it. */
    private long rounds;

    QueueMemories(QueueRepository queues, QueueEventRepository events, Clock clock) {
        this.queues = queues;
        this.events = events;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true)
                .name("queue-refresh").factory());
        refresher.scheduleWithFixedDelay(this::refreshAll, REFRESH_INTERVAL.toMillis(), REFRESH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The queue's memory, loaded on first use; 404 for an unknown queue. */
    QueueMemory get(UUID projectId, UUID queueId) {
        Key key = new Key(projectId, queueId);
        QueueMemory memory = memories.get(key);
        if (memory == null) {
            synchronized (this) {
                memory = memories.get(key);
                if (memory == null) {
                    Queue queue = queues.find(projectId, queueId)
                            .orElseThrow(() -> ApiProblem.notFound("no queue " + queueId));
                    memory = new QueueMemory(queue);
                    refresh(memory, true);
                    memories.put(key, memory);
                }
            }
        }
        memory.lastUsed = clock.instant();
        return memory;
    }

    /** Reads what changed now (list endpoints answer from memory, so they see every instance's work). */
    QueueMemory fresh(UUID projectId, UUID queueId) {
        QueueMemory memory = get(projectId, queueId);
        refresh(memory, false);
        return memory;
    }

    /**
     * The queue's memory after a full read of ClickHouse, kept while this instance owns the queue: what a new
     * owner starts from (README, "Queues: the claim protocol").
     */
    QueueMemory own(UUID projectId, UUID queueId) {
        long asked = fullReads.get();
        QueueMemory memory = get(projectId, queueId);
        owned.add(new Key(projectId, queueId));
        // a full read that began after this call (the lease was taken before it) is one to start from: when
        // the queue was not in memory, get just made it, and a second read of a large queue would double the
        // first claim's wait (two reads of 100 000 items)
        if (memory.fullReadTicket <= asked) {
            refresh(memory, true);
        }
        return memory;
    }

    /**
     * This instance no longer owns the queue: its memory may hold events that will never be stored, so it is
     * dropped, and the next use reads the queue afresh.
     */
    void disown(UUID projectId, UUID queueId) {
        Key key = new Key(projectId, queueId);
        owned.remove(key);
        memories.remove(key);
    }

    /** A queue's settings changed on this instance. */
    void updated(Queue queue) {
        QueueMemory memory = memories.get(new Key(queue.projectId(), queue.id()));
        if (memory != null) {
            memory.queue(queue);
        }
    }

    private void refreshAll() {
        Instant now = clock.instant();
        boolean ownedToo = rounds++ % OWNED_EVERY_ROUNDS == 0;
        for (Map.Entry<Key, QueueMemory> entry : memories.entrySet()) {
            QueueMemory memory = entry.getValue();
            boolean mine = owned.contains(entry.getKey());
            if (!mine && memory.lastUsed != null && memory.lastUsed.plus(IDLE).isBefore(now)) {
                memories.remove(entry.getKey());
                continue;
            }
            if (mine && !ownedToo) {
                continue;
            }
            try {
                refresh(memory, memory.fullyLoadedAt == null || memory.fullyLoadedAt.plus(FULL_RELOAD).isBefore(now));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "refreshing queue " + entry.getKey().queueId() + " failed; next round retries", e);
            }
        }
    }

    private void refresh(QueueMemory memory, boolean full) {
        Queue queue = memory.queue();
        Instant started = clock.instant();
        long ticket = full ? fullReads.incrementAndGet() : 0;
        Instant from = full || memory.refreshedFrom == null ? null : memory.refreshedFrom.minus(SLACK);
        queues.find(queue.projectId(), queue.id()).ifPresent(memory::queue);
        List<QueueItem> items = queues.items(queue.projectId(), queue.id(), from);
        List<QueueEvent> read = events.queueEvents(queue.projectId(), queue.id(), from);
        memory.put(items, read.stream().collect(Collectors.groupingBy(QueueEvent::itemId)));
        memory.refreshedFrom = started;
        if (full) {
            memory.fullyLoadedAt = started;
            memory.fullReadTicket = Math.max(memory.fullReadTicket, ticket);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
