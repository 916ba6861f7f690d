package dev.annotations.api.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.annotations.api.storage.AcknowledgedWrites;
import dev.annotations.api.storage.AppendLog;
import dev.annotations.api.storage.RefusedRows;
import dev.annotations.api.storage.StorageUnavailableException;
import dev.annotations.api.system.HealthSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Score durability {@code log} (README, "Score durability"): the group commit appends each group of score
 * versions to a local write-ahead log ({@link AppendLog}, fdatasync'd) and acknowledges them; this class's loader
 * thread then INSERTs what the log holds into ClickHouse in batches of up to {@link #LOAD_ROWS} rows, at most
 * {@link Limits#loadInterval()} after a row was appended, and marks them loaded.
 *
 * <p>Until a version is loaded it is <em>pending</em>: an in-memory index keeps the newest pending version of each
 * (project, id), which point reads, edits, deletes and the id check of client-chosen ids consult first. At start
 * every record after the log's checkpoint is pending again; before the loader inserts records that may already be
 * stored (replayed ones, or after an INSERT whose answer was lost) it reads back which (project, id, version) the
 * history holds and inserts only the others, so replaying is idempotent.
 *
 * <p>While ClickHouse is unavailable the loader retries with backoff up to {@link #MAX_BACKOFF} and drops nothing;
 * appends go on until {@link Limits} are reached, then writes answer 503. A row ClickHouse refuses after it was
 * acknowledged (validation let a value through) is isolated by halving the batch, every other row stored, and
 * the refused row is kept with ClickHouse's reason in {@link #REFUSED_FILE}, counted and logged at SEVERE; while
 * that file holds rows, {@code GET /health} reports the service degraded.
 */
public final class ScoreLog implements AutoCloseable, HealthSource {
    private static final Logger LOG = Logger.getLogger(ScoreLog.class.getName());
    /** Most rows in one loading INSERT. */
    public static final int LOAD_ROWS = 5_000;
    /** The longest pause between two attempts to load while ClickHouse fails. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Segment files are rolled at this size and deleted once fully loaded. */
    public static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    /** Rows ClickHouse refused after they were acknowledged, one JSON object per line, in the log directory. */
    public static final String REFUSED_FILE = "refused.jsonl";
    /** How long closing waits for the loader to load what is pending; the rest is loaded at the next start. */
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(10);
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Bounds on what may wait in the log for ClickHouse (ANNOTATION_SCORE_LOG_MAX_PENDING_ROWS / _BYTES); beyond
     * either, score writes answer 503 with Retry-After. Pending rows are also held in memory until loaded.
     * {@code loadInterval} (ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS) is about how long a row waits in the log before
     * the loader INSERTs it while ClickHouse answers, unless a read asks for it sooner
     * ({@link dev.annotations.api.storage.AcknowledgedWrites}): every INSERT costs the engine a fixed ~20–45 ms of
     * CPU with its parts' merges, so under load a longer interval means fewer, larger INSERTs.
     */
    public record Limits(long maxPendingRows, long maxPendingBytes, Duration loadInterval) {
    }

    /** What the log holds and has done since start, for {@code GET /health} and the benchmarks. */
    public record Statistics(long pendingRows, long pendingBytes, long appends, long appendNanos, long inserts,
                             long insertedRows, long insertNanos, long refusedRows, Optional<String> loadFailure) {
    }

    /**
     * One appended group, waiting to be loaded; {@code replayed} when it may be stored already; {@code number} its
     * place in {@link AcknowledgedWrites}.
     */
    private record Group(List<Score> scores, byte[] rows, AppendLog.Position end, boolean replayed, long appendedNanos,
                         long number) {
    }

    private final AppendLog log;
    private final ScoreRepository repository;
    private final AcknowledgedWrites acknowledged;
    private final Limits limits;
    private final Path refusedFile;
    private final ConcurrentHashMap<ScoreRepository.Key, Score> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<Group> queue = new LinkedBlockingDeque<>();
    private final AtomicLong pendingRows = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong appendNanos = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong insertedRows = new AtomicLong();
    private final AtomicLong insertNanos = new AtomicLong();
    private final AtomicLong refusedRows = new AtomicLong();
    private volatile String loadFailure;
    private volatile boolean closing;
    private volatile long drainDeadline;
    private Thread loader;

    private ScoreLog(AppendLog log, ScoreRepository repository, Limits limits, long refusedBefore) {
        this.log = log;
        this.repository = repository;
        this.acknowledged = repository.acknowledgedWrites();
        this.limits = limits;
        this.refusedFile = log.directory().resolve(REFUSED_FILE);
        this.refusedRows.set(refusedBefore);
    }

    /**
     * Opens the log in {@code directory}: a torn last record is cut off, and every record not known loaded is
     * pending again (visible to point reads at once, loaded once {@link #startLoading()} is called).
     */
    public static ScoreLog open(Path directory, ScoreRepository repository, Limits limits) {
        AppendLog.Opened opened = AppendLog.open(directory, SEGMENT_BYTES);
        ScoreLog scoreLog = new ScoreLog(opened.log(), repository, limits, countLines(directory.resolve(REFUSED_FILE)));
        long now = System.nanoTime();
        for (AppendLog.Entry entry : opened.unfinished()) {
            scoreLog.enqueue(ScoreRows.read(entry.payload()), entry.payload(), entry.end(), true, now);
        }
        if (!opened.unfinished().isEmpty()) {
            LOG.info("score log " + directory + ": " + scoreLog.pendingRows.get() + " scores in "
                    + opened.unfinished().size() + " records not known loaded; they load again, idempotently");
        }
        return scoreLog;
    }

    /** Starts the loader (once the schema is migrated: before, every INSERT would fail). */
    public synchronized void startLoading() {
        if (loader == null) {
            loader = Thread.ofPlatform().name("score-log-loader").daemon(true).start(this::load);
        }
    }

    /** The newest version of a score that is acknowledged but not yet loaded into ClickHouse. */
    Optional<Score> pending(ScoreRepository.Key key) {
        return Optional.ofNullable(pending.get(key));
    }

    /**
     * Appends one group's rows ({@code encoded} by {@link ScoreRows#jsonEachRow}) as one record and syncs it; once
     * this returns they are durable and pending. One thread calls it at a time (the group commit's).
     *
     * @throws StorageUnavailableException when the log is at its limits or the disk fails: nothing was appended
     */
    void append(List<Score> rows, byte[] encoded) {
        if (closing) {
            throw new StorageUnavailableException("the service is shutting down; retry later", null);
        }
        long rowsNow = pendingRows.get();
        long bytesNow = pendingBytes.get();
        if (rowsNow > 0 && (rowsNow + rows.size() > limits.maxPendingRows()
                || bytesNow + encoded.length > limits.maxPendingBytes())) {
            throw new StorageUnavailableException("the score log holds " + rowsNow + " scores (" + bytesNow
                    + " bytes) not yet loaded into ClickHouse, its limit is " + limits.maxPendingRows() + " scores / "
                    + limits.maxPendingBytes() + " bytes" + (loadFailure == null ? "" : "; loading fails: " + loadFailure)
                    + "; retry later", null);
        }
        long start = System.nanoTime();
        AppendLog.Position end;
        try {
            end = log.append(encoded);
        } catch (IOException e) {
            throw new StorageUnavailableException("appending to the score log in " + log.directory() + " failed: " + e, e);
        }
        long done = System.nanoTime();
        appendNanos.addAndGet(done - start);
        appends.incrementAndGet();
        enqueue(List.copyOf(rows), encoded, end, false, done);
    }

    /** Numbers and queues a group in the order it was appended (one thread appends at a time). */
    private synchronized void enqueue(List<Score> scores, byte[] rows, AppendLog.Position end, boolean replayed,
                                      long appendedNanos) {
        Group group = new Group(scores, rows, end, replayed, appendedNanos, acknowledged.acknowledge());
        for (Score score : group.scores()) {
            pending.merge(key(score), score, (a, b) -> a.version() >= b.version() ? a : b);
        }
        pendingRows.addAndGet(group.scores().size());
        pendingBytes.addAndGet(group.rows().length);
        queue.addLast(group);
    }

    public Statistics statistics() {
        return new Statistics(pendingRows.get(), pendingBytes.get(), appends.get(), appendNanos.get(), inserts.get(),
                insertedRows.get(), insertNanos.get(), refusedRows.get(), Optional.ofNullable(loadFailure));
    }

    @Override
    public String name() {
        return "scoreLog";
    }

    @Override
    public java.util.Map<String, Object> figures() {
        Statistics now = statistics();
        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("pendingRows", now.pendingRows());
        figures.put("pendingBytes", now.pendingBytes());
        figures.put("loadedRows", now.insertedRows());
        figures.put("refusedRows", now.refusedRows());
        now.loadFailure().ifPresent(failure -> figures.put("loadFailure", failure));
        return figures;
    }

    /**
     * Degraded while the refused file holds rows (until an operator moves it aside) or the log is near its limits.
     * {@code /health} answers anyone, so the reason names the file but not where the disk keeps it (the SEVERE
     * log line does).
     */
    @Override
    public Optional<String> degradedBecause() {
        long refused = refusedRows.get();
        if (refused > 0) {
            return Optional.of(refused + " acknowledged scores were refused by ClickHouse and are kept in "
                    + REFUSED_FILE + " in the score log directory (ANNOTATION_SCORE_LOG_DIR)");
        }
        if (pendingRows.get() >= limits.maxPendingRows() * 9 / 10 || pendingBytes.get() >= limits.maxPendingBytes() * 9 / 10) {
            return Optional.of("the score log is at 90 % of its limits; score writes answer 503 beyond them");
        }
        return Optional.empty();
    }

    /** Where refused rows are kept. */
    public Path refusedFile() {
        return refusedFile;
    }

    private void load() {
        long backoffMillis = 100;
        boolean readBack = false;
        Set<ScoreRepository.VersionKey> quarantined = new HashSet<>();
        while (!closing || (!queue.isEmpty() && System.nanoTime() < drainDeadline)) {
            Group head = queue.peekFirst();
            if (head == null) {
                pauseUnlessWanted(20);
                continue;
            }
            long waited = System.nanoTime() - head.appendedNanos();
            long interval = limits.loadInterval().toNanos();
            if (!closing && pendingRows.get() < LOAD_ROWS && waited < interval
                    && !pauseUnlessWanted(Math.max(1, TimeUnit.NANOSECONDS.toMillis(interval - waited)))) {
                continue;
            }
            List<Group> batch = new ArrayList<>();
            int rows = 0;
            for (Group group : queue) {
                if (!batch.isEmpty() && rows + group.scores().size() > LOAD_ROWS) {
                    break;
                }
                batch.add(group);
                rows += group.scores().size();
            }
            try {
                boolean mayBeStored = readBack || batch.stream().anyMatch(Group::replayed);
                store(batch, mayBeStored, quarantined);
                finished(batch);
                readBack = false;
                quarantined.clear();
                backoffMillis = 100;
                loadFailure = null;
            } catch (RuntimeException e) {
                // whatever part of the batch was stored is found by reading back before the next attempt
                readBack = true;
                if (loadFailure == null) {
                    LOG.log(e instanceof StorageUnavailableException ? Level.WARNING : Level.SEVERE,
                            "loading " + rows + " scores from the score log failed; retrying with backoff, nothing is dropped", e);
                }
                loadFailure = e.getMessage();
                pause(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Inserts the batch's rows, without those already stored when {@code mayBeStored} or refused before. */
    private void store(List<Group> batch, boolean mayBeStored, Set<ScoreRepository.VersionKey> quarantined) {
        List<Score> rows = new ArrayList<>();
        batch.forEach(group -> rows.addAll(group.scores()));
        if (mayBeStored) {
            Set<ScoreRepository.VersionKey> stored = repository.inHistory(rows.stream().map(ScoreRepository.VersionKey::of).toList());
            List<Score> missing = rows.stream().map(row -> row).filter(row -> {
                ScoreRepository.VersionKey key = ScoreRepository.VersionKey.of(row);
                return !stored.contains(key) && !quarantined.contains(key);
            }).toList();
            if (!missing.isEmpty()) {
                insertIsolating(missing, ScoreRows.jsonEachRow(missing), quarantined);
            }
            return;
        }
        insertIsolating(rows, joined(batch), quarantined);
    }

    /**
     * One INSERT of {@code rows} ({@code encoded} when whole); when ClickHouse refuses their data, halves until
     * the refused rows are alone and quarantines each ({@link RefusedRows#isolate}). Any other failure is
     * thrown: the loader reads back and tries again later.
     */
    private void insertIsolating(List<Score> rows, byte[] encoded, Set<ScoreRepository.VersionKey> quarantined) {
        RefusedRows.isolate(0, rows.size(), (from, to) -> {
            List<Score> part = rows.subList(from, to);
            long start = System.nanoTime();
            repository.insertEncoded(part.size() == rows.size() ? encoded : ScoreRows.jsonEachRow(part));
            insertNanos.addAndGet(System.nanoTime() - start);
            inserts.incrementAndGet();
            insertedRows.addAndGet(part.size());
        }, (index, reason) -> {
            quarantine(rows.get(index), reason);
            quarantined.add(ScoreRepository.VersionKey.of(rows.get(index)));
        });
    }

    /** Keeps a row ClickHouse refused after it was acknowledged, with the reason; it is never silently dropped. */
    private void quarantine(Score score, String reason) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("refusedAt", Instant.now().toString());
            json.writeStringField("reason", reason);
            json.writeFieldName("row");
            json.writeRawValue(new String(ScoreRows.jsonEachRow(List.of(score)), StandardCharsets.UTF_8));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        try (FileChannel file = FileChannel.open(refusedFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line.toByteArray());
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(false);
        } catch (IOException e) {
            throw new StorageUnavailableException("keeping a refused score in " + refusedFile + " failed: " + e, e);
        }
        refusedRows.incrementAndGet();
        LOG.severe("ClickHouse refused score " + score.id() + " (project " + score.projectId() + ", version "
                + score.version() + ") after it was acknowledged: " + reason + "; the row is kept in " + refusedFile
                + " and the rest of its batch was stored");
    }

    /** The batch is in ClickHouse: no longer pending, and the log may forget it. */
    private void finished(List<Group> batch) {
        for (Group group : batch) {
            queue.pollFirst();
            for (Score score : group.scores()) {
                pending.computeIfPresent(key(score), (key, newest) -> newest.version() <= score.version() ? null : newest);
            }
            pendingRows.addAndGet(-group.scores().size());
            pendingBytes.addAndGet(-group.rows().length);
        }
        acknowledged.loadedUpTo(batch.getLast().number());
        try {
            log.finishedUpTo(batch.getLast().end());
        } catch (IOException e) {
            // a stale checkpoint only makes the next start read these rows back and skip them
            LOG.log(Level.WARNING, "writing the score log's checkpoint failed", e);
        }
    }

    private static byte[] joined(List<Group> batch) {
        if (batch.size() == 1) {
            return batch.getFirst().rows();
        }
        int size = batch.stream().mapToInt(group -> group.rows().length + 1).sum();
        ByteBuffer all = ByteBuffer.allocate(size);
        for (Group group : batch) {
            if (all.position() > 0) {
                all.put((byte) '\n');
            }
            all.put(group.rows());
        }
        byte[] bytes = new byte[all.position()];
        all.flip().get(bytes);
        return bytes;
    }

    private static ScoreRepository.Key key(Score score) {
        return new ScoreRepository.Key(score.projectId(), score.id());
    }

    private static long countLines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            return 1;
        }
    }

    /** Waits up to {@code millis} for a batch to fill; true when a reader wants the pending writes loaded now. */
    private boolean pauseUnlessWanted(long millis) {
        try {
            return acknowledged.pauseUnlessWanted(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
            return false;
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /**
     * Stops taking appends and gives the loader up to {@link #CLOSE_DRAIN} to load what is pending; what is
     * left stays in the log for the next start.
     */
    @Override
    public void close() {
        drainDeadline = System.nanoTime() + CLOSE_DRAIN.toNanos();
        closing = true;
        Thread running;
        synchronized (this) {
            running = loader;
        }
        if (running != null) {
            try {
                running.join(CLOSE_DRAIN.plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
    }
}
