package dev.annotations.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The handful of chDB C functions this module calls, bound once through the FFM API.
 *
 * <p>Signatures follow chDB's {@code chdb.h} (the {@code chdb_connection} / {@code chdb_result} API of
 * chDB 26.x). Only the binary-safe, length-taking query calls are used, so RowBinary payloads and
 * values containing NUL bytes pass through intact.
 */
final class ChdbLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    final MethodHandle connect;          // chdb_connection* chdb_connect(int argc, char** argv)
    final MethodHandle closeConnection;  // void chdb_close_conn(chdb_connection* conn)
    final MethodHandle queryN;           // chdb_result* chdb_query_n(conn, query, len, format, len)
    final MethodHandle queryWithParamsN; // chdb_result* chdb_query_with_params_n(...)
    final MethodHandle resultBuffer;     // char* chdb_result_buffer(chdb_result*)
    final MethodHandle resultLength;     // size_t chdb_result_length(chdb_result*)
    final MethodHandle resultError;      // const char* chdb_result_error(chdb_result*)
    final MethodHandle resultElapsed;    // double chdb_result_elapsed(chdb_result*)
    final MethodHandle resultRowsRead;   // uint64_t chdb_result_rows_read(chdb_result*)
    final MethodHandle resultBytesRead;
    final MethodHandle resultRowsWritten;
    final MethodHandle resultBytesWritten;
    final MethodHandle destroyResult;    // void chdb_destroy_query_result(chdb_result*)

    private ChdbLibrary(SymbolLookup lookup) {
        connect = bind(lookup, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConnection = bind(lookup, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        queryN = bind(lookup, "chdb_query_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        queryWithParamsN = bind(lookup, "chdb_query_with_params_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG,
                        ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        resultBuffer = bind(lookup, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = bind(lookup, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = bind(lookup, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultElapsed = bind(lookup, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = bind(lookup, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = bind(lookup, "chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = bind(lookup, "chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = bind(lookup, "chdb_result_bytes_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        destroyResult = bind(lookup, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** Loads {@code libchdb.so} for the life of the process (chDB boots once per process). */
    static ChdbLibrary load(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("chDB library not found at " + library
                    + ": run ./run (or scripts/fetch-chdb.sh) to fetch it, or set CHDB_LIBRARY");
        }
        return new ChdbLibrary(SymbolLookup.libraryLookup(library, Arena.global()));
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("chDB library lacks symbol " + name
                        + ": expected chDB " + ChdbLibraryLocator.CHDB_VERSION));
        return LINKER.downcallHandle(symbol, descriptor);
    }
}
