package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Splits SQL text into tokens where ClickHouse's lexer ({@code src/Parsers/Lexer.cpp}) splits it, reading
 * the bytes in place (the text may be a 1 GiB request body) in one forward pass.
 *
 * <p>Only where a token ends, and whether it counts, is reproduced: a {@code ;} is only a statement end
 * if the engine's lexer sees it outside every string, comment and heredoc. A token boundary placed one
 * byte off can turn a quote into the start of a string and hide a real {@code ;}, so the rules that move
 * boundaries are all here: nested block comments, {@code //} and {@code # } comments, heredocs
 * ({@code $tag$...$tag$}), Unicode quotes and whitespace, and number syntax (an exponent's sign is part
 * of the number, but not after a {@code .} that accesses a tuple element).
 */
final class SqlLexer {
    /** The token classes that decide how the next token is read, or whether a statement has ended. */
    enum Kind {
        /** Whitespace or a closed comment. */
        BLANK, SEMICOLON, DOT, NUMBER, WORD, QUOTED_IDENTIFIER, CLOSING_BRACKET,
        /** Any other token, including strings, heredocs, operators and lexical errors. */
        OTHER,
        /** A {@code $} that may open a heredoc, left undecided to keep lexing linear (see {@link HeredocSearch}). */
        UNDECIDED,
        END
    }

    private final MemorySegment text;
    private final long end;
    private final HeredocSearch heredocs;
    private long position;
    private long tokenStart;
    private Kind previousSignificant = Kind.BLANK;

    /** A lexer over the first {@code end} bytes of {@code text}. */
    SqlLexer(MemorySegment text, long end) {
        this.text = text;
        this.end = end;
        this.heredocs = new HeredocSearch(text, end);
    }

    /** Where the token last returned by {@link #next()} starts. */
    long tokenStart() {
        return tokenStart;
    }

    /** Where the token last returned by {@link #next()} ends (exclusive). */
    long tokenEnd() {
        return position;
    }

    /** Reads the next token; {@link Kind#UNDECIDED} does not move on, so it is only worth stopping at. */
    Kind next() {
        tokenStart = position;
        if (position >= end) {
            return Kind.END;
        }
        Kind kind = read();
        if (kind != Kind.BLANK) {
            previousSignificant = kind;
        }
        return kind;
    }

    private Kind read() {
        int c = at(position);
        switch (c) {
            case ' ', '\t', '\n', '\r', '\f', 0x0B -> {
                long i = position + 1;
                while (i < end && isAsciiWhitespace(at(i))) {
                    i++;
                }
                position = i;
                return Kind.BLANK;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                return number();
            }
            case '\'' -> {
                position = quotedEnd('\'');
                return Kind.OTHER;
            }
            case '"', '`' -> {
                position = quotedEnd(c);
                return Kind.QUOTED_IDENTIFIER;
            }
            case ')', ']' -> {
                position++;
                return Kind.CLOSING_BRACKET;
            }
            case ';' -> {
                position++;
                return Kind.SEMICOLON;
            }
            case '.' -> {
                return dotOrNumber();
            }
            case '-' -> {
                if (is(position + 1, '-')) {
                    position = lineEnd(position + 2);
                    return Kind.BLANK;
                }
                position += is(position + 1, '>') ? 2 : 1;
                return Kind.OTHER;
            }
            case '/' -> {
                if (is(position + 1, '/')) {
                    position = lineEnd(position + 2);
                    return Kind.BLANK;
                }
                if (is(position + 1, '*')) {
                    return blockComment();
                }
                position++;
                return Kind.OTHER;
            }
            case '#' -> {
                // a comment only before a space or '!' ("#!" for a shebang line); else an error token
                if (is(position + 1, ' ') || is(position + 1, '!')) {
                    position = lineEnd(position + 2);
                    return Kind.BLANK;
                }
                position++;
                return Kind.OTHER;
            }
            case '\\' -> {
                // "\G" is one token: its G must not start a word that would swallow a following '$'
                position += is(position + 1, 'G') ? 2 : 1;
                return Kind.OTHER;
            }
            case 0xE2 -> {
                Kind unicode = unicodeQuoteOrMinus();
                return unicode != null ? unicode : other();
            }
            default -> {
                return other();
            }
        }
    }

    /** Heredocs, hex and binary strings, words, Unicode whitespace, and one-byte tokens. */
    private Kind other() {
        int c = at(position);
        if (c == '$') {
            long heredocEnd = heredocs.endOfHeredocAt(position);
            if (heredocEnd == HeredocSearch.UNDECIDED) {
                return Kind.UNDECIDED;
            }
            if (heredocEnd >= 0) {
                position = heredocEnd;
                return Kind.OTHER;
            }
            if (position + 1 == end || !isWordChar(at(position + 1))) {
                position++;
                return Kind.OTHER;
            }
        }
        if (position + 2 < end && at(position + 1) == '\'' && (c == 'x' || c == 'X' || c == 'b' || c == 'B')) {
            return hexOrBinaryString(c == 'x' || c == 'X');
        }
        if (isWordChar(c) || c == '$') {
            position++;
            while (position < end && (isWordChar(at(position)) || at(position) == '$')) {
                position++;
            }
            return Kind.WORD;
        }
        long afterWhitespace = unicodeWhitespaceEnd(position);
        if (afterWhitespace > position) {
            position = afterWhitespace;
            return Kind.BLANK;
        }
        position++;
        return Kind.OTHER;
    }

    private Kind number() {
        long start = position;
        if (previousSignificant == Kind.DOT) {
            // after a tuple access dot only a plain integer: x.1.1 is x . 1 . 1
            position++;
            while (position < end && (isDigit(at(position)) || isNumberSeparator(false, false, position))) {
                position++;
            }
        } else {
            boolean hex = false;
            boolean blockStart = false;
            if (position + 2 < end && at(position) == '0' && "xXbB".indexOf(at(position + 1)) >= 0) {
                boolean hexPrefix = at(position + 1) == 'x' || at(position + 1) == 'X';
                boolean valid = hexPrefix ? isHexDigit(at(position + 2)) : at(position + 2) == '0' || at(position + 2) == '1';
                hex = hexPrefix && valid;
                blockStart = valid;
                position += valid ? 2 : 1;
            } else {
                position++;
            }
            skipDigits(hex, blockStart);
            if (position < end && at(position) == '.') {
                position++;
                skipDigits(hex, true);
            }
            skipExponent(hex);
        }
        if (position < end && isWordChar(at(position))) {
            // "1abc" is a word; "1.5abc" is an error token
            while (position < end && isWordChar(at(position))) {
                position++;
            }
            for (long i = start; i < position; i++) {
                if (!isWordChar(at(i)) && at(i) != '$') {
                    return Kind.OTHER;
                }
            }
            return Kind.WORD;
        }
        return Kind.NUMBER;
    }

    private Kind dotOrNumber() {
        boolean digitNext = position + 1 < end && isDigit(at(position + 1));
        if (position > 0 && (!digitNext || previousSignificant == Kind.CLOSING_BRACKET || previousSignificant == Kind.WORD
                || previousSignificant == Kind.QUOTED_IDENTIFIER || previousSignificant == Kind.NUMBER)) {
            position++;
            return Kind.DOT;
        }
        position++;
        skipDigits(false, true);
        skipExponent(false);
        return Kind.NUMBER;
    }

    private void skipDigits(boolean hex, boolean blockStart) {
        boolean atBlockStart = blockStart;
        while (position < end && ((hex ? isHexDigit(at(position)) : isDigit(at(position)))
                || isNumberSeparator(atBlockStart, hex, position))) {
            position++;
            atBlockStart = false;
        }
    }

    private void skipExponent(boolean hex) {
        if (position + 1 < end && (hex ? at(position) == 'p' || at(position) == 'P' : at(position) == 'e' || at(position) == 'E')) {
            position++;
            if (position + 1 < end && (at(position) == '-' || at(position) == '+')) {
                position++;
            }
            skipDigits(false, true);
        }
    }

    /** An underscore between digits, as in 1_000. */
    private boolean isNumberSeparator(boolean blockStart, boolean hex, long at) {
        return at(at) == '_' && !blockStart && at + 1 < end && (hex ? isHexDigit(at(at + 1)) : isDigit(at(at + 1)));
    }

    /** After quoted text opened at the cursor: doubled quotes and backslash escapes stay inside; unclosed runs to the end. */
    private long quotedEnd(int quote) {
        long i = position + 1;
        while (i < end) {
            i = firstOf(i, end, quote, '\\');
            if (i >= end) {
                break;
            }
            int c = at(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < end && at(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return end;
    }

    private Kind hexOrBinaryString(boolean hex) {
        long i = position + 2;
        while (i < end && (hex ? isHexDigit(at(i)) : at(i) == '0' || at(i) == '1')) {
            i++;
        }
        // anything else before the closing quote makes the rest of the text one error token
        position = i < end && at(i) == '\'' ? i + 1 : end;
        return Kind.OTHER;
    }

    /** Block comments nest; an unclosed one is an error token running to the end. */
    private Kind blockComment() {
        long i = position + 2;
        int depth = 1;
        while (i + 2 <= end) {
            if (at(i) == '/' && at(i + 1) == '*') {
                i += 2;
                depth++;
            } else if (at(i) == '*' && at(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    position = i;
                    return Kind.BLANK;
                }
            } else {
                i++;
            }
        }
        position = end;
        return Kind.OTHER;
    }

    /** ‘string’ and “identifier” (no escapes), and the minus sign U+2212; null for any other E2 sequence. */
    private Kind unicodeQuoteOrMinus() {
        if (position + 3 <= end && at(position + 1) == 0x88 && at(position + 2) == 0x92) {
            position += 3;
            return Kind.OTHER;
        }
        if (position + 5 < end && at(position + 1) == 0x80 && (at(position + 2) == 0x98 || at(position + 2) == 0x9C)) {
            int closing = at(position + 2) + 1;
            long i = position + 3;
            while (true) {
                i = firstOf(i, end, 0xE2, 0xE2);
                if (i + 2 >= end) {
                    position = end;
                    return Kind.OTHER;
                }
                if (at(i + 1) == 0x80 && at(i + 2) == closing) {
                    position = i + 3;
                    return closing == 0x99 ? Kind.OTHER : Kind.QUOTED_IDENTIFIER;
                }
                i++;
            }
        }
        return null;
    }

    private long lineEnd(long from) {
        return firstOf(from, end, '\n', '\n');
    }

    /** The first offset from {@code from} holding byte {@code a} or {@code b}, else {@code limit}. */
    private long firstOf(long from, long limit, int a, int b) {
        for (long i = from; i < limit; i++) {
            int c = at(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return limit;
    }

    /** After the ASCII and Unicode whitespace at {@code from} (U+0085, U+00A0, U+2000..U+200D, U+3000, BOM and others). */
    private long unicodeWhitespaceEnd(long from) {
        long i = from;
        while (i < end) {
            int c = at(i);
            if (isAsciiWhitespace(c)) {
                i++;
            } else if (i + 1 < end && c == 0xC2 && (at(i + 1) == 0x85 || at(i + 1) == 0xA0)) {
                i += 2;
            } else if (i + 2 < end && isThreeByteWhitespace(c, at(i + 1), at(i + 2))) {
                i += 3;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isThreeByteWhitespace(int first, int second, int third) {
        return switch (first) {
            case 0xE1 -> second == 0xA0 && third == 0x8E;
            case 0xE2 -> (second == 0x80 && ((third >= 0x80 && third <= 0x8D) || third == 0xA8 || third == 0xA9 || third == 0xAF))
                    || (second == 0x81 && (third == 0x9F || third == 0xA0));
            case 0xE3 -> second == 0x80 && third == 0x80;
            case 0xEF -> second == 0xBB && third == 0xBF;
            default -> false;
        };
    }

    private boolean is(long at, char expected) {
        return at < end && at(at) == expected;
    }

    private int at(long offset) {
        return text.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    private static boolean isAsciiWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWordChar(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
