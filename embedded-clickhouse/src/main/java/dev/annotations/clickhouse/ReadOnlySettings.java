package dev.annotations.clickhouse;

import java.util.Set;

/**
 * How a read-only account's request runs: on a pooled connection put into ClickHouse's own
 * {@code readonly = 1} after the request's settings are applied, so the engine itself refuses INSERT,
 * ALTER, DROP, CREATE, SET and table functions that need a temporary table (code 164, READONLY), and the
 * connection is replaced afterwards, since {@code readonly} cannot be unset.
 *
 * <p>As on a server whose read-only profile marks a few settings {@code changeable_in_readonly}, a
 * read-only client may still pass limits on its own query: Grafana's ClickHouse plugin sends
 * {@code max_execution_time} with every query. Every other setting answers the server's READONLY error.
 * HTTP sessions are not open to read-only accounts: a session's connection would keep {@code readonly}
 * from its first request, and with it refuse even {@code max_execution_time} afterwards.
 */
final class ReadOnlySettings {
    /** Settings that only limit the request's own query. */
    static final Set<String> CHANGEABLE = Set.of(
            "max_execution_time", "timeout_overflow_mode", "max_result_rows", "max_result_bytes",
            "result_overflow_mode");
    static final int READONLY = 164;

    private ReadOnlySettings() {
    }

    static void require(HttpQueryRequest request, String user) {
        for (String name : request.settings().keySet()) {
            if (!CHANGEABLE.contains(name)) {
                throw new ClickHouseException(READONLY, "Code: 164. DB::Exception: Cannot modify '" + name
                        + "' setting in readonly mode. (READONLY)");
            }
        }
        if (request.sessionId().isPresent()) {
            throw new ClickHouseException(READONLY, "Code: 164. DB::Exception: " + user + ": HTTP sessions "
                    + "(session_id) are not open to read-only users of the embedded engine. (READONLY)");
        }
    }

    static void enter(ChdbConnection connection) {
        connection.queryText("SET readonly = 1", "TabSeparated");
    }
}
