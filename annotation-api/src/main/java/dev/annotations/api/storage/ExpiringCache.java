package dev.annotations.api.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small read-through cache whose entries expire after a fixed time, so a change made by another
 * instance is seen within that time; a change made here is seen at once ({@link #invalidate}).
 * Bounded: when full it is cleared rather than grown. Empty answers are not kept, so something created
 * elsewhere is found on the next read.
 */
public final class ExpiringCache<K, V extends java.util.Optional<?>> {
    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    public ExpiringCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    public V get(K key, Function<K, V> load) {
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.value();
        }
        V value = load.apply(key);
        if (value.isEmpty()) {
            entries.remove(key);
            return value;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now + ttlMillis));
        return value;
    }

    public void invalidate(K key) {
        entries.remove(key);
    }

    public void invalidateAll() {
        entries.clear();
    }
}
