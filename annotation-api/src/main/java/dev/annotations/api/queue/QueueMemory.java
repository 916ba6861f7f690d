package dev.annotations.api.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * One instance's picture of one queue: its items and their folded events, indexed so {@code next} chooses a
 * candidate without reading ClickHouse. It may be stale (other instances' events arrive with the next
 * refresh), which can only make a claim lose its compare-and-set, never break an invariant: the claim
 * protocol decides on what ClickHouse stored. Mutations are serialised on the instance; reads are lock-free.
 */
final class QueueMemory {
    /** An item with its events and their fold; {@code item} is null while only events were seen. */
    record Entry(QueueItem item, Map<UUID, QueueEvent> events, ItemState state) {
    }

    /**
     * Order of service: higher priority first, then older first. Written out rather than as a chained
     * {@code Comparator}: the sorted indexes compare keys ~17 times per insert, and a full read of a
     * 100 000-item queue re-indexes every item, where the chained lambdas were the first claim's main cost.
     */
    record Key(int priority, Instant addedAt, UUID id) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            if (priority != other.priority) {
                return priority > other.priority ? -1 : 1;
            }
            int byAge = addedAt.compareTo(other.addedAt);
            return byAge != 0 ? byAge : id.compareTo(other.id);
        }
    }

    private volatile Queue queue;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final NavigableSet<Key> wanting = new ConcurrentSkipListSet<>();
    private final Map<String, NavigableSet<Key>> designated = new ConcurrentHashMap<>();
    private final Map<String, Set<UUID>> returnedTo = new ConcurrentHashMap<>();
    private final Map<String, Set<UUID>> openClaims = new ConcurrentHashMap<>();
    volatile Instant refreshedFrom;
    volatile Instant fullyLoadedAt;
    /** The ticket ({@link QueueMemories}) of the latest full read, taken as it began: which reads came after what. */
    volatile long fullReadTicket;
    volatile Instant lastUsed;

    QueueMemory(Queue queue) {
        this.queue = queue;
    }

    Queue queue() {
        return queue;
    }

    void queue(Queue updated) {
        this.queue = updated;
    }

    Optional<Entry> entry(UUID itemId) {
        return Optional.ofNullable(entries.get(itemId)).filter(entry -> entry.item() != null);
    }

    Collection<Entry> entries() {
        return entries.values().stream().filter(entry -> entry.item() != null).toList();
    }

    synchronized void putItems(Collection<QueueItem> items) {
        for (QueueItem item : items) {
            Entry old = entries.get(item.id());
            if (old != null && item.equals(old.item())) {
                // read again (a full read, a refresh's slack): same item, same events, so the same fold (which
                // depends on nothing else but annotatorsPerItem and reviewRequired, fixed when the queue is created)
                continue;
            }
            Map<UUID, QueueEvent> events = old == null ? Map.of() : old.events();
            replace(old, new Entry(item, events, fold(events.values(), item.removed())));
        }
    }

    /**
     * A read's items and their events together (events deduplicated by id): each item is folded and indexed
     * once, not once for the item and again for its events, which halves a full read of a large queue. An item
     * read again without a new event keeps its fold, as in {@link #putItems}.
     */
    synchronized void put(Collection<QueueItem> items, Map<UUID, List<QueueEvent>> eventsByItem) {
        Set<UUID> seen = new HashSet<>();
        for (QueueItem item : items) {
            seen.add(item.id());
            Entry old = entries.get(item.id());
            List<QueueEvent> read = eventsByItem.getOrDefault(item.id(), List.of());
            Map<UUID, QueueEvent> known = old == null ? Map.of() : old.events();
            if (old != null && item.equals(old.item()) && read.stream().allMatch(event -> known.containsKey(event.eventId()))) {
                continue;
            }
            Map<UUID, QueueEvent> merged = new HashMap<>(known);
            read.forEach(event -> merged.putIfAbsent(event.eventId(), event));
            replace(old, new Entry(item, Map.copyOf(merged), fold(merged.values(), item.removed())));
        }
        eventsByItem.forEach((itemId, events) -> {
            if (!seen.contains(itemId)) {
                putEvents(itemId, events, false);
            }
        });
    }

    /** Adds events (deduplicated by id); with {@code authoritative}, they are the item's complete log as just read. */
    synchronized void putEvents(UUID itemId, Collection<QueueEvent> events, boolean authoritative) {
        Entry old = entries.get(itemId);
        Map<UUID, QueueEvent> merged = new HashMap<>(authoritative || old == null ? Map.of() : old.events());
        boolean changed = authoritative;
        for (QueueEvent event : events) {
            changed |= merged.putIfAbsent(event.eventId(), event) == null;
        }
        if (!changed) {
            return;
        }
        QueueItem item = old == null ? null : old.item();
        replace(old, new Entry(item, Map.copyOf(merged), fold(merged.values(), item != null && item.removed())));
    }

    /** Re-indexes an item whose reservations may have expired since its last event. */
    synchronized void refold(UUID itemId) {
        Entry old = entries.get(itemId);
        if (old != null) {
            replace(old, new Entry(old.item(), old.events(), old.state()));
        }
    }

    private ItemState fold(Collection<QueueEvent> events, boolean removed) {
        return ItemState.fold(List.copyOf(events), queue.annotatorsPerItem(), queue.reviewRequired(), removed);
    }

    private void replace(Entry old, Entry next) {
        if (old != null && old.item() != null) {
            unindex(old);
        }
        entries.put(idOf(next, old), next);
        if (next.item() != null) {
            index(next);
        }
    }

    private static UUID idOf(Entry next, Entry old) {
        if (next.item() != null) {
            return next.item().id();
        }
        return old != null && old.item() != null ? old.item().id()
                : next.events().values().iterator().next().itemId();
    }

    private void index(Entry entry) {
        Key key = key(entry.item());
        ItemState state = entry.state();
        if (state.wantsWork()) {
            wanting.add(key);
            for (String annotator : state.assigned()) {
                designated.computeIfAbsent(annotator, name -> new ConcurrentSkipListSet<>()).add(key);
            }
            for (String annotator : state.reservedForReturned()) {
                returnedTo.computeIfAbsent(annotator, name -> ConcurrentHashMap.newKeySet()).add(key.id());
            }
        }
        for (ItemState.Claim claim : state.claims()) {
            if (claim.open()) {
                openClaims.computeIfAbsent(claim.annotator(), name -> ConcurrentHashMap.newKeySet()).add(key.id());
            }
        }
    }

    private void unindex(Entry entry) {
        Key key = key(entry.item());
        wanting.remove(key);
        for (String annotator : entry.state().assigned()) {
            Set<Key> keys = designated.get(annotator);
            if (keys != null) {
                keys.remove(key);
            }
        }
        for (String annotator : entry.state().reservedForReturned()) {
            Set<UUID> ids = returnedTo.get(annotator);
            if (ids != null) {
                ids.remove(key.id());
            }
        }
        for (ItemState.Claim claim : entry.state().claims()) {
            Set<UUID> ids = openClaims.get(claim.annotator());
            if (ids != null) {
                ids.remove(key.id());
            }
        }
    }

    private static Key key(QueueItem item) {
        return new Key(item.priority(), item.addedAt(), item.id());
    }

    /** The item the annotator holds a live reservation on, if any. */
    Optional<Entry> liveClaimOf(String annotator, Instant now) {
        for (UUID id : openClaims.getOrDefault(annotator, Set.of())) {
            Entry entry = entries.get(id);
            if (entry != null && entry.item() != null && entry.state().liveClaims(now).stream()
                    .anyMatch(claim -> claim.annotator().equals(annotator))) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code limit} items the annotator may claim, best first, in tiers: returned to them, designated
     * to them, then (unless {@code designatedOnly}) any other. The caller picks within the first non-empty tier.
     */
    List<List<Entry>> candidates(String annotator, Instant now, int limit, Set<UUID> exclude, boolean designatedOnly) {
        List<Entry> returned = new ArrayList<>();
        for (UUID id : returnedTo.getOrDefault(annotator, Set.of())) {
            Entry entry = entries.get(id);
            if (entry != null && entry.item() != null && !exclude.contains(id) && entry.state().mayClaim(annotator, now)) {
                returned.add(entry);
            }
        }
        List<Entry> mine = collect(designated.getOrDefault(annotator, new ConcurrentSkipListSet<>()), annotator, now,
                limit, exclude);
        List<Entry> others = designatedOnly || !mine.isEmpty() || !returned.isEmpty() ? List.of()
                : collect(wanting, annotator, now, limit, exclude);
        return List.of(returned, mine, others);
    }

    private List<Entry> collect(NavigableSet<Key> keys, String annotator, Instant now, int limit, Set<UUID> exclude) {
        List<Entry> found = new ArrayList<>(limit);
        for (Key key : keys) {
            if (found.size() >= limit) {
                break;
            }
            Entry entry = entries.get(key.id());
            if (entry != null && entry.item() != null && !exclude.contains(key.id())
                    && entry.state().mayClaim(annotator, now)) {
                found.add(entry);
            }
        }
        return found;
    }

    /** Items with open claims: their answers change when a reservation expires. */
    List<UUID> itemsWithOpenClaims() {
        return openClaims.values().stream().flatMap(Set::stream).distinct().toList();
    }

    /** Open work per annotator: designated items still wanting their submission, plus live claims. */
    Map<String, Integer> openWork(Instant now) {
        Map<String, Integer> work = new HashMap<>();
        for (Entry entry : entries()) {
            ItemState state = entry.state();
            if (!state.wantsWork()) {
                continue;
            }
            for (String annotator : state.assigned()) {
                if (!state.validSubmissions().containsKey(annotator) && !state.skipped().contains(annotator)) {
                    work.merge(annotator, 1, Integer::sum);
                }
            }
        }
        return work;
    }
}
