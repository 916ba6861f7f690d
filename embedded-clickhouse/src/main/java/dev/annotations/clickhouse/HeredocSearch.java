package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where a heredoc ({@code $tag$ ... $tag$}) ends, as ClickHouse's lexer decides it: at a {@code $} that
 * starts a token, the tag runs to the next {@code $}, and the heredoc closes at the next copy of the tag
 * anywhere after it. Without a copy, the {@code $} is an ordinary token.
 *
 * <p>A {@code $} without a closing copy costs a search to the end of the text, so text full of them would
 * take quadratic time to lex. The searches share a budget of a few times the text's length; once it is
 * spent the answer is {@link #UNDECIDED} and the caller must judge the rest of the text without lexing it.
 */
final class HeredocSearch {
    /** Returned when deciding would overspend the budget. */
    static final long UNDECIDED = -2;
    private static final long NOT_A_HEREDOC = -1;
    /** Closing-tag searches may read this many bytes per byte of text, plus a constant. */
    private static final long BUDGET_FACTOR = 4;
    private static final long BUDGET_CONSTANT = 1 << 20;

    private final MemorySegment text;
    private final long end;
    private long budget;
    /** The first '$' at or after {@link #dollarSearchedFrom}, or -1: heredocs are looked up front to back. */
    private long nextDollar = -1;
    private long dollarSearchedFrom = Long.MAX_VALUE;

    HeredocSearch(MemorySegment text, long end) {
        this.text = text;
        this.end = end;
        this.budget = BUDGET_FACTOR * end + BUDGET_CONSTANT;
    }

    /**
     * Where the heredoc opened by the '$' at {@code dollar} ends (exclusive), -1 when there is none, or
     * {@link #UNDECIDED}. Calls must come with increasing {@code dollar}.
     */
    long endOfHeredocAt(long dollar) {
        long tagEnd = nextDollarFrom(dollar + 1);
        if (tagEnd < 0) {
            return NOT_A_HEREDOC;
        }
        long tagLength = tagEnd - dollar + 1;
        long limit = Math.min(end, tagEnd + 1 + budget);
        // A copy of the tag holds no '$' inside, so it starts at a '$' whose next '$' is tagLength - 1 further:
        // walking from '$' to '$' reads each stretch of text once.
        long candidate = firstDollar(tagEnd + 1, limit);
        while (candidate >= 0) {
            long following = firstDollar(candidate + 1, limit);
            if (following < 0) {
                break;
            }
            if (following - candidate == tagLength - 1
                    && MemorySegment.mismatch(text, dollar, tagEnd + 1, text, candidate, following + 1) == -1) {
                budget -= following - tagEnd;
                return following + 1;
            }
            candidate = following;
        }
        if (limit < end) {
            return UNDECIDED;
        }
        budget -= end - tagEnd;
        return NOT_A_HEREDOC;
    }

    /** Amortised: the tag ends of successive heredoc candidates are found in one pass over the text. */
    private long nextDollarFrom(long from) {
        if (from < dollarSearchedFrom || (nextDollar >= 0 && from > nextDollar)) {
            nextDollar = firstDollar(from, end);
            dollarSearchedFrom = from;
        }
        return nextDollar;
    }

    private long firstDollar(long from, long limit) {
        for (long i = from; i < limit; i++) {
            if (text.get(ValueLayout.JAVA_BYTE, i) == '$') {
                return i;
            }
        }
        return -1;
    }
}
