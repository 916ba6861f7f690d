package dev.annotations.api.queue;

import dev.annotations.api.score.QueueExistence;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.ExpiringCache;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers the score feature's question whether a project has a queue. A found queue is remembered for
 * {@link #CACHE_TTL} (queues are archived, never deleted, so the answer cannot turn false); an unknown id
 * is asked again every time, so a queue created on another instance is found at once.
 */
public final class QueueDirectory implements QueueExistence {
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final int CACHE_SIZE = 10_000;

    private record Key(UUID projectId, UUID queueId) {
    }

    private final QueueRepository queues;
    private final ExpiringCache<Key, Optional<Boolean>> cache;

    public QueueDirectory(ClickHouseStorage storage, Clock clock) {
        this.queues = new QueueRepository(storage, clock);
        this.cache = new ExpiringCache<>(clock, CACHE_TTL, CACHE_SIZE);
    }

    @Override
    public boolean exists(UUID projectId, UUID queueId) {
        return cache.get(new Key(projectId, queueId),
                key -> queues.find(key.projectId(), key.queueId()).map(queue -> Boolean.TRUE)).isPresent();
    }
}
