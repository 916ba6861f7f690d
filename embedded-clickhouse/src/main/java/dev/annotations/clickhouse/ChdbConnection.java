package dev.annotations.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One chDB connection. chDB runs one statement at a time per connection, so a connection is used by
 * one thread at a time (the {@link ConnectionPool} hands it out exclusively).
 *
 * <p>It also remembers the session state the HTTP front put on it (current database and settings),
 * so that a request only pays for {@code USE}/{@code SET} when it differs from the previous one.
 */
final class ChdbConnection implements AutoCloseable {
    static final String DEFAULT_DATABASE = "default";

    private final ChdbLibrary library;
    private final MemorySegment connectionPointer;
    private final MemorySegment connection;
    private boolean closed;

    String currentDatabase = DEFAULT_DATABASE;
    final Map<String, String> appliedSettings = new HashMap<>();

    private ChdbConnection(ChdbLibrary library, MemorySegment connectionPointer) {
        this.library = library;
        this.connectionPointer = connectionPointer;
        this.connection = connectionPointer.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }

    /** Opens a connection; the first one boots the engine on {@code dataDirectory}. */
    static ChdbConnection open(ChdbLibrary library, List<String> arguments) {
        MemorySegment pointer = SignalHandlerGuard.preservingJvmHandlers(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment argv = arena.allocate(ADDRESS, arguments.size());
                for (int i = 0; i < arguments.size(); i++) {
                    argv.setAtIndex(ADDRESS, i, arena.allocateFrom(arguments.get(i)));
                }
                return (MemorySegment) library.connect.invokeExact(arguments.size(), argv);
            } catch (Throwable e) {
                throw new IllegalStateException("chdb_connect failed", e);
            }
        });
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("chdb_connect returned no connection for arguments " + arguments
                    + " (is another process using the same data directory?)");
        }
        return new ChdbConnection(library, pointer);
    }

    /**
     * Runs one statement. {@code query} may carry inline data after the statement (for
     * {@code INSERT ... FORMAT X <data>}); it is passed with its length, so binary data survives.
     */
    ChdbResult query(MemorySegment query, String outputFormat, Map<String, String> parameters) {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            byte[] formatBytes = outputFormat.getBytes(StandardCharsets.UTF_8);
            MemorySegment format = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, formatBytes);
            MemorySegment handle;
            if (parameters.isEmpty()) {
                handle = (MemorySegment) library.queryN.invokeExact(
                        connection, query, query.byteSize(), format, (long) formatBytes.length);
            } else {
                int count = parameters.size();
                MemorySegment names = arena.allocate(ADDRESS, count);
                MemorySegment nameLengths = arena.allocate(JAVA_LONG, count);
                MemorySegment values = arena.allocate(ADDRESS, count);
                MemorySegment valueLengths = arena.allocate(JAVA_LONG, count);
                int i = 0;
                for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                    byte[] name = parameter.getKey().getBytes(StandardCharsets.UTF_8);
                    byte[] value = parameter.getValue().getBytes(StandardCharsets.UTF_8);
                    names.setAtIndex(ADDRESS, i, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, name));
                    nameLengths.setAtIndex(JAVA_LONG, i, name.length);
                    values.setAtIndex(ADDRESS, i, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, value));
                    valueLengths.setAtIndex(JAVA_LONG, i, value.length);
                    i++;
                }
                handle = (MemorySegment) library.queryWithParamsN.invokeExact(
                        connection, query, query.byteSize(), format, (long) formatBytes.length,
                        names, nameLengths, values, valueLengths, (long) count);
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new ClickHouseException(ClickHouseException.UNKNOWN_EXCEPTION,
                        "Code: 1002. DB::Exception: chDB returned no result");
            }
            return new ChdbResult(library, handle);
        } catch (ClickHouseException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("chDB query call failed", e);
        }
    }

    /** Runs a statement without inline data and returns its output as text; throws on an engine error. */
    String queryText(String sql, String outputFormat) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
            MemorySegment query = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            try (ChdbResult result = query(query, outputFormat, Map.of())) {
                String error = result.error();
                if (error != null) {
                    throw ClickHouseException.fromEngineMessage(error);
                }
                return new String(result.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            library.closeConnection.invokeExact(connectionPointer);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_close_conn failed", e);
        }
    }
}
