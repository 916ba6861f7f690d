package dev.annotations.api.score;

import dev.annotations.api.storage.RefusedRows;
import dev.annotations.api.storage.StorageUnavailableException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    /** One score version to store; {@code checkExisting} for client-chosen ids of new scores. */
    record Write(Score score, boolean checkExisting, boolean clientTimestamp, CompletableFuture<WriteOutcome> outcome) {
    }

    private final ScoreRepository repository;
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
        return new Statistics(inserts.get(), rowsInserted.get(), insertNanos.get());
    }

    public ScoreWriter(ScoreRepository repository) {
        this.repository = repository;
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
                commit(group);
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
        repository.latestVersions(toCheck).forEach(score -> existing.put(key(score), score));
        List<Score> rows = new ArrayList<>(group.size());
        List<WriteOutcome> outcomes = new ArrayList<>(group.size());
        for (Write write : group) {
            Score score = write.score();
            Score known = write.checkExisting() ? existing.get(key(score)) : null;
            if (known == null) {
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
        Map<Integer, String> refused = new HashMap<>();
        insertIsolating(rows, inserted, refused);
        refused.forEach((index, reason) -> outcomes.set(index, new WriteOutcome.Refused(reason)));
        for (int i = 0; i < group.size(); i++) {
            group.get(i).outcome().complete(outcomes.get(i));
        }
    }

    /**
     * Inserts {@code rows} (the group's writes at {@code indexes}); when ClickHouse refuses their data, splits
     * them in halves until the refused rows are alone, recording each in {@code refused}. Unavailability is
     * thrown and fails the whole group. At most 2·log2(n) INSERTs per refused row.
     */
    private void insertIsolating(List<Score> rows, List<Integer> indexes, Map<Integer, String> refused) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            long start = System.nanoTime();
            repository.insert(rows);
            insertNanos.addAndGet(System.nanoTime() - start);
            inserts.incrementAndGet();
            rowsInserted.addAndGet(rows.size());
        } catch (RuntimeException e) {
            Optional<String> reason = RefusedRows.reason(e);
            if (reason.isEmpty()) {
                throw e;
            }
            if (rows.size() == 1) {
                LOG.info(() -> "ClickHouse refused score " + rows.getFirst().id() + ": " + reason.get());
                refused.put(indexes.getFirst(), reason.get());
                return;
            }
            int half = rows.size() / 2;
            insertIsolating(rows.subList(0, half), indexes.subList(0, half), refused);
            insertIsolating(rows.subList(half, rows.size()), indexes.subList(half, indexes.size()), refused);
        }
    }

    /** Ids are scoped per project: the same client id in two projects names two scores. */
    private static ScoreRepository.Key key(Score score) {
        return new ScoreRepository.Key(score.projectId(), score.id());
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
