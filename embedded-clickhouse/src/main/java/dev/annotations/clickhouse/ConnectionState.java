package dev.annotations.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Puts a request's database and settings on a connection before its statement runs.
 *
 * <p>On a ClickHouse server URL settings apply to one query. A chDB connection keeps state instead, so
 * the connection remembers what it has applied and only the difference is sent: a setting the previous
 * request used and this one does not goes back to its default. Clients that send the same settings on
 * every request (the JDBC driver does) pay for one {@code SET} per connection, not one per query.
 */
final class ConnectionState {
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** SET, USE or CREATE TEMPORARY after any whitespace and comments; possessive, so it never backtracks. */
    private static final Pattern LEAVES_STATE = Pattern.compile(
            "(?:\\s|--[^\\n]*+|#[^\\n]*+|/\\*.*?\\*/)*+(?:SET|USE|CREATE\\s++(?:OR\\s++REPLACE\\s++)?TEMPORARY)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** Such statements are short; a longer head is insert data or a big SELECT. */
    private static final int SCANNED_BYTES = 4096;
    private static final int UNKNOWN_SETTING = 115;

    private ConnectionState() {
    }

    static void apply(ChdbConnection connection, String database, Map<String, String> settings) {
        if (!database.equals(connection.currentDatabase)) {
            connection.queryText("USE " + quoteIdentifier(database), "TabSeparated");
            connection.currentDatabase = database;
        }
        List<String> assignments = new ArrayList<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String name = setting.getKey();
            requireName(name);
            if (!setting.getValue().equals(connection.appliedSettings.get(name))) {
                assignments.add(name + " = " + quoteString(setting.getValue()));
            }
        }
        Set<String> dropped = new HashSet<>(connection.appliedSettings.keySet());
        dropped.removeAll(settings.keySet());
        for (String name : dropped) {
            assignments.add(name + " = DEFAULT");
        }
        if (assignments.isEmpty()) {
            return;
        }
        try {
            connection.queryText("SET " + String.join(", ", assignments), "TabSeparated");
        } catch (ClickHouseException e) {
            resetAll(connection);
            throw e;
        }
        connection.appliedSettings.keySet().removeAll(dropped);
        connection.appliedSettings.putAll(settings);
    }

    /**
     * For a statement that carries settings itself (an inline insert without a SETTINGS clause of its own, which
     * {@link InsertSpool} rewrites with one): puts the
     * database on the connection, and returns to its default any setting the connection holds that the
     * request lacks, but leaves the request's own settings to the statement: returned are those that differ
     * from what the connection holds. A request carrying a per-statement setting such as
     * {@code insert_deduplication_token}, or a bound other than the reads', then costs no {@code SET} before
     * it and none after it for the next request on the connection.
     */
    static Map<String, String> applyAllButStatementSettings(ChdbConnection connection, String database,
                                                            Map<String, String> settings) {
        settings.keySet().forEach(ConnectionState::requireName);
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> kept = new HashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String held = connection.appliedSettings.get(setting.getKey());
            if (setting.getValue().equals(held)) {
                kept.put(setting.getKey(), held);
            } else {
                own.put(setting.getKey(), setting.getValue());
            }
        }
        // the connection keeps what it holds for the request's settings: the statement overrides them
        connection.appliedSettings.forEach((name, value) -> {
            if (settings.containsKey(name)) {
                kept.put(name, value);
            }
        });
        apply(connection, database, kept);
        return own;
    }

    private static void requireName(String name) {
        if (!SETTING_NAME.matcher(name).matches()) {
            throw new ClickHouseException(UNKNOWN_SETTING,
                    "Code: 115. DB::Exception: Unknown setting '" + name + "'. (UNKNOWN_SETTING)");
        }
    }

    /** After a failed SET the connection's state is unknown: return every tracked setting to its default. */
    private static void resetAll(ChdbConnection connection) {
        for (String name : connection.appliedSettings.keySet()) {
            try {
                connection.queryText("SET " + name + " = DEFAULT", "TabSeparated");
            } catch (ClickHouseException ignored) {
                // a setting that cannot be reset was never applied
            }
        }
        connection.appliedSettings.clear();
    }

    /**
     * Whether {@code statement} changes its connection beyond its own run: a setting, the current database
     * or a temporary table. A server forgets these when a request without a session ends; a pooled chDB
     * connection keeps them, and no statement resets one, so such a connection must be replaced.
     */
    static boolean leavesState(byte[] statement) {
        return leavesState(new String(statement, 0, Math.min(statement.length, SCANNED_BYTES), StandardCharsets.UTF_8));
    }

    static boolean leavesState(String statement) {
        return LEAVES_STATE.matcher(statement).lookingAt();
    }

    static String quoteIdentifier(String identifier) {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    static String quoteString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
