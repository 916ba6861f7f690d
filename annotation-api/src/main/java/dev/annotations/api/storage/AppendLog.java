package dev.annotations.api.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A local write-ahead log of opaque records: each append is written and {@code fdatasync}'d
 * ({@link FileChannel#force(boolean) force(false)}) before it returns, so a record whose append returned survives
 * a crash or a power loss of this machine. Records are framed as {@code [length:int][crc32c:int][payload]}; a crash
 * in the middle of an append leaves a last record whose length or CRC does not match, which {@link #open} cuts off
 * (that append never returned, so nobody was told it was stored).
 *
 * <p>Files are segments {@code segment-<n>.log}, rolled when one passes the segment size. What the consumer has
 * finished with is kept in a small {@code checkpoint} file (written by rename, not synced: a checkpoint that is
 * stale after a crash only makes the consumer see records again, which it must tolerate anyway); a segment wholly
 * before the checkpoint is deleted. One thread appends at a time ({@code synchronized}); another may mark records
 * finished.
 */
public final class AppendLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AppendLog.class.getName());
    private static final int HEADER_BYTES = 8;
    /** A record longer than this is taken for a damaged length field. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{16})\\.log");
    private static final String CHECKPOINT = "checkpoint";

    /** A place in the log: the segment's number and a byte offset in it. */
    public record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int bySegment = Long.compare(segment, other.segment);
            return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
        }
    }

    /** A record read back at {@link #open}: its payload and where the next record starts. */
    public record Entry(byte[] payload, Position end) {
    }

    /** The log opened for appending, and the records after the checkpoint that its consumer has still to finish. */
    public record Opened(AppendLog log, List<Entry> unfinished, long tornBytes) {
    }

    private final Path directory;
    private final long segmentBytes;
    private FileChannel current;
    private long currentSegment;
    private long currentSize;
    private boolean broken;
    private final Object checkpointLock = new Object();

    private AppendLog(Path directory, long segmentBytes, long segment, FileChannel channel, long size) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.currentSegment = segment;
        this.current = channel;
        this.currentSize = size;
    }

    /**
     * Opens the log in {@code directory} (created if missing): reads every record after the checkpoint, cuts a
     * torn last record off the last segment, and deletes segments wholly before the checkpoint.
     *
     * @throws UncheckedIOException when a segment other than the last is damaged (a record that had been
     *                              acknowledged may be in it: the log refuses to guess; move the file aside to start)
     */
    public static Opened open(Path directory, long segmentBytes) {
        try {
            Files.createDirectories(directory);
            Position checkpoint = readCheckpoint(directory);
            List<Long> segments = segments(directory);
            List<Entry> unfinished = new ArrayList<>();
            long torn = 0;
            for (int i = 0; i < segments.size(); i++) {
                long segment = segments.get(i);
                Path file = segmentFile(directory, segment);
                if (segment < checkpoint.segment() && i < segments.size() - 1) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long from = segment == checkpoint.segment() ? checkpoint.offset() : 0;
                long goodEnd = read(file, segment, from, unfinished);
                long size = Files.size(file);
                if (goodEnd < size) {
                    if (i < segments.size() - 1) {
                        throw new IOException("score log segment " + file + " is damaged at byte " + goodEnd + " of "
                                + size + " and is not the last one; move it aside to start (its records are lost)");
                    }
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(goodEnd);
                        channel.force(true);
                    }
                    torn = size - goodEnd;
                    LOG.warning("cut a torn last record (" + torn + " bytes, never acknowledged) off " + file);
                }
            }
            long last = segments.isEmpty() ? 0 : segments.getLast();
            Path file = segmentFile(directory, last);
            boolean created = !Files.exists(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (created) {
                syncDirectory(directory);
            }
            long size = channel.size();
            channel.position(size);
            return new Opened(new AppendLog(directory, segmentBytes, last, channel, size), List.copyOf(unfinished), torn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends one record and syncs it to disk; returns where the next record starts. A failed append is cut
     * off again, so the log never holds a half record before a later good one; if even that fails the log
     * refuses every later append.
     */
    public synchronized Position append(byte[] payload) throws IOException {
        if (payload.length == 0 || payload.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record holds 1.." + MAX_RECORD_BYTES + " bytes, not " + payload.length);
        }
        if (broken) {
            throw new IOException("the log could not undo a failed append and takes no more records");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        long start = currentSize;
        try {
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            current.force(false);
        } catch (IOException e) {
            try {
                current.truncate(start);
                current.position(start);
                current.force(false);
            } catch (IOException undo) {
                broken = true;
                e.addSuppressed(undo);
            }
            throw e;
        }
        currentSize = start + HEADER_BYTES + payload.length;
        Position end = new Position(currentSegment, currentSize);
        if (currentSize >= segmentBytes) {
            roll();
        }
        return end;
    }

    /** Starts the next segment; the record just appended ends the previous one. */
    private void roll() throws IOException {
        long next = currentSegment + 1;
        FileChannel channel = FileChannel.open(segmentFile(directory, next), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        syncDirectory(directory);
        current.close();
        current = channel;
        currentSegment = next;
        currentSize = 0;
    }

    /**
     * The consumer is done with every record before {@code end}: writes the checkpoint and deletes the
     * segments wholly before it.
     */
    public void finishedUpTo(Position end) throws IOException {
        synchronized (checkpointLock) {
            Path temporary = directory.resolve(CHECKPOINT + ".tmp");
            Files.writeString(temporary, end.segment() + " " + end.offset() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, directory.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            for (long segment : segments(directory)) {
                if (segment < end.segment()) {
                    Files.deleteIfExists(segmentFile(directory, segment));
                }
            }
        }
    }

    /** Bytes in the segment files now (finished records of the oldest segments included until it is deleted). */
    public long diskBytes() {
        try {
            long total = 0;
            for (long segment : segments(directory)) {
                try {
                    total += Files.size(segmentFile(directory, segment));
                } catch (NoSuchFileException deleted) {
                    // deleted meanwhile
                }
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        try {
            current.close();
        } catch (IOException e) {
            LOG.warning("closing " + directory + ": " + e);
        }
    }

    /** Reads records of {@code file} from {@code from}; returns the offset after the last whole record. */
    private static long read(Path file, long segment, long from, List<Entry> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = Math.min(from, size);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (offset + HEADER_BYTES <= size) {
                header.clear();
                readFully(channel, header, offset);
                header.flip();
                int length = header.getInt();
                int expected = header.getInt();
                // a zero length is never written: a file extended with zeros by a crash reads as one
                if (length <= 0 || length > MAX_RECORD_BYTES || offset + HEADER_BYTES + length > size) {
                    return offset;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(channel, payload, offset + HEADER_BYTES);
                CRC32C crc = new CRC32C();
                crc.update(payload.array());
                if ((int) crc.getValue() != expected) {
                    return offset;
                }
                offset += HEADER_BYTES + length;
                into.add(new Entry(payload.array(), new Position(segment, offset)));
            }
            return offset;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of " + channel);
            }
            at += read;
        }
    }

    /** An unreadable checkpoint (a crash while it was renamed in) reads as none: everything is seen again. */
    private static Position readCheckpoint(Path directory) {
        try {
            String[] parts = Files.readString(directory.resolve(CHECKPOINT), StandardCharsets.US_ASCII).trim().split(" ");
            return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException | RuntimeException e) {
            return new Position(-1, 0);
        }
    }

    private static List<Long> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(match -> Long.parseLong(match.group(1))).sorted().toList();
        }
    }

    private static Path segmentFile(Path directory, long segment) {
        return directory.resolve("segment-%016d.log".formatted(segment));
    }

    /** A new file's name is durable only once its directory is synced. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
