package dev.annotations.api.queue;

import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One queue as served by its owner (README, "Queues: the claim protocol"): the queue's memory, which is the
 * stored log plus a suffix of events not yet stored, and the group commit that stores that suffix in order.
 *
 * <p>Every decision is made under this desk's monitor on the memory alone, and its events are put into the
 * memory and appended here in the same critical section, so the memory is always what the log will be once the
 * suffix is stored. One thread stores the suffix, oldest first, as many events per batch as are waiting, into the
 * instance's {@link QueueEventStore} (one INSERT, or one journal record); a failed batch is retried as the very same
 * batch under the same deduplication token, so it is stored once. It writes
 * only while the lease allows ({@link QueueOwnership#mayWrite}); if the lease is lost, the suffix is dropped
 * together with the memory ({@link #lose}), and the durable events in it are answered 503.
 */
final class QueueDesk implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueDesk.class.getName());
    /** Most events in one stored batch. */
    static final int MAX_BATCH = 5_000;
    /** How long a durable change (a submit, release, skip or review) waits for its batch before answering 503. */
    static final Duration DURABLE_WAIT = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_MILLIS = 200;

    private record Pending(QueueEvent event, CompletableFuture<Void> stored) {
    }

    private final QueueMemory memory;
    private final QueueEventStore store;
    private final String batchPrefix;
    private final Clock clock;
    private volatile QueueLease lease;
    private volatile boolean lost;
    private volatile boolean closed;
    volatile Instant lastUsed;
    private final LinkedBlockingQueue<Pending> suffix = new LinkedBlockingQueue<>();
    private final Map<UUID, CompletableFuture<Void>> pendingById = new ConcurrentHashMap<>();
    private final Thread committer;
    private long batches;
    /**
     * Reservations (their CLAIMED event ids) this desk handed out that no submission has been tried for yet: the
     * score ids of a submission are derived from its reservation, so none can exist yet. An entry leaves when the
     * reservation ends or its submission is tried, so there are never more than open reservations. Guarded by
     * this desk's monitor, like the submissions under way.
     */
    private final Set<UUID> untriedClaims = new HashSet<>();
    /** Submissions under way, by their reservation's CLAIMED event id; each completes when its attempt ends. */
    private final Map<UUID, CompletableFuture<Void>> submitting = new HashMap<>();

    QueueDesk(QueueMemory memory, QueueLease lease, QueueEventStore store, Clock clock) {
        this.memory = memory;
        this.lease = lease;
        this.store = store;
        this.clock = clock;
        this.lastUsed = clock.instant();
        this.batchPrefix = "queue-events:" + lease.queueId() + ":" + lease.owner() + ":";
        this.committer = Thread.ofPlatform().daemon(true).name("queue-commit-" + lease.queueId()).start(this::run);
    }

    QueueMemory memory() {
        return memory;
    }

    QueueLease lease() {
        return lease;
    }

    void renewed(QueueLease next) {
        this.lease = next;
    }

    /** Decisions may be made while the lease lasts for a write started now to be counted on. */
    boolean serving(Instant now) {
        return !lost && !closed && QueueOwnership.mayWrite(lease, now);
    }

    boolean lost() {
        return lost;
    }

    /**
     * Appends events the caller decided under this desk's monitor and already put into the memory. The future
     * completes when they are stored; soft events (a claim, an expiry) are not waited for.
     */
    CompletableFuture<Void> append(List<QueueEvent> decided) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (decided.isEmpty()) {
            stored.complete(null);
            return stored;
        }
        if (lost) {
            stored.completeExceptionally(new StorageUnavailableException(
                    "this instance lost the queue's lease; retry", null));
            return stored;
        }
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (QueueEvent event : decided) {
            CompletableFuture<Void> one = new CompletableFuture<>();
            pendingById.put(event.eventId(), one);
            suffix.add(new Pending(event, one));
            each.add(one);
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /** This desk decided the reservation (under its monitor). */
    void handedOut(QueueEvent claimed) {
        untriedClaims.add(claimed.eventId());
    }

    /** The reservation ended (under this desk's monitor). */
    void ended(ItemState.Claim claim) {
        untriedClaims.remove(claim.claim().eventId());
    }

    /**
     * Under this desk's monitor: begins a submission attempt on the reservation, unless one is under way (then
     * empty: wait for {@link #attemptUnderWay} and look again). One attempt per reservation at a time, so a retry
     * sent while the first attempt is still running finds that attempt's outcome instead of racing it.
     */
    Optional<Attempt> beginAttempt(ItemState.Claim claim) {
        UUID id = claim.claim().eventId();
        if (submitting.containsKey(id)) {
            return Optional.empty();
        }
        submitting.put(id, new CompletableFuture<>());
        return Optional.of(new Attempt(id, untriedClaims.remove(id)));
    }

    /** The attempt under way on the reservation, if any (under this desk's monitor). */
    Optional<CompletableFuture<Void>> attemptUnderWay(ItemState.Claim claim) {
        return Optional.ofNullable(submitting.get(claim.claim().eventId()));
    }

    /** Ends an attempt begun by {@link #beginAttempt}, whatever its outcome (under this desk's monitor). */
    void endAttempt(Attempt attempt) {
        CompletableFuture<Void> done = submitting.remove(attempt.claimId());
        if (done != null) {
            done.complete(null);
        }
    }

    /**
     * A submission attempt on one reservation; {@code first}: the first on a reservation this desk handed out, so
     * no score carries the submission's ids yet and storing them needs no check against ClickHouse.
     */
    record Attempt(UUID claimId, boolean first) {
    }

    /** The future of an event still waiting to be stored; a completed one when it is stored already. */
    CompletableFuture<Void> pending(UUID eventId) {
        return pendingById.getOrDefault(eventId, CompletableFuture.completedFuture(null));
    }

    /** Waits for a durable change's batch to be stored; 503 when it takes longer than {@link #DURABLE_WAIT}. */
    static void await(CompletableFuture<Void> stored) {
        try {
            stored.get(DURABLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still in the suffix, in order: stored later (a retry then finds it) or dropped with the lease
            throw StorageUnavailableException.undecided("the queue's events are not stored yet; retry", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageUnavailableException unavailable ? unavailable
                    : new StorageUnavailableException("storing the queue's events failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageUnavailableException.undecided("interrupted while storing the queue's events", e);
        }
    }

    /** The lease is gone: nothing more is written, and what was waiting is answered 503. */
    void lose() {
        lost = true;
        committer.interrupt();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!lost) {
            try {
                if (batch.isEmpty()) {
                    Pending first = suffix.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closed) {
                            break;
                        }
                        continue;
                    }
                    batch.add(first);
                    suffix.drainTo(batch, MAX_BATCH - 1);
                }
                if (!QueueOwnership.mayWrite(lease, clock.instant())) {
                    // the lease may yet be renewed (the owner's numbers follow each other, nothing is missed)
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                    continue;
                }
                String token = batchPrefix + batches;
                store.store(lease.projectId(), lease.queueId(), batch.stream().map(Pending::event).toList(), token);
                batches++;
                for (Pending pending : batch) {
                    pendingById.remove(pending.event().eventId());
                    pending.stored().complete(null);
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (lost) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "storing " + batch.size() + " queue events failed; retrying the same batch", e);
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                } catch (InterruptedException interrupted) {
                    if (lost) {
                        break;
                    }
                }
            }
        }
        StorageUnavailableException dropped = new StorageUnavailableException(
                "this instance lost the queue's lease before the change was stored; retry", null);
        batch.forEach(pending -> pending.stored().completeExceptionally(dropped));
        suffix.forEach(pending -> pending.stored().completeExceptionally(dropped));
        suffix.clear();
        pendingById.clear();
    }

    /** Whether every appended event is stored. */
    boolean drained() {
        return suffix.isEmpty() && pendingById.isEmpty();
    }

    /** Stores what is waiting (for up to {@code within}), then stops. */
    @Override
    public void close() {
        closed = true;
    }

    void awaitStopped(Duration within) {
        try {
            committer.join(within);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (committer.isAlive()) {
            lose();
        }
    }
}
