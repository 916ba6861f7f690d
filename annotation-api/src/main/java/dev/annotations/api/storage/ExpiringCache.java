package dev.annotations.api.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small read-through cache whose entries are reloaded after a fixed time, so a change made by another
 * instance is seen within about that time; a change made here is seen at once ({@link #invalidate}).
 *
 * <p>An entry is fresh for the TTL. After that it is still answered, for up to another TTL, while one reload
 * runs in the background; only an entry older than twice the TTL (its reloads failed, or nobody asked meanwhile)
 * is reloaded on the caller's thread. Why: every request reads these caches (its key, its project, its config),
 * and a synchronous reload put a ClickHouse point read — milliseconds, far more while the engine is busy — into
 * one request per entry every TTL. So another instance's change is seen within the TTL plus one reload (at most
 * twice the TTL).
 *
 * <p>Bounded: when full it is cleared rather than grown. Empty answers are not kept, so something created
 * elsewhere is found on the next read.
 */
public final class ExpiringCache<K, V extends java.util.Optional<?>> {
    private static final Logger LOG = Logger.getLogger(ExpiringCache.class.getName());

    private record Entry<V>(V value, long loadedAtMillis) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Keys whose background reload is under way: one at a time per key. */
    private final Set<K> reloading = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final Executor reloads;

    /** Background reloads each run on a virtual thread of their own. */
    public ExpiringCache(Clock clock, Duration ttl, int maxEntries) {
        this(clock, ttl, maxEntries, task -> Thread.ofVirtual().name("cache-reload").start(task));
    }

    /** @param reloads where background reloads run (tests pass one they drive) */
    public ExpiringCache(Clock clock, Duration ttl, int maxEntries, Executor reloads) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.reloads = reloads;
    }

    public V get(K key, Function<K, V> load) {
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.loadedAtMillis() < ttlMillis) {
            return entry.value();
        }
        if (entry != null && now - entry.loadedAtMillis() < 2 * ttlMillis) {
            reloadInBackground(key, entry, load);
            return entry.value();
        }
        V value = load.apply(key);
        store(key, value, now);
        return value;
    }

    private void reloadInBackground(K key, Entry<V> stale, Function<K, V> load) {
        if (!reloading.add(key)) {
            return;
        }
        try {
            reloads.execute(() -> {
                try {
                    long startedAt = clock.millis();
                    V value = load.apply(key);
                    // only over the entry this reload replaces: an invalidation meanwhile wins (its change may be
                    // newer than what this reload read)
                    if (value.isEmpty()) {
                        entries.remove(key, stale);
                    } else {
                        entries.replace(key, stale, new Entry<>(value, startedAt));
                    }
                } catch (RuntimeException e) {
                    // the stale entry stays until it is twice the TTL old; then a caller's own read reports the failure
                    LOG.log(Level.FINE, "reloading a cache entry in the background failed", e);
                } finally {
                    reloading.remove(key);
                }
            });
        } catch (RuntimeException e) {
            reloading.remove(key);
            LOG.log(Level.FINE, "could not start a background reload", e);
        }
    }

    private void store(K key, V value, long loadedAt) {
        if (value.isEmpty()) {
            entries.remove(key);
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, loadedAt));
    }

    public void invalidate(K key) {
        entries.remove(key);
    }

    public void invalidateAll() {
        entries.clear();
    }
}
