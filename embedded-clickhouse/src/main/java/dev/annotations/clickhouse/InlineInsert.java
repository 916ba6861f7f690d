package dev.annotations.clickhouse;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the data of an {@code INSERT ... FORMAT name <data>} or {@code INSERT ... VALUES <rows>} statement
 * starts, and the statement rewritten to read that data from a file instead:
 * {@code INSERT ... SELECT * FROM file('<path>', '<format>')}.
 *
 * <p>chDB runs statement text the way clickhouse-client runs a script, and two client habits make inline
 * data unsafe in a library: the data ends at the first empty line ({@code "\n\n"}, which binary formats
 * hold by chance and text formats as an empty value) with the rest run as more SQL, and whatever waits
 * on the process's standard input is appended to the data (so a JVM whose stdin is a pipe, as under
 * Maven's surefire, loses that input to the insert and the insert fails). {@code FROM INFILE} still
 * appends stdin; an INSERT ... SELECT from the {@code file} table function never touches it, and it fills
 * DEFAULT columns and reads VALUES expressions exactly as inline data does.
 *
 * <p>The scan covers what clients send: {@code INSERT INTO [TABLE] [db.]table | FUNCTION f(...)}, an
 * optional column list, optional {@code SETTINGS}, then {@code FORMAT name} or {@code VALUES}. Anything
 * else (SELECT, FROM INFILE, PARTITION BY) is not an inline insert and runs as it is.
 *
 * @param dataKeyword where the FORMAT or VALUES keyword starts; the statement before it is kept
 * @param format      the data's format ({@code Values} for VALUES)
 * @param dataOffset  where the data starts
 * @param settingsClause whether the statement has its own {@code SETTINGS} before the data
 */
record InlineInsert(int dataKeyword, String format, int dataOffset, boolean settingsClause) {
    /** The statement before the data is short; only this much of a query is scanned for it. */
    static final int STATEMENT_HEAD = 64 * 1024;
    private static final String VALUES = "VALUES";

    /**
     * Finds the inline insert at the start of {@code query} when its statement lies in the first
     * {@link #STATEMENT_HEAD} bytes. The spool and {@link SingleStatement} both ask here, so they agree on
     * where the data starts.
     */
    static Optional<InlineInsert> find(MemorySegment query) {
        byte[] head = query.asSlice(0, Math.min(query.byteSize(), STATEMENT_HEAD)).toArray(ValueLayout.JAVA_BYTE);
        return find(head)
                // a statement cut off by the head might continue with more blanks or a line break
                .filter(found -> found.dataOffset() + 2 < head.length || head.length == query.byteSize());
    }

    /** Finds the inline insert at the start of {@code head} (the statement's first bytes), if it is one. */
    static Optional<InlineInsert> find(byte[] head) {
        // ISO-8859-1 maps each byte to one char, so string positions are byte offsets
        Cursor cursor = new Cursor(new String(head, StandardCharsets.ISO_8859_1));
        if (!cursor.keyword("INSERT") || !cursor.keyword("INTO")) {
            return Optional.empty();
        }
        cursor.keyword("TABLE");
        if (cursor.keyword("FUNCTION")) {
            if (!cursor.identifier() || cursor.parenthesised() != Parens.CLOSED) {
                return Optional.empty();
            }
        } else if (!cursor.identifier() || (cursor.symbol('.') && !cursor.identifier())) {
            return Optional.empty();
        }
        if (cursor.parenthesised() == Parens.UNCLOSED) {
            return Optional.empty();
        }
        boolean settingsClause = cursor.keyword("SETTINGS");
        if (settingsClause && !cursor.skipToDataKeyword()) {
            return Optional.empty();
        }
        cursor.skipBlanks();
        int dataKeyword = cursor.position();
        if (cursor.keyword(VALUES)) {
            return Optional.of(new InlineInsert(dataKeyword, "Values", cursor.position(), settingsClause));
        }
        if (!cursor.keyword("FORMAT")) {
            return Optional.empty();
        }
        String format = cursor.bareWord();
        if (format == null) {
            return Optional.empty();
        }
        return Optional.of(new InlineInsert(dataKeyword, format, dataStart(head, cursor.position()), settingsClause));
    }

    /** Whether the data follows the VALUES keyword (SQL literals), not {@code FORMAT name} (data in that format). */
    boolean hasValuesKeyword() {
        // the data starts right after VALUES; after FORMAT there is at least a name in between
        return dataOffset - dataKeyword == VALUES.length();
    }

    /** The statement of {@code query}, reading its data from {@code file} (uncompressed, named without a compression suffix). */
    byte[] statementReadingFrom(byte[] query, Path file) {
        return statementReadingFrom(query, file, Map.of());
    }

