package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * One materialized chDB query result. Its bytes live in native memory owned by chDB until
 * {@link #close()}; read {@link #data()} before closing.
 */
final class ChdbResult implements AutoCloseable {
    private final ChdbLibrary library;
    private final MemorySegment handle;

    ChdbResult(ChdbLibrary library, MemorySegment handle) {
        this.library = library;
        this.handle = handle;
    }

    /** The engine's error text, or {@code null} when the query succeeded. */
    String error() {
        MemorySegment message = (MemorySegment) invoke(library.resultError);
        if (message.equals(MemorySegment.NULL)) {
            return null;
        }
        return message.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    /** The result bytes, in the requested output format; valid until {@link #close()}. */
    MemorySegment data() {
        long length = (long) invoke(library.resultLength);
        MemorySegment buffer = (MemorySegment) invoke(library.resultBuffer);
        if (length == 0 || buffer.equals(MemorySegment.NULL)) {
            return MemorySegment.NULL.reinterpret(0);
        }
        return buffer.reinterpret(length);
    }

    QueryStatistics statistics() {
        double elapsedSeconds = (double) invoke(library.resultElapsed);
        return new QueryStatistics(
                (long) invoke(library.resultRowsRead),
                (long) invoke(library.resultBytesRead),
                (long) invoke(library.resultRowsWritten),
                (long) invoke(library.resultBytesWritten),
                (long) (elapsedSeconds * 1_000_000_000L));
    }

    @Override
    public void close() {
        try {
            library.destroyResult.invokeExact(handle);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_destroy_query_result failed", e);
        }
    }

    private Object invoke(java.lang.invoke.MethodHandle accessor) {
        try {
            return accessor.invoke(handle);
        } catch (Throwable e) {
            throw new IllegalStateException("chDB result accessor failed", e);
        }
    }
}
