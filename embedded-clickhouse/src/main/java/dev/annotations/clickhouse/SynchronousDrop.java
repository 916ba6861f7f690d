package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/**
 * Runs {@code DROP … SYNC} (and its old spelling {@code NO DELAY}) as a plain {@code DROP}.
 *
 * <p>A synchronous drop waits until the engine's background task has removed the table's files, and
 * chDB never runs that task: {@code DROP TABLE t SYNC} and {@code DROP DATABASE d SYNC} never return,
 * holding their engine connection (seen for more than 900 s), and the process can no longer exit. A plain
 * drop returns at once with the table gone from the catalog and its name free again, which is all a
 * client can observe of a synchronous one here: the files of dropped tables are never removed while the
 * engine runs either way (they stay in {@code system.dropped_tables}). The keyword is overwritten with
 * spaces, so every other byte of the statement, and its positions in error messages, stay as sent.
 * {@link StatementGuard} refuses the setting that would make every drop synchronous.
 */
final class SynchronousDrop {
    /** Names after which a {@code SYNC} is a table or database called sync, not the keyword. */
    private static final Set<String> NAME_FOLLOWS = Set.of(
            "table", "view", "dictionary", "database", "exists", "temporary", "drop", "cluster");

    private SynchronousDrop() {
    }

    /** Blanks the SYNC or NO DELAY of a DROP statement in place; any other statement is left alone. */
    static void runWithoutWaiting(MemorySegment query) {
        SqlTokens tokens = new SqlTokens(query, query.byteSize());
        if (tokens.next() != SqlTokens.Type.NAME || !"drop".equals(tokens.value())) {
            return;
        }
        boolean previousAllowsKeyword = false;
        long keywordStart = -1;
        boolean sawNo = false;
        for (SqlTokens.Type type = tokens.next(); ; type = tokens.next()) {
            boolean ends = type == SqlTokens.Type.END || (type == SqlTokens.Type.SYMBOL && tokens.symbol() == ';')
                    || (type == SqlTokens.Type.NAME && ("settings".equals(tokens.value()) || "format".equals(tokens.value())));
            if (keywordStart >= 0 && !sawNo && ends) {
                blank(query, keywordStart, tokens.start());
                return;
            }
            if (type == SqlTokens.Type.END || type == SqlTokens.Type.UNDECIDED) {
                return;
            }
            String value = tokens.value();
            if (keywordStart >= 0 && sawNo && "delay".equals(value)) {
                sawNo = false;
                continue;
            }
            keywordStart = -1;
            sawNo = false;
            if (previousAllowsKeyword && ("sync".equals(value) || "no".equals(value))) {
                keywordStart = tokens.start();
                sawNo = "no".equals(value);
            }
            previousAllowsKeyword = (type == SqlTokens.Type.NAME && (value == null || !NAME_FOLLOWS.contains(value)))
                    || type == SqlTokens.Type.STRING;
        }
    }

    private static void blank(MemorySegment query, long from, long to) {
        // only the keyword's own bytes: what follows (SETTINGS, FORMAT) starts where it started
        for (long i = from; i < to; i++) {
            byte c = query.get(ValueLayout.JAVA_BYTE, i);
            if (c != '\n') {
                query.set(ValueLayout.JAVA_BYTE, i, (byte) ' ');
            }
        }
    }
}
