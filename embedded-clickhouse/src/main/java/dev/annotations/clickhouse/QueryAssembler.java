package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement chDB executes from an HTTP request, as ClickHouse does: the {@code query} URL
 * parameter, then a newline, then the request body (for an INSERT, the body is its data).
 *
 * <p>The result lives in native memory (one copy, handed to {@code chdb_query_n} with its length),
 * and is read in chunks so a large insert body never becomes one huge Java array.
 */
final class QueryAssembler {
    private static final int CHUNK = 1 << 20;

    private QueryAssembler() {
    }

    /**
     * @param prefix        the URL query (with its newline), possibly empty
     * @param body          the request body, already decompressed
     * @param contentLength the declared body length, or -1 when unknown (chunked or compressed)
     * @param maxBytes      the limit on prefix + body
     */
    static MemorySegment assemble(byte[] prefix, InputStream body, long contentLength, long maxBytes, Arena arena)
            throws IOException {
        if (contentLength >= 0) {
            if (prefix.length + contentLength > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return readKnownLength(prefix, body, contentLength, arena);
        }
        return readUnknownLength(prefix, body, maxBytes, arena);
    }

    private static MemorySegment readKnownLength(byte[] prefix, InputStream body, long length, Arena arena)
            throws IOException {
        MemorySegment query = arena.allocate(prefix.length + length);
        MemorySegment.copy(prefix, 0, query, ValueLayout.JAVA_BYTE, 0, prefix.length);
        byte[] staging = new byte[(int) Math.min(CHUNK, Math.max(length, 1))];
        long offset = prefix.length;
        long end = prefix.length + length;
        while (offset < end) {
            int read = body.read(staging, 0, (int) Math.min(staging.length, end - offset));
            if (read < 0) {
                throw new ClickHouseException(33, "Code: 33. DB::Exception: Cannot read all data: the request body "
                        + "ended after " + (offset - prefix.length) + " of " + length + " bytes. (CANNOT_READ_ALL_DATA)");
            }
            MemorySegment.copy(staging, 0, query, ValueLayout.JAVA_BYTE, offset, read);
            offset += read;
        }
        return query;
    }

    private static MemorySegment readUnknownLength(byte[] prefix, InputStream body, long maxBytes, Arena arena)
            throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long total = prefix.length;
        while (true) {
            byte[] chunk = body.readNBytes(CHUNK);
            if (chunk.length == 0) {
                break;
            }
            total += chunk.length;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            chunks.add(chunk);
            if (chunk.length < CHUNK) {
                break;
            }
        }
        MemorySegment query = arena.allocate(Math.max(total, 1)).asSlice(0, total);
        MemorySegment.copy(prefix, 0, query, ValueLayout.JAVA_BYTE, 0, prefix.length);
        long offset = prefix.length;
        for (byte[] chunk : chunks) {
            MemorySegment.copy(chunk, 0, query, ValueLayout.JAVA_BYTE, offset, chunk.length);
            offset += chunk.length;
        }
        return query;
    }

    private static ClickHouseException tooLarge(long maxBytes) {
        return new ClickHouseException(HttpStatusMapping.QueryTooLarge.CODE, "Code: 393. DB::Exception: The request "
                + "is larger than the embedded engine's limit of " + maxBytes + " bytes. (QUERY_IS_TOO_LARGE)");
    }
}
