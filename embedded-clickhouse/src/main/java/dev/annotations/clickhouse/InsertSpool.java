package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * Runs statements on an engine connection, handing the data of an inline INSERT over as a temporary
 * file read by {@code INSERT ... SELECT * FROM file(...)} (see {@link InlineInsert}): no byte of it can end
 * the data early or run as SQL, and the process's standard input is never read. It is also quicker than
 * inline data, which the engine copies and scans before parsing.
 *
 * <p>Small data (up to {@link #MEMORY_FILE_BYTES}) goes to a file in memory ({@code /dev/shm}, when the
 * machine has it): creating, writing and removing a file on a disk's file system cost ~2.5 ms per INSERT on
 * the benchmark machine's ext4 (inode allocation), more than the engine's own insert of a few rows. Larger
 * data goes to the disk's temporary directory, so a big load never fills memory.
 */
final class InsertSpool implements AutoCloseable {
    private static final long WRITE_SLICE = 256L << 20;
    /** Insert data up to this size is spooled to memory when the machine has a memory file system. */
    static final long MEMORY_FILE_BYTES = 1L << 20;
    private static final Path MEMORY_FILE_SYSTEM = Path.of("/dev/shm");

    private final Path directory;
    private final Path smallDirectory;

    private InsertSpool(Path directory, Path smallDirectory) {
        this.directory = directory;
        this.smallDirectory = smallDirectory;
    }

    /** A spool in new private temporary directories (one in memory where possible), removed by {@link #close()}. */
    static InsertSpool create() {
        try {
            Path directory = Files.createTempDirectory("embedded-clickhouse-inserts-");
            return new InsertSpool(directory, memoryDirectory().orElse(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for insert data", e);
        }
    }

    private static Optional<Path> memoryDirectory() {
        if (!Files.isDirectory(MEMORY_FILE_SYSTEM) || !Files.isWritable(MEMORY_FILE_SYSTEM)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.createTempDirectory(MEMORY_FILE_SYSTEM, "embedded-clickhouse-inserts-"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Like {@link ChdbConnection#query}, with inline INSERT data passed through a file. */
    ChdbResult query(ChdbConnection connection, MemorySegment query, String outputFormat,
                     Map<String, String> parameters) {
        return query(connection, query, InlineInsert.find(query), Map.of(), outputFormat, parameters);
    }

    /**
     * Runs {@code query}, which is {@code insert} when that is present, with its data passed through a file
     * and {@code statementSettings} carried in the rewritten statement (only for an insert without a
     * SETTINGS clause of its own: see {@link ConnectionState#applyAllButStatementSettings}).
     */
    ChdbResult query(ChdbConnection connection, MemorySegment query, Optional<InlineInsert> insert,
                     Map<String, String> statementSettings, String outputFormat, Map<String, String> parameters) {
        if (insert.isEmpty()) {
            return connection.query(query, outputFormat, parameters);
        }
        MemorySegment data = query.asSlice(insert.get().dataOffset());
        Path file = newFile(data.byteSize() <= MEMORY_FILE_BYTES ? smallDirectory : directory);
        try {
            write(data, file);
            try (Arena arena = Arena.ofConfined()) {
                byte[] kept = query.asSlice(0, insert.get().dataKeyword()).toArray(ValueLayout.JAVA_BYTE);
                MemorySegment statement = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                        insert.get().statementReadingFrom(kept, file, statementSettings));
                return connection.query(statement, outputFormat, parameters);
            }
        } finally {
            delete(file);
        }
    }

    private static Path newFile(Path directory) {
        try {
            return Files.createTempFile(directory, "insert-", ".data");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for insert data in " + directory, e);
        }
    }

    private static void write(MemorySegment data, Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < data.byteSize(); offset += WRITE_SLICE) {
                ByteBuffer slice = data.asSlice(offset, Math.min(WRITE_SLICE, data.byteSize() - offset)).asByteBuffer();
                while (slice.hasRemaining()) {
                    channel.write(slice);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write insert data to " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /** Removes the directory and anything a crashed request left in it. */
    @Override
    public void close() {
        remove(smallDirectory);
        remove(directory);
    }

    private static void remove(Path directory) {
        try (var files = Files.list(directory)) {
            files.forEach(InsertSpool::delete);
            Files.deleteIfExists(directory);
        } catch (NoSuchFileException e) {
            // already removed: the small directory may be the same one
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }
}
