package dev.annotations.grafana.engine;

/** ClickHouse refused a statement: the HTTP status, the server's message and the statement itself. */
public final class QueryFailedException extends RuntimeException {
    public QueryFailedException(int status, String message, String sql) {
        super("HTTP " + status + ": " + message + "\n--- statement ---\n" + sql);
    }
}
