package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.storage.AppendLog;
import dev.annotations.api.storage.StorageUnavailableException;
import dev.annotations.api.system.HealthSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Queue durability {@code journal} (README, "Queues: the claim protocol"): a queue owner's group commit appends each
 * batch of decided events as one record to a local write-ahead log ({@link AppendLog}, fdatasync'd), and a durable
 * change is acknowledged once its record is synced. This class's loader then INSERTs the records into
 * {@code annotation_queue_events} in the order they were appended, up to {@link #LOAD_EVENTS} events per INSERT, about
 * one load interval after the oldest waiting one, and marks them loaded. At start every record after the checkpoint is
 * loaded again; before inserting records that may be stored already (replayed ones, or after an INSERT whose answer
 * was lost) the loader reads back which of their event ids the log holds and inserts only the others.
 *
 * <p>Why a queue's next owner still reads a complete log from ClickHouse: the owner only ever reads a queue after
 * {@link #awaitReadable} found none of its events waiting here, and gives a lease back only then; the leases this
 * instance takes carry the journal's own name ({@link #OWNER_PREFIX} + an id kept in the directory, which one process
 * at a time holds locked), and another instance never takes such a lease over when it expires (only when it was given
 * back), so a queue whose owner died waits for that owner to restart and load its journal.
 */
final class QueueJournal implements QueueEventStore, HealthSource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueJournal.class.getName());
    /** Owner names of leases taken by an instance that journals its queues' events. */
    static final String OWNER_PREFIX = "journal-";
    /** Most events in one loading INSERT. */
    static final int LOAD_EVENTS = 5_000;
    /** Events the journal may hold not yet loaded; beyond, appends fail (durable changes answer 503). */
    static final long MAX_PENDING_EVENTS = 500_000;
    /** The longest pause between two attempts to load while ClickHouse fails. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    /** How long closing waits for the loader; the rest is loaded at the next start. */
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(10);
    private static final String ID_FILE = "instance-id";
    private static final String LOCK_FILE = "lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record QueueKey(UUID projectId, UUID queueId) {
    }

    /** One event's row: its queue, its id and its JSONEachRow line. */
    private record Row(QueueKey queue, UUID eventId, byte[] line) {
    }

    /** One appended record, waiting to be loaded; {@code replayed} when it may be stored already. */
    private record Batch(List<Row> rows, AppendLog.Position end, boolean replayed, long appendedNanos) {
    }

    /** What the journal holds and has done since start, for {@code GET /health} and the benchmarks. */
    record Statistics(long pendingEvents, long appends, long appendNanos, long inserts, long loadedEvents,
                      Optional<String> loadFailure) {
    }

    private final AppendLog log;
    private final QueueEventRepository events;
    private final Duration loadInterval;
    private final String ownerName;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final LinkedBlockingDeque<Batch> waiting = new LinkedBlockingDeque<>();
    /** Events not yet loaded, by queue; guarded by this object's monitor, which also signals the loader. */
    private final Map<QueueKey, Long> pendingByQueue = new HashMap<>();
    private boolean loadWanted;
    private final Object appendLock = new Object();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong appendNanos = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong loadedEvents = new AtomicLong();
    private volatile String loadFailure;
    private volatile boolean closing;
    private volatile long drainDeadline;
    private Thread loader;

    private QueueJournal(AppendLog log, QueueEventRepository events, Duration loadInterval, String ownerName,
                         FileChannel lockFile, FileLock lock) {
        this.log = log;
        this.events = events;
        this.loadInterval = loadInterval;
        this.ownerName = ownerName;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Opens the journal in {@code directory} (created if missing) and locks it: a torn last record is cut off, and
     * every record not known loaded waits to be loaded again once {@link #startLoading()} is called.
     *
     * @throws IllegalStateException when another process holds the directory
     */
    static QueueJournal open(Path directory, QueueEventRepository events, Duration loadInterval) {
        FileChannel lockFile = null;
        try {
            Files.createDirectories(directory);
            lockFile = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("the queue journal " + directory + " is in use by another service"
                        + " (ANNOTATION_QUEUE_JOURNAL_DIR must be one instance's own)");
            }
            AppendLog.Opened opened = AppendLog.open(directory, SEGMENT_BYTES);
            QueueJournal journal = new QueueJournal(opened.log(), events, loadInterval, OWNER_PREFIX + instanceId(directory),
                    lockFile, lock);
            long now = System.nanoTime();
            for (AppendLog.Entry entry : opened.unfinished()) {
                journal.enqueue(replayedRows(entry.payload()), entry.end(), true, now);
            }
            if (!opened.unfinished().isEmpty()) {
                LOG.info("queue journal " + directory + ": " + journal.pendingEvents.get() + " events in "
                        + opened.unfinished().size() + " records not known loaded; they load again, idempotently");
            }
            return journal;
        } catch (IOException e) {
            closeQuietly(lockFile);
            throw new UncheckedIOException("opening the queue journal " + directory + " failed: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    /** The id the directory keeps across restarts, so that leases taken before a crash are this instance's again. */
    private static String instanceId(Path directory) throws IOException {
        Path file = directory.resolve(ID_FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Path temporary = directory.resolve(ID_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        return id;
    }

    /** Whether a lease's owner journals its events (and so is never taken over by another instance on expiry). */
    static boolean journaled(String owner) {
        return owner.startsWith(OWNER_PREFIX);
    }

    /** Starts the loader (once the schema is migrated: before, every INSERT would fail). */
    synchronized void startLoading() {
        if (loader == null) {
            loader = Thread.ofPlatform().name("queue-journal-loader").daemon(true).start(this::load);
        }
    }

    @Override
    public String ownerName() {
        return ownerName;
    }

    @Override
    public boolean holdsJournalOf(String owner) {
        return ownerName.equals(owner);
    }

    /** Appends the batch as one record and syncs it; the token is not needed (a batch is appended once). */
    @Override
    public void store(UUID projectId, UUID queueId, List<QueueEvent> batch, String token) {
        if (batch.isEmpty()) {
            return;
        }
        byte[] encoded = QueueEventRepository.rows(projectId, queueId, batch);
        QueueKey queue = new QueueKey(projectId, queueId);
        List<byte[]> lines = lines(encoded);
        List<Row> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            rows.add(new Row(queue, batch.get(i).eventId(), lines.get(i)));
        }
        synchronized (appendLock) {
            if (closing) {
                throw new StorageUnavailableException("the service is shutting down; retry later", null);
            }
            long now = pendingEvents.get();
            if (now > 0 && now + rows.size() > MAX_PENDING_EVENTS) {
                throw new StorageUnavailableException("the queue journal holds " + now + " events not yet loaded into"
                        + " ClickHouse, its limit is " + MAX_PENDING_EVENTS
                        + (loadFailure == null ? "" : "; loading fails: " + loadFailure) + "; retry later", null);
            }
            long start = System.nanoTime();
            AppendLog.Position end;
            try {
                end = log.append(encoded);
            } catch (IOException e) {
                throw new StorageUnavailableException("appending to the queue journal in " + log.directory()
                        + " failed: " + e, e);
            }
            long done = System.nanoTime();
            appendNanos.addAndGet(done - start);
            appends.incrementAndGet();
            enqueue(rows, end, false, done);
        }
    }

    @Override
    public boolean awaitReadable(UUID projectId, UUID queueId, Duration within) {
        QueueKey queue = new QueueKey(projectId, queueId);
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (pendingByQueue.containsKey(queue)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                loadWanted = true;
                notifyAll();
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void enqueue(List<Row> rows, AppendLog.Position end, boolean replayed, long appendedNanos) {
        synchronized (this) {
            for (Row row : rows) {
                pendingByQueue.merge(row.queue(), 1L, Long::sum);
            }
            long before = pendingEvents.getAndAdd(rows.size());
            waiting.addLast(new Batch(List.copyOf(rows), end, replayed, appendedNanos));
            // the loader sleeps while nothing waits, and loads a full INSERT's worth without waiting out the interval
            if (before == 0 || (before < LOAD_EVENTS && before + rows.size() >= LOAD_EVENTS)) {
                notifyAll();
            }
        }
    }

    Statistics statistics() {
        return new Statistics(pendingEvents.get(), appends.get(), appendNanos.get(), inserts.get(), loadedEvents.get(),
                Optional.ofNullable(loadFailure));
    }

    @Override
    public String name() {
        return "queueJournal";
    }

    @Override
    public Map<String, Object> figures() {
        Statistics now = statistics();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("pendingEvents", now.pendingEvents());
        figures.put("loadedEvents", now.loadedEvents());
        now.loadFailure().ifPresent(failure -> figures.put("loadFailure", failure));
        return figures;
    }

    @Override
    public Optional<String> degradedBecause() {
        if (pendingEvents.get() >= MAX_PENDING_EVENTS * 9 / 10) {
            return Optional.of("the queue journal is at 90 % of its limit; queue submissions answer 503 beyond it");
        }
        return Optional.empty();
    }

    private void load() {
        long backoffMillis = 100;
        boolean readBack = false;
        while (!closing || (!waiting.isEmpty() && System.nanoTime() < drainDeadline)) {
            Batch head = waiting.peekFirst();
            if (head == null) {
                awaitAppend();
                continue;
            }
            long waited = System.nanoTime() - head.appendedNanos();
            long interval = loadInterval.toNanos();
            if (!closing && pendingEvents.get() < LOAD_EVENTS && waited < interval
                    && !pauseUnlessWanted(Math.max(1, TimeUnit.NANOSECONDS.toMillis(interval - waited)))) {
                continue;
            }
            if (closing && System.nanoTime() >= drainDeadline) {
                break; // a crash, or the drain ran out: what is waiting loads at the next start
            }
            List<Batch> batch = new ArrayList<>();
            int rows = 0;
            for (Batch next : waiting) {
                if (!batch.isEmpty() && rows + next.rows().size() > LOAD_EVENTS) {
                    break;
                }
                batch.add(next);
                rows += next.rows().size();
            }
            try {
                insert(batch, readBack || batch.stream().anyMatch(Batch::replayed));
                finished(batch);
                readBack = false;
                backoffMillis = 100;
                loadFailure = null;
            } catch (RuntimeException e) {
                // whatever part of the batch was stored is found by reading back before the next attempt
                readBack = true;
                if (loadFailure == null) {
                    LOG.log(e instanceof StorageUnavailableException ? Level.WARNING : Level.SEVERE, "loading " + rows
                            + " queue events from the queue journal failed; retrying with backoff, nothing is dropped", e);
                }
                loadFailure = e.getMessage();
                pause(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** One INSERT of the batches' rows, without those the log holds already when {@code mayBeStored}. */
    private void insert(List<Batch> batch, boolean mayBeStored) {
        List<Row> rows = new ArrayList<>();
        batch.forEach(each -> rows.addAll(each.rows()));
        if (mayBeStored) {
            Map<QueueKey, List<UUID>> byQueue = new LinkedHashMap<>();
            rows.forEach(row -> byQueue.computeIfAbsent(row.queue(), key -> new ArrayList<>()).add(row.eventId()));
            Map<QueueKey, Set<UUID>> stored = new HashMap<>();
            byQueue.forEach((queue, ids) -> stored.put(queue, events.storedEventIds(queue.projectId(), queue.queueId(), ids)));
            rows.removeIf(row -> stored.get(row.queue()).contains(row.eventId()));
            if (rows.isEmpty()) {
                return;
            }
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream(rows.size() * 300);
        for (Row row : rows) {
            if (joined.size() > 0) {
                joined.write('\n');
            }
            joined.writeBytes(row.line());
        }
        events.insertRows(joined.toByteArray());
        inserts.incrementAndGet();
    }

    /** The batches are in ClickHouse: no longer waiting, and the journal may forget them. */
    private void finished(List<Batch> batch) {
        int rows = 0;
        synchronized (this) {
            for (Batch each : batch) {
                waiting.pollFirst();
                for (Row row : each.rows()) {
                    pendingByQueue.computeIfPresent(row.queue(), (queue, count) -> count == 1 ? null : count - 1);
                }
                rows += each.rows().size();
            }
            pendingEvents.addAndGet(-rows);
            notifyAll();
        }
        loadedEvents.addAndGet(rows);
        try {
            log.finishedUpTo(batch.getLast().end());
        } catch (IOException e) {
            // a stale checkpoint only makes the next start read these events back and skip them
            LOG.log(Level.WARNING, "writing the queue journal's checkpoint failed", e);
        }
    }

    /**
     * Sleeps while nothing waits to be loaded, until {@link #enqueue} or {@link #stop} wakes it (checked under the
     * monitor they signal, so no wake-up is missed; the 1 s bound is only a safety net).
     */
    private synchronized void awaitAppend() {
        if (waiting.isEmpty() && !closing && !loadWanted) {
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }
    }

    /** Waits up to {@code millis} for work; true when an owner wants a queue's events loaded now. */
    private synchronized boolean pauseUnlessWanted(long millis) {
        if (!loadWanted) {
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
                return false;
            }
        }
        boolean wanted = loadWanted;
        loadWanted = false;
        return wanted;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** A record's rows read back at start: each line's queue and event id come from the line itself. */
    private static List<Row> replayedRows(byte[] payload) {
        List<Row> rows = new ArrayList<>();
        for (byte[] line : lines(payload)) {
            try {
                JsonNode row = JSON.readTree(line);
                rows.add(new Row(new QueueKey(UUID.fromString(row.get("project_id").asText()),
                        UUID.fromString(row.get("queue_id").asText())), UUID.fromString(row.get("event_id").asText()), line));
            } catch (IOException | RuntimeException e) {
                // the record's CRC matched, so this is a bug, not damage: refuse to start rather than drop an event
                throw new IllegalStateException("a queue journal record holds a line that is not a queue event: "
                        + new String(line, StandardCharsets.UTF_8), e);
            }
        }
        return rows;
    }

    /** The lines of JSONEachRow rows (JSON strings escape their newlines, so a newline ends a row). */
    private static List<byte[]> lines(byte[] rows) {
        List<byte[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= rows.length; i++) {
            if (i == rows.length || rows[i] == '\n') {
                if (i > from) {
                    lines.add(java.util.Arrays.copyOfRange(rows, from, i));
                }
                from = i + 1;
            }
        }
        return lines;
    }

    /**
     * Stops taking appends and gives the loader up to {@link #CLOSE_DRAIN} to load what is waiting; the rest stays
     * in the journal for the next start.
     */
    @Override
    public void close() {
        stop(CLOSE_DRAIN);
    }

    /** Stops at once, as a crash would: nothing more is loaded (tests of a dying instance). */
    void crash() {
        stop(Duration.ZERO);
    }

    private void stop(Duration drain) {
        synchronized (appendLock) {
            drainDeadline = System.nanoTime() + drain.toNanos();
            closing = true;
        }
        Thread running;
        synchronized (this) {
            running = loader;
            notifyAll();
        }
        if (running != null) {
            try {
                running.join(drain.plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
        try {
            lock.release();
        } catch (IOException e) {
            LOG.log(Level.FINE, "releasing the queue journal's lock", e);
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the queue journal's lock file", e);
            }
        }
    }
}