    /**
     * Like {@link #statementReadingFrom(byte[], Path)}, carrying {@code settings} in its own clause
     * ({@code INSERT ... SETTINGS s = 'v', ... SELECT * FROM file(...)}), so that the connection need not be
     * changed for them. Only a statement without a SETTINGS clause of its own may be given any.
     */
    byte[] statementReadingFrom(byte[] query, Path file, Map<String, String> settings) {
        if (settingsClause && !settings.isEmpty()) {
            throw new IllegalArgumentException("the statement has its own SETTINGS clause");
        }
        StringBuilder tail = new StringBuilder(128);
        if (!settings.isEmpty()) {
            tail.append("SETTINGS ");
            settings.forEach((name, value) -> tail.append(tail.length() > "SETTINGS ".length() ? ", " : "")
                    .append(name).append(" = ").append(ConnectionState.quoteString(value)));
            tail.append(' ');
        }
        tail.append("SELECT * FROM file(").append(ConnectionState.quoteString(file.toAbsolutePath().toString()))
                .append(", ").append(ConnectionState.quoteString(format)).append(')');
        ByteArrayOutputStream statement = new ByteArrayOutputStream(dataKeyword + tail.length());
        statement.write(query, 0, dataKeyword);
        statement.writeBytes(tail.toString().getBytes(StandardCharsets.UTF_8));
        return statement.toByteArray();
    }

    /** As ClickHouse's parser: blanks after the format name, then at most one line break, belong to the statement. */
    private static int dataStart(byte[] query, int position) {
        int data = position;
        while (data < query.length && (query[data] == ' ' || query[data] == '\t' || query[data] == '\f')) {
            data++;
        }
        if (data < query.length && query[data] == '\r') {
            data++;
        }
        if (data < query.length && query[data] == '\n') {
            data++;
        }
        return data;
    }

    private enum Parens { NONE, CLOSED, UNCLOSED }

    /** A forward-only reader of SQL tokens: keywords, identifiers, quoted text, comments. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        int position() {
            return position;
        }

        boolean keyword(String word) {
            skipBlanks();
            if (atWord(word)) {
                position += word.length();
                return true;
            }
            return false;
        }

        boolean symbol(char symbol) {
            skipBlanks();
            if (position < text.length() && text.charAt(position) == symbol) {
                position++;
                return true;
            }
            return false;
        }

        /** A bare or quoted identifier. */
        boolean identifier() {
            skipBlanks();
            if (position >= text.length()) {
                return false;
            }
            char first = text.charAt(position);
            if (first == '`' || first == '"') {
                return skipQuoted(first);
            }
            return bareWord() != null;
        }

        String bareWord() {
            skipBlanks();
            int start = position;
            if (position < text.length() && isWordStart(text.charAt(position))) {
                while (position < text.length() && isWordPart(text.charAt(position))) {
                    position++;
                }
                return text.substring(start, position);
            }
            return null;
        }

        Parens parenthesised() {
            skipBlanks();
            if (position >= text.length() || text.charAt(position) != '(') {
                return Parens.NONE;
            }
            int depth = 0;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '\'' || c == '`' || c == '"') {
                    if (!skipQuoted(c)) {
                        return Parens.UNCLOSED;
                    }
                    continue;
                }
                position++;
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return Parens.CLOSED;
                }
            }
            return Parens.UNCLOSED;
        }

        /** Skips a SETTINGS list up to FORMAT or VALUES at the top level; false when something else ends it. */
        boolean skipToDataKeyword() {
            while (true) {
                skipBlanks();
                if (position >= text.length() || atWord("SELECT") || atWord("WITH")) {
                    return false;
                }
                if (atWord("FORMAT") || atWord("VALUES")) {
                    return true;
                }
                char c = text.charAt(position);
                if (c == '\'' || c == '`' || c == '"') {
                    if (!skipQuoted(c)) {
                        return false;
                    }
                } else if (isWordStart(c)) {
                    bareWord();
                } else {
                    position++;
                }
            }
        }

        private boolean atWord(String word) {
            int end = position + word.length();
            return text.regionMatches(true, position, word, 0, word.length())
                    && (end == text.length() || !isWordPart(text.charAt(end)));
        }

        /** Skips quoted text opened at the cursor, honouring backslash escapes and doubled quotes. */
        private boolean skipQuoted(char quote) {
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '\\') {
                    position++;
                } else if (c == quote) {
                    if (position < text.length() && text.charAt(position) == quote) {
                        position++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        void skipBlanks() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (Character.isWhitespace(c)) {
                    position++;
                } else if (text.startsWith("--", position) || text.startsWith("//", position)
                        || text.startsWith("# ", position) || text.startsWith("#!", position)) {
                    int end = text.indexOf('\n', position);
                    position = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", position)) {
                    position = blockCommentEnd();
                } else {
                    return;
                }
            }
        }

        /** Block comments nest, as in the engine's lexer; an unclosed one runs to the end. */
        private int blockCommentEnd() {
            int depth = 0;
            int i = position;
            while (i + 1 < text.length()) {
                if (text.startsWith("/*", i)) {
                    depth++;
                    i += 2;
                } else if (text.startsWith("*/", i)) {
                    i += 2;
                    if (--depth == 0) {
                        return i;
                    }
                } else {
                    i++;
                }
            }
            return text.length();
        }

        private static boolean isWordStart(char c) {
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
        }

        private static boolean isWordPart(char c) {
            return isWordStart(c) || (c >= '0' && c <= '9') || c == '$';
        }
    }
}
