package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a query holding more than one statement, as a ClickHouse server refuses it over HTTP (code 62,
 * "Multi-statements are not allowed"). chDB runs statement text as a script and would run every
 * {@code ;}-separated statement, so one injected {@code ;} would be enough to run any SQL.
 *
 * <p>As on a server, the first statement may end with {@code ;} followed by more {@code ;}, whitespace and
 * comments. The data of an {@code INSERT ... FORMAT name} is not SQL and is never read; the rows of an
 * {@code INSERT ... VALUES} are SQL literals, so they are read, and a statement after them is refused.
 */
final class SingleStatement {
    private static final int SYNTAX_ERROR = 62;
    /** As much of the query as a server quotes in a syntax error. */
    private static final int QUOTED_BYTES = 160;
    private static final int CHUNK_BYTES = 64 * 1024;

    private SingleStatement() {
    }

    /** Throws {@link ClickHouseException} with code 62 when {@code query} holds a second statement. */
    static void require(MemorySegment query) {
        long terminator = secondStatementAfter(query);
        if (terminator >= 0) {
            throw refusal(query, terminator);
        }
    }

    /** Where the {@code ;} ending the first statement is when another statement follows it, else -1. */
    static long secondStatementAfter(MemorySegment query) {
        long end = InlineInsert.find(query)
                .filter(insert -> !insert.hasValuesKeyword())
                .map(insert -> (long) insert.dataOffset())
                .orElse(query.byteSize());
        // no statement can end after the last ';' byte: most bodies, VALUES included, hold none at all
        long lastSemicolon = lastSemicolon(query, end);
        if (lastSemicolon < 0) {
            return -1;
        }
        SqlLexer lexer = new SqlLexer(query, end);
        long terminator = -1;
        for (SqlLexer.Kind kind = lexer.next(); kind != SqlLexer.Kind.END; kind = lexer.next()) {
            if (terminator < 0 && lexer.tokenStart() > lastSemicolon) {
                return -1;
            }
            switch (kind) {
                case BLANK -> {
                }
                case SEMICOLON -> terminator = terminator < 0 ? lexer.tokenStart() : terminator;
                case UNDECIDED -> {
                    return terminator >= 0 ? terminator : anySemicolonBeforeMore(query, lexer.tokenStart(), end);
                }
                default -> {
                    if (terminator >= 0) {
                        return terminator;
                    }
                }
            }
        }
        return -1;
    }

    private static long lastSemicolon(MemorySegment query, long end) {
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, end)];
        for (long chunkEnd = end; chunkEnd > 0; chunkEnd -= chunk.length) {
            int length = (int) Math.min(chunk.length, chunkEnd);
            MemorySegment.copy(query, ValueLayout.JAVA_BYTE, chunkEnd - length, chunk, 0, length);
            for (int i = length - 1; i >= 0; i--) {
                if (chunk[i] == ';') {
                    return chunkEnd - length + i;
                }
            }
        }
        return -1;
    }

    /**
     * The conservative answer once exact lexing gave up (on pathological heredoc candidates): any
     * {@code ;} byte, in a string or not, followed by anything but whitespace and {@code ;}.
     */
    private static long anySemicolonBeforeMore(MemorySegment query, long from, long end) {
        long semicolon = -1;
        for (long i = from; i < end; i++) {
            byte c = query.get(ValueLayout.JAVA_BYTE, i);
            if (c == ';') {
                semicolon = semicolon < 0 ? i : semicolon;
            } else if (semicolon >= 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B) {
                return semicolon;
            }
        }
        return -1;
    }

    /** The server's message: the position (1-based), line and column when the query has several lines, and the text from there. */
    private static ClickHouseException refusal(MemorySegment query, long terminator) {
        StringBuilder message = new StringBuilder("Code: 62. DB::Exception: Syntax error (Multi-statements are not allowed): ")
                .append("failed at position ").append(terminator + 1).append(" (end of query)");
        long firstLineBreak = firstLineBreak(query);
        if (firstLineBreak >= 0 && firstLineBreak + 1 < query.byteSize()) {
            long line = 1;
            long lineStart = 0;
            for (long i = firstLineBreak; i < terminator; i++) {
                if (query.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            message.append(" (line ").append(line).append(", col ").append(terminator - lineStart + 1).append(')');
        }
        byte[] quoted = query.asSlice(terminator, Math.min(QUOTED_BYTES, query.byteSize() - terminator))
                .toArray(ValueLayout.JAVA_BYTE);
        message.append(": ").append(new String(quoted, StandardCharsets.UTF_8)).append(". . (SYNTAX_ERROR)");
        return new ClickHouseException(SYNTAX_ERROR, message.toString());
    }

    private static long firstLineBreak(MemorySegment query) {
        for (long i = 0; i < query.byteSize(); i++) {
            if (query.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
