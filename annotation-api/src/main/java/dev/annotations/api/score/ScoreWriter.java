package dev.annotations.api.score;

import dev.annotations.api.storage.RefusedRows;
import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: score writes from concurrent requests queue up, and one thread turns whatever is
 * waiting into a single ClickHouse INSERT (after one lookup for the client-chosen ids among them).
 * Each request's future completes only after the INSERT holding its rows succeeded, so nothing is
 * acknowledged from memory; if ClickHouse is unavailable, every request in the INSERT fails and nothing
 * was stored. If instead ClickHouse refuses the INSERT for its data (a value validation let through), the
 * group is split in halves and each retried, so only the offending rows are refused and every other
 * request's rows are stored: one bad request never fails another's.
 *
 * <p>Writes are spread over {@link #LANES} lanes by id, each a thread doing one INSERT at a time;
 * within a lane the idempotency check and the insert are serialised, so the same client id sent twice
 * at once is stored once. Ids are scoped per project: the check looks for (project, id), so another
 * project's use of an id neither conflicts nor shows.
 *
 * <p>Every answer is definitive where it can be: a write still waiting in the queue can be withdrawn by its
 * caller ({@link Write#withdraw()}) and is then never sent; an INSERT whose answer was lost (timeout, broken
 * connection) is read back by id and version for up to {@link #CONFIRM_BUDGET} before its writes are
 * answered — found means stored, and only a write that reading back could not find fails as
 * {@linkplain StorageUnavailableException#undecided() undecided}. When ClickHouse becomes unavailable half-way
 * through a split group, the halves already stored are answered as stored.
 *
 * <p>With a {@link ScoreLog} (durability {@code log}), a group is appended to the log as one fdatasync'd record
 * instead, and answered once the append returned; the log's loader INSERTs it later. The id check then looks
 * at the log's pending versions first and at ClickHouse for the others. A row the JSON encoder cannot write is
 * refused before it is appended (400), so the log only holds rows that encoded.
 */
public final class ScoreWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ScoreWriter.class.getName());
    /** Most rows in one INSERT. */
    public static final int MAX_GROUP_ROWS = 5_000;
    /** Most writes waiting per lane; beyond it requests answer 503 at once instead of queueing without bound. */
    public static final int MAX_QUEUED = 20_000;
    /**
     * INSERTs that may run at once. Measured on 2 cores (./bench): one lane made bigger groups and did
     * 518 single-score requests/s against 307/s with four, as parallel INSERTs and their merges compete
     * for the same cores. Raise it on machines with more cores.
     */
    public static final int LANES = 1;

    /** Read-backs of an unconfirmed INSERT start within this long after it failed. */
    static final Duration CONFIRM_BUDGET = Duration.ofSeconds(5);
    /** Each read-back is a point lookup and must answer within this many seconds. */
    static final int CONFIRM_READ_SECONDS = 3;

    /** Where a write is: waiting in its lane, taken into a group (its INSERT may run), or withdrawn by its caller. */
    enum State { QUEUED, TAKEN, WITHDRAWN }

    /** One score version to store; {@code checkExisting} for client-chosen ids of new scores. */
    record Write(Score score, boolean checkExisting, boolean clientTimestamp, CompletableFuture<WriteOutcome> outcome,
                 AtomicReference<State> state) {
        Write(Score score, boolean checkExisting, boolean clientTimestamp, CompletableFuture<WriteOutcome> outcome) {
            this(score, checkExisting, clientTimestamp, outcome, new AtomicReference<>(State.QUEUED));
        }

        /** The committer takes the write into a group; false when its caller withdrew it first. */
        boolean take() {
            return state.compareAndSet(State.QUEUED, State.TAKEN);
        }

        /** The caller gives up waiting: true when the write had not been taken, so it will never be sent. */
        boolean withdraw() {
            return state.compareAndSet(State.QUEUED, State.WITHDRAWN);
        }
    }

    /** What became of the rows of one group's INSERTs, by index in the group. */
    private static final class Inserted {
        final Map<Integer, String> refused = new HashMap<>();
        final Map<Integer, StorageUnavailableException> notStored = new HashMap<>();
        final Map<Integer, StorageUnavailableException> unconfirmed = new HashMap<>();
        StorageUnavailableException unavailable;
    }

    private final ScoreRepository repository;
    private final ScoreLog log;
    /** False while a log left by durability {@code log} is drained under {@code insert}: it is read, not appended to. */
    private final boolean appendToLog;
    private final List<BlockingQueue<Write>> queues = new ArrayList<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean closing;
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong insertNanos = new AtomicLong();

    /** How many INSERTs carried how many rows so far, and the time spent in them: the grouping at work. */
    public record Statistics(long inserts, long rows, long insertNanos) {
    }

    public Statistics statistics() {
        if (log != null && appendToLog) {
            ScoreLog.Statistics loaded = log.statistics();
            return new Statistics(loaded.inserts(), loaded.insertedRows(), loaded.insertNanos());
        }
        return new Statistics(inserts.get(), rowsInserted.get(), insertNanos.get());
    }

    /** Durability {@code insert}: each group is acknowledged once its INSERT returned. */
    public ScoreWriter(ScoreRepository repository) {
        this(repository, null, false);
    }

    /** Durability {@code log} when {@code log} is not null: each group is acknowledged once it is in the log. */
    public ScoreWriter(ScoreRepository repository, ScoreLog log) {
        this(repository, log, log != null);
    }

    /**
     * With {@code appendToLog} false and a {@code log}, groups are INSERTed (durability {@code insert}) while the
     * log's pending versions, left from durability {@code log}, still answer the id check and point reads.
     */
    public ScoreWriter(ScoreRepository repository, ScoreLog log, boolean appendToLog) {
        this.repository = repository;
        this.log = log;
        this.appendToLog = log != null && appendToLog;
        for (int lane = 0; lane < LANES; lane++) {
            BlockingQueue<Write> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
            queues.add(queue);
            committers.add(Thread.ofPlatform().name("score-group-commit-" + lane).daemon(true).start(() -> run(queue)));
        }
    }

    /** Queues the writes; each future completes when its row is stored (or was already). */
    List<CompletableFuture<WriteOutcome>> submit(List<Write> writes) {
        if (closing) {
            throw unavailable("the service is shutting down");
        }
        List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>(writes.size());
        for (Write write : writes) {
            BlockingQueue<Write> queue = queues.get(Math.floorMod(write.score().id().hashCode(), LANES));
            if (!queue.offer(write)) {
                RuntimeException full = unavailable("the write queue is full (" + MAX_QUEUED + " scores per lane)");
                write.outcome().completeExceptionally(full);
            }
            futures.add(write.outcome());
        }
        return futures;
    }

    private void run(BlockingQueue<Write> queue) {
        List<Write> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP_ROWS - 1);
                group.removeIf(write -> !write.take());
                if (!group.isEmpty()) {
                    commit(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "group commit of " + group.size() + " scores failed", e);
                group.forEach(write -> write.outcome().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Write> group) {
        List<ScoreRepository.Key> toCheck = group.stream().filter(Write::checkExisting).map(write -> key(write.score())).toList();
        Map<ScoreRepository.Key, Score> existing = new HashMap<>();
        if (log != null) {
            toCheck.forEach(key -> log.pending(key).ifPresent(score -> existing.put(key, score)));
            toCheck = toCheck.stream().filter(key -> !existing.containsKey(key)).toList();
        }
        // with the log, ClickHouse being down fails only the writes whose ids it would have to check
        StorageUnavailableException uncheckable = null;
        try {
            repository.latestVersions(toCheck).forEach(score -> existing.put(key(score), score));
        } catch (StorageUnavailableException e) {
            if (!appendToLog) {
                throw e;
            }
            uncheckable = e;
        }
        Set<ScoreRepository.Key> unchecked = uncheckable == null ? Set.of() : Set.copyOf(toCheck);
        Map<Integer, StorageUnavailableException> failedChecks = new HashMap<>();
        List<Score> rows = new ArrayList<>(group.size());
        List<WriteOutcome> outcomes = new ArrayList<>(group.size());
        for (Write write : group) {
            Score score = write.score();
            Score known = write.checkExisting() ? existing.get(key(score)) : null;
            if (known == null && write.checkExisting() && unchecked.contains(key(score))) {
                failedChecks.put(outcomes.size(), uncheckable);
                outcomes.add(null);
            } else if (known == null) {
                rows.add(score);
                outcomes.add(new WriteOutcome.Stored(score));
                if (write.checkExisting()) {
                    existing.put(key(score), score);
                }
            } else if (!known.deleted() && known.sameJudgement(score, write.clientTimestamp())) {
                outcomes.add(new WriteOutcome.AlreadyStored(known));
            } else {
                outcomes.add(new WriteOutcome.IdConflict(score.id()));
            }
        }
        List<Integer> inserted = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof WriteOutcome.Stored) {
                inserted.add(i);
            }
        }
        Inserted result = new Inserted();
        result.notStored.putAll(failedChecks);
        if (appendToLog) {
            append(rows, inserted, result);
        } else {
            insertIsolating(rows, inserted, result);
        }
        result.refused.forEach((index, reason) -> outcomes.set(index, new WriteOutcome.Refused(reason)));
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture<WriteOutcome> outcome = group.get(i).outcome();
            if (result.notStored.containsKey(i)) {
                outcome.completeExceptionally(result.notStored.get(i));
            } else if (result.unconfirmed.containsKey(i)) {
                StorageUnavailableException cause = result.unconfirmed.get(i);
                outcome.completeExceptionally(StorageUnavailableException.undecided("ClickHouse did not confirm the "
                        + "INSERT (" + cause.getMessage() + ") and reading it back did not find this score", cause));
            } else {
                outcome.complete(outcomes.get(i));
            }
        }
    }

    /**
     * Inserts {@code rows} (the group's writes at {@code indexes}); when ClickHouse refuses their data, splits
     * them in halves until the refused rows are alone, recording each in {@code result}
     * ({@link RefusedRows#isolate}). When ClickHouse is unavailable, that part and every later one are recorded as
     * not stored (an INSERT that may have run is read back first); parts stored before stay stored.
     */
    private void insertIsolating(List<Score> rows, List<Integer> indexes, Inserted result) {
        RefusedRows.isolate(0, rows.size(), (from, to) -> {
            List<Score> part = rows.subList(from, to);
            List<Integer> at = indexes.subList(from, to);
            if (result.unavailable != null) {
                at.forEach(index -> result.notStored.put(index, result.unavailable));
                return;
            }
            try {
                long start = System.nanoTime();
                repository.insert(part);
                insertNanos.addAndGet(System.nanoTime() - start);
                inserts.incrementAndGet();
                rowsInserted.addAndGet(part.size());
            } catch (StorageUnavailableException unavailable) {
                if (RefusedRows.reason(unavailable).isPresent()) {
                    throw unavailable;
                }
                result.unavailable = unavailable;
                if (!unavailable.undecided()) {
                    at.forEach(index -> result.notStored.put(index, unavailable));
                    return;
                }
                Set<ScoreRepository.StoredVersion> missing = missingAfterReadBack(part, unavailable);
                for (int i = 0; i < part.size(); i++) {
                    if (missing.contains(ScoreRepository.StoredVersion.of(part.get(i)))) {
                        result.unconfirmed.put(at.get(i), unavailable);
                    }
                }
            }
        }, (index, reason) -> {
            LOG.info(() -> "ClickHouse refused score " + rows.get(index).id() + ": " + reason);
            result.refused.put(indexes.get(index), reason);
        });
    }

    /**
     * Appends {@code rows} (the group's writes at {@code indexes}) to the log as one record. A row that cannot be
     * encoded is refused on its own; a failed append fails the group's rows as not stored.
     */
    private void append(List<Score> rows, List<Integer> indexes, Inserted result) {
        if (rows.isEmpty()) {
            return;
        }
        List<Score> accepted = rows;
        byte[] encoded;
        try {
            encoded = ScoreRows.jsonEachRow(rows);
        } catch (RuntimeException e) {
            if (RefusedRows.reason(e).isEmpty()) {
                throw e;
            }
            accepted = new ArrayList<>();
            List<Integer> acceptedIndexes = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Score row = rows.get(i);
                try {
                    ScoreRows.jsonEachRow(List.of(row));
                    accepted.add(row);
                    acceptedIndexes.add(indexes.get(i));
                } catch (RuntimeException refused) {
                    String reason = RefusedRows.reason(refused).orElseThrow(() -> refused);
                    LOG.info(() -> "refused score " + row.id() + " before it was logged: " + reason);
                    result.refused.put(indexes.get(i), reason);
                }
            }
            if (accepted.isEmpty()) {
                return;
            }
            indexes = acceptedIndexes;
            encoded = ScoreRows.jsonEachRow(accepted);
        }
        try {
            log.append(accepted, encoded);
        } catch (StorageUnavailableException e) {
            indexes.forEach(index -> result.notStored.put(index, e));
        }
    }

    /** The newest version of a score written but not yet in ClickHouse (durability {@code log}), if any. */
    Optional<Score> pending(UUID projectId, UUID id) {
        return log == null ? Optional.empty() : log.pending(new ScoreRepository.Key(projectId, id));
    }

    /** Ids are scoped per project: the same client id in two projects names two scores. */
    private static ScoreRepository.Key key(Score score) {
        return new ScoreRepository.Key(score.projectId(), score.id());
    }

    /**
     * After an INSERT whose answer was lost, reads its rows back by id and version until all are found or
     * {@link #CONFIRM_BUDGET} has passed (it may still be running in ClickHouse); returns those not found.
     */
    private Set<ScoreRepository.StoredVersion> missingAfterReadBack(List<Score> rows, StorageUnavailableException failure) {
        Set<ScoreRepository.StoredVersion> missing = new HashSet<>();
        rows.forEach(row -> missing.add(ScoreRepository.StoredVersion.of(row)));
        long deadline = System.nanoTime() + CONFIRM_BUDGET.toNanos();
        long pauseMillis = 250;
        while (true) {
            try {
                missing.removeAll(repository.storedVersions(missing, CONFIRM_READ_SECONDS));
            } catch (StorageUnavailableException readFailed) {
                LOG.log(Level.FINE, "reading back an unconfirmed INSERT failed", readFailed);
            }
            if (missing.isEmpty() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
                break;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMillis *= 2;
        }
        LOG.warning("an INSERT of " + rows.size() + " scores was not confirmed (" + failure.getMessage() + "); read back, "
                + (rows.size() - missing.size()) + " were stored and " + missing.size() + " not found");
        return missing;
    }

    /** Stops taking writes and stores what is queued before returning. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread committer : committers) {
                committer.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StorageUnavailableException unavailable(String detail) {
        return new StorageUnavailableException(detail + "; retry later", null);
    }
}
