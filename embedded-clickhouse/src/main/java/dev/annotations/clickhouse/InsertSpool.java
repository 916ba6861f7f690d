package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * Runs statements on an engine connection, handing the data of an inline INSERT over as a temporary
 * file read by {@code INSERT ... SELECT * FROM file(...)} (see {@link InlineInsert}): no byte of it can end
 * the data early or run as SQL, and the process's standard input is never read. It is also quicker than
 * inline data, which the engine copies and scans before parsing.
 */
final class InsertSpool implements AutoCloseable {
    private static final long WRITE_SLICE = 256L << 20;

    private final Path directory;

    private InsertSpool(Path directory) {
        this.directory = directory;
    }

    /** A spool in a new private temporary directory, removed by {@link #close()}. */
    static InsertSpool create() {
        try {
            return new InsertSpool(Files.createTempDirectory("embedded-clickhouse-inserts-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for insert data", e);
        }
    }

    /** Like {@link ChdbConnection#query}, with inline INSERT data passed through a file. */
    ChdbResult query(ChdbConnection connection, MemorySegment query, String outputFormat,
                     Map<String, String> parameters) {
        Optional<InlineInsert> insert = InlineInsert.find(query);
        if (insert.isEmpty()) {
            return connection.query(query, outputFormat, parameters);
        }
        Path file = newFile();
        try {
            write(query.asSlice(insert.get().dataOffset()), file);
            try (Arena arena = Arena.ofConfined()) {
                byte[] kept = query.asSlice(0, insert.get().dataKeyword()).toArray(ValueLayout.JAVA_BYTE);
                MemorySegment statement = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                        insert.get().statementReadingFrom(kept, file));
                return connection.query(statement, outputFormat, parameters);
            }
        } finally {
            delete(file);
        }
    }

    private Path newFile() {
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
        try (var files = Files.list(directory)) {
            files.forEach(InsertSpool::delete);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }
}
