package dev.annotations.clickhouse;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The significant tokens of SQL text (no whitespace, no comments), as {@link SqlLexer} splits them, with
 * what the rules of {@link StatementGuard} and {@link SynchronousDrop} need to know of each: a name's
 * value as ClickHouse reads it (unquoted, escapes undone, lower-cased), or the single character of a
 * one-character token.
 */
final class SqlTokens {
    /** What a significant token is, as far as the rules care. */
    enum Type {
        /** A bare word or a quoted identifier. */
        NAME,
        /** A string literal: quoted, heredoc or Unicode-quoted. */
        STRING,
        /** Any other single-character token, e.g. {@code (} or {@code =}. */
        SYMBOL,
        /** A number, a multi-character operator, a lexical error. */
        OTHER,
        /** The lexer gave up deciding heredocs (see {@link HeredocSearch}): the rest cannot be judged token by token. */
        UNDECIDED,
        END
    }

    /** Names longer than this are never one the rules look for. */
    private static final int LONGEST_NAME = 64;
    /**
     * A quoted name or string is decoded up to this many bytes: escapes such as {@code \N} (nothing) can make
     * a long one read as a short name, so its raw length says nothing. A longer one reads as {@link #UNREADABLE}.
     */
    private static final int LONGEST_QUOTED = 64 * 1024;
    /** The value of a quoted token too long to decode; no rule's name, so callers must treat it as doubt. */
    static final String UNREADABLE = "\u0000unreadable";

    private final MemorySegment text;
    private final SqlLexer lexer;
    private Type type;
    private long start;
    private long end;
    private String name;
    private boolean word;
    private boolean valueRead;

    SqlTokens(MemorySegment text, long end) {
        this.text = text;
        this.lexer = new SqlLexer(text, end);
    }

    /** Moves to the next significant token and returns its type. */
    Type next() {
        SqlLexer.Kind kind;
        do {
            kind = lexer.next();
        } while (kind == SqlLexer.Kind.BLANK);
        start = lexer.tokenStart();
        name = null;
        type = switch (kind) {
            case END -> Type.END;
            case UNDECIDED -> Type.UNDECIDED;
            case WORD, QUOTED_IDENTIFIER -> Type.NAME;
            case OTHER -> otherType();
            case DOT, SEMICOLON, CLOSING_BRACKET -> Type.SYMBOL;
            default -> Type.OTHER;
        };
        end = type == Type.END || type == Type.UNDECIDED ? start : lexer.tokenEnd();
        word = kind == SqlLexer.Kind.WORD;
        valueRead = false;
        return type;
    }

    Type type() {
        return type;
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /**
     * The name's or string's value, lower-cased; null for anything else or anything longer than any rule's
     * name; {@link #UNREADABLE} for a quoted one too long to decode. Read when asked: most tokens of a large
     * INSERT … VALUES are strings no rule looks at.
     */
    String value() {
        if (!valueRead) {
            valueRead = true;
            long length = end - start;
            if (type == Type.NAME && word) {
                name = length <= LONGEST_NAME ? ascii(start, end).toLowerCase(Locale.ROOT) : null;
            } else if ((type == Type.NAME || type == Type.STRING) && length > LONGEST_QUOTED) {
                name = UNREADABLE;
            } else if (type == Type.NAME || type == Type.STRING) {
                String decoded = unquoted();
                name = decoded.length() <= LONGEST_NAME ? decoded.toLowerCase(Locale.ROOT) : null;
            }
        }
        return name;
    }

    /** The character of a {@link Type#SYMBOL}. */
    char symbol() {
        return (char) at(start);
    }

    private Type otherType() {
        int first = at(lexer.tokenStart());
        long length = lexer.tokenEnd() - lexer.tokenStart();
        boolean unicodeQuoted = first == 0xE2 && length >= 3 && at(lexer.tokenStart() + 1) == 0x80
                && at(lexer.tokenStart() + 2) == 0x98;
        boolean hexOrBinary = length > 2 && "xXbB".indexOf(first) >= 0 && at(lexer.tokenStart() + 1) == '\'';
        if (first == '\'' || (first == '$' && length > 1) || unicodeQuoted || hexOrBinary) {
            return Type.STRING;
        }
        return length == 1 ? Type.SYMBOL : Type.OTHER;
    }

    /**
     * A quoted token's value the way ClickHouse's {@code readAnyQuotedString} reads it: a doubled quote is
     * one, {@code \xHH} a byte, {@code \N} nothing, the control escapes their character, a backslash before
     * a quote, backslash, {@code _} or {@code %} is dropped, and before anything else kept.
     */
    private String unquoted() {
        int first = at(start);
        if ("xXbB".indexOf(first) >= 0) {
            return hexOrBinary(first == 'x' || first == 'X');
        }
        if (first == 0xE2) {
            return utf8(start + 3, Math.max(start + 3, end - 3));
        }
        if (first == '$') {
            long tagEnd = start + 1;
            while (tagEnd < end && at(tagEnd) != '$') {
                tagEnd++;
            }
            long tagLength = tagEnd - start + 1;
            return utf8(Math.min(end, tagEnd + 1), Math.max(tagEnd + 1, end - tagLength));
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream((int) (end - start));
        long last = at(end - 1) == first && end - start >= 2 ? end - 1 : end;
        for (long i = start + 1; i < last; i++) {
            int c = at(i);
            if (c == first && i + 1 < last && at(i + 1) == first) {
                value.write(c);
                i++;
            } else if (c == '\\' && i + 1 < last) {
                i = escape(i + 1, last, value);
            } else {
                value.write(c);
            }
        }
        return value.toString(StandardCharsets.UTF_8);
    }

    /** {@code x'66696C65'} and {@code b'01100110'} are strings too; an unclosed or malformed one reads as empty. */
    private String hexOrBinary(boolean hex) {
        int digitsPerByte = hex ? 2 : 8;
        long digits = end - start - 3;
        if (digits < 0 || at(end - 1) != '\'' || digits % digitsPerByte != 0) {
            return "";
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream((int) (digits / digitsPerByte));
        for (long i = start + 2; i < end - 1; i += digitsPerByte) {
            value.write(Integer.parseInt(ascii(i, i + digitsPerByte), hex ? 16 : 2));
        }
        return value.toString(StandardCharsets.UTF_8);
    }

    /** Reads the escape whose character is at {@code at}; returns the offset of its last byte. */
    private long escape(long at, long limit, ByteArrayOutputStream value) {
        int c = at(at);
        if (c == 'x' && at + 2 < limit && isHex(at(at + 1)) && isHex(at(at + 2))) {
            value.write(Character.digit(at(at + 1), 16) * 16 + Character.digit(at(at + 2), 16));
            return at + 2;
        }
        if (c == 'N') {
            return at;
        }
        int decoded = switch (c) {
            case 'a' -> 0x07;
            case 'b' -> 0x08;
            case 'e' -> 0x1B;
            case 'f' -> 0x0C;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 0x0B;
            case '0' -> 0;
            default -> c;
        };
        if (decoded != '\\' && decoded != '\'' && decoded != '"' && decoded != '`' && decoded != '_' && decoded != '%'
                && decoded >= 0x20 && decoded != 0x7F) {
            value.write('\\');
        }
        value.write(decoded);
        return at;
    }

    private static boolean isHex(int c) {
        return Character.digit(c, 16) >= 0;
    }

    private String ascii(long from, long to) {
        byte[] bytes = text.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private String utf8(long from, long to) {
        return new String(text.asSlice(from, Math.max(0, to - from)).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private int at(long offset) {
        return text.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }
}
