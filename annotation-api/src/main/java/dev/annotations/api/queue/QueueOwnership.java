package dev.annotations.api.queue;

import dev.annotations.api.http.ApiProblem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which instance serves a queue's work (README, "Queues: the claim protocol"). Lease numbers of a queue follow
 * each other (1, 2, …) and each is stored at most once ({@link QueueLeaseRepository#tryStore}: a compare-and-set):
 * <ul>
 *   <li>the owner of lease e renews by taking e+1 itself, every {@link #RENEW_AFTER}; as nobody held a number in
 *       between, its memory is still complete;</li>
 *   <li>another instance may take e+1 only when lease e has expired by {@code takeoverGrace} (or was given back),
 *       and then reads the queue's log in full before it serves anything;</li>
 *   <li>the owner decides and writes only until {@link #SERVE_MARGIN} before its lease expires, so every write it
 *       started is stored before a successor reads — unless an INSERT outlives margin + grace, which the write
 *       timeout ({@code max_execution_time}) forbids.</li>
 *   <li>with queue durability {@code journal}, an owner's events reach ClickHouse only after its journal loaded
 *       them ({@link QueueJournal}): its leases carry the journal's name, no other instance takes such a lease over
 *       when it expires (only once it was given back), and the owner gives a lease back, or reads a queue's log to
 *       take a lease, only when none of the queue's events wait in its journal
 *       ({@link QueueEventStore#awaitReadable}).</li>
 * </ul>
 * One compare-and-set per lease, none per claim.
 */
final class QueueOwnership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueOwnership.class.getName());
    /** How long a lease lasts. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** The owner takes its next lease number this long after the last. */
    static final Duration RENEW_AFTER = Duration.ofSeconds(2);
    /** The owner stops deciding and writing this long before its lease expires. */
    static final Duration SERVE_MARGIN = Duration.ofSeconds(5);
    /** A desk nobody used this long gives its lease back. */
    static final Duration IDLE = Duration.ofMinutes(10);
    /** The owner of a lease given back: anyone may take the next number at once. */
    static final String RELEASED = "";

    private record Key(UUID projectId, UUID queueId) {
    }

    /** Where a queue's work is done: here, or at the owner's address. */
    sealed interface Route {
        record Local(QueueDesk desk) implements Route {
        }

        record Remote(String address) implements Route {
        }
    }

    private final QueueLeaseRepository leases;
    private final QueueMemories memories;
    private final QueueEventStore store;
    private final Clock clock;
    private final Duration takeoverGrace;
    private final String instanceId;
    private volatile String address = "";
    private final Map<Key, QueueDesk> desks = new ConcurrentHashMap<>();
    private final Map<Key, QueueLease> others = new ConcurrentHashMap<>();
    /** Queues whose lease this process took at least once: a lease of theirs under its name may still be its own. */
    private final Set<Key> takenHere = ConcurrentHashMap.newKeySet();
    private final boolean engineInProcess;
    private final Map<Key, Object> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    /**
     * @param takeoverGrace how long past a lease's expiry another instance waits before it takes the queue over:
     *                      at least the longest an INSERT may run (the write timeout and the driver's margin)
     * @param engineInProcess the engine runs in this process (the embedded engine): whatever a previous process
     *                      on this queue journal was writing died with it, so a lease it left under the journal's
     *                      name is taken back at once, not after its expiry and the grace
     */
    QueueOwnership(QueueLeaseRepository leases, QueueMemories memories, QueueEventStore store, Clock clock,
                   Duration takeoverGrace, boolean engineInProcess) {
        this.engineInProcess = engineInProcess;
        this.leases = leases;
        this.memories = memories;
        this.store = store;
        this.instanceId = store.ownerName();
        this.clock = clock;
        this.takeoverGrace = takeoverGrace;
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true)
                .name("queue-lease-renew").factory());
        renewer.scheduleWithFixedDelay(this::renewAll, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Where other instances forward this one's queues' work; set once HTTP listens. */
    void address(String address) {
        this.address = address;
    }

    static boolean mayWrite(QueueLease lease, Instant now) {
        return now.isBefore(lease.expiresAt().minus(SERVE_MARGIN));
    }

    /** Serve here (taking the lease if nobody holds it), or forward to the owner; 503 while ownership changes. */
    Route route(UUID projectId, UUID queueId) {
        memories.get(projectId, queueId); // 404 for a queue the project does not have
        Key key = new Key(projectId, queueId);
        QueueDesk desk = desks.get(key);
        Instant now = now();
        if (desk != null && desk.serving(now)) {
            desk.lastUsed = now;
            return new Route.Local(desk);
        }
        QueueLease seen = others.get(key);
        if (desk == null && seen != null && now.isBefore(seen.expiresAt())) {
            return new Route.Remote(seen.address());
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            desk = desks.get(key);
            now = now();
            if (desk != null && desk.serving(now)) {
                return new Route.Local(desk);
            }
            if (desk != null) {
                renew(key, desk);
                if (desk.serving(now())) {
                    return new Route.Local(desk);
                }
                throw changing("this instance could not renew the queue's lease");
            }
            Optional<QueueLease> latest = leases.latest(projectId, queueId);
            if (latest.isPresent() && !latest.get().owner().equals(RELEASED)
                    && now.isBefore(latest.get().expiresAt().plus(takeoverGrace))) {
                QueueLease held = latest.get();
                if (!leftByPreviousProcess(key, held)) {
                    if (now.isBefore(held.expiresAt()) && !held.owner().equals(instanceId)) {
                        others.put(key, held);
                        return new Route.Remote(held.address());
                    }
                    throw changing("the queue's owner stopped renewing its lease; it is taken over at "
                            + held.expiresAt().plus(takeoverGrace));
                }
                LOG.info("taking back the lease of queue " + queueId + " that the previous process on this queue"
                        + " journal held (epoch " + held.epoch() + ")");
            }
            if (latest.isPresent() && QueueJournal.journaled(latest.get().owner())
                    && !store.holdsJournalOf(latest.get().owner())) {
                throw changing("the queue's owner stopped renewing its lease, and it keeps the queue's events in its"
                        + " local journal (ANNOTATION_QUEUE_DURABILITY=journal) until they are loaded into ClickHouse:"
                        + " the queue is served again once that instance restarts on its journal directory");
            }
            if (!store.awaitReadable(projectId, queueId, QueueDesk.DURABLE_WAIT)) {
                throw changing("this instance's queue journal has not loaded the queue's events into ClickHouse yet");
            }
            long epoch = latest.map(lease -> lease.epoch() + 1).orElse(1L);
            QueueLease mine = new QueueLease(projectId, queueId, epoch, instanceId, address, now, now.plus(LEASE));
            leases.tryStore(mine);
            QueueLease won = leases.latest(projectId, queueId).orElseThrow();
            if (won.epoch() == epoch && won.owner().equals(instanceId) && won.acquiredAt().equals(mine.acquiredAt())) {
                QueueMemory memory = memories.own(projectId, queueId);
                desk = new QueueDesk(memory, won, store, clock);
                desks.put(key, desk);
                takenHere.add(key);
                others.remove(key);
                return new Route.Local(desk);
            }
            if (won.owner().equals(RELEASED) || won.owner().equals(instanceId)) {
                throw changing("another instance took the queue's lease at the same moment");
            }
            others.put(key, won);
            return new Route.Remote(won.address());
        }
    }

    /**
     * Whether {@code held} was left by a process before this one on the same queue journal (its name is the
     * journal's, which this process holds locked, and this process never held the queue) while the engine ran in
     * that process: nothing it wrote can still be in flight, and every event it acknowledged is in the journal, which
     * {@link QueueEventStore#awaitReadable} loads before the queue is read. With an engine of its own, a dead
     * process's INSERT may still run there, so the lease waits out its expiry and the grace like any other.
     */
    private boolean leftByPreviousProcess(Key key, QueueLease held) {
        return engineInProcess && store.holdsJournalOf(held.owner()) && !takenHere.contains(key);
    }

    /** A forward to {@code address} failed: read the lease again next time. */
    void forget(UUID projectId, UUID queueId) {
        others.remove(new Key(projectId, queueId));
    }

    private static ApiProblem changing(String detail) {
        return new ApiProblem(503, "/problems/queue-owner-changing", "The queue's owner is changing",
                detail + "; retry", List.of());
    }

    private void renewAll() {
        for (Map.Entry<Key, QueueDesk> entry : desks.entrySet()) {
            Key key = entry.getKey();
            QueueDesk desk = entry.getValue();
            try {
                synchronized (locks.computeIfAbsent(key, k -> new Object())) {
                    if (desks.get(key) != desk) {
                        continue;
                    }
                    if (desk.lastUsed.plus(IDLE).isBefore(now()) && desk.drained()
                            && store.awaitReadable(key.projectId(), key.queueId(), Duration.ZERO)) {
                        giveBack(key, desk);
                    } else if (!now().isBefore(desk.lease().acquiredAt().plus(RENEW_AFTER))) {
                        renew(key, desk);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "renewing the lease of queue " + key.queueId() + " failed; the next round retries", e);
            }
        }
    }

    /** Takes the next lease number for a desk this instance holds; a lost race ends the desk. */
    private void renew(Key key, QueueDesk desk) {
        QueueLease current = desk.lease();
        Instant now = now();
        QueueLease next = new QueueLease(key.projectId(), key.queueId(), current.epoch() + 1, instanceId, address, now,
                now.plus(LEASE));
        leases.tryStore(next);
        QueueLease won = leases.latest(key.projectId(), key.queueId()).orElseThrow();
        if (won.epoch() == next.epoch() && won.owner().equals(instanceId) && won.acquiredAt().equals(next.acquiredAt())) {
            desk.renewed(won);
        } else if (won.epoch() > current.epoch()) {
            lose(key, desk);
            if (!won.owner().equals(RELEASED)) {
                others.put(key, won);
            }
        }
    }

    private void lose(Key key, QueueDesk desk) {
        LOG.warning("this instance lost the lease of queue " + key.queueId() + "; its unstored claims are dropped");
        desk.lose();
        desks.remove(key);
        memories.disown(key.projectId(), key.queueId());
    }

    /** An idle desk, everything stored: the next lease number is stored as given back, expired at once. */
    private void giveBack(Key key, QueueDesk desk) {
        desk.close();
        desk.awaitStopped(Duration.ofSeconds(1));
        QueueLease current = desk.lease();
        Instant now = now();
        desks.remove(key);
        memories.disown(key.projectId(), key.queueId());
        // a desk closed with events just stored keeps its lease until it expires: this instance takes it again then
        if (desk.drained() && store.awaitReadable(key.projectId(), key.queueId(), Duration.ofSeconds(1))
                && mayWrite(current, now())) {
            leases.tryStore(new QueueLease(key.projectId(), key.queueId(), current.epoch() + 1, RELEASED, "", now, now));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Stores what every desk has waiting (bounded), gives the leases back, stops renewing. */
    @Override
    public void close() {
        renewer.shutdownNow();
        for (Map.Entry<Key, QueueDesk> entry : desks.entrySet()) {
            QueueDesk desk = entry.getValue();
            desk.close();
            desk.awaitStopped(QueueDesk.DURABLE_WAIT);
            try {
                QueueLease current = desk.lease();
                if (desk.drained() && store.awaitReadable(current.projectId(), current.queueId(), QueueDesk.DURABLE_WAIT)
                        && mayWrite(current, now())) {
                    Instant now = now();
                    leases.tryStore(new QueueLease(current.projectId(), current.queueId(), current.epoch() + 1,
                            RELEASED, "", now, now));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "giving back the lease of queue " + entry.getKey().queueId() + " failed", e);
            }
        }
        desks.clear();
    }

    /** Stops at once, as a crash would: nothing more is stored, no lease is given back (tests). */
    void crash() {
        renewer.shutdownNow();
        desks.values().forEach(QueueDesk::lose);
        desks.clear();
    }
}
