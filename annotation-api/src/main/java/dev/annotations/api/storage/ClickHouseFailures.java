package dev.annotations.api.storage;

import com.clickhouse.client.api.ServerException;
import dev.annotations.api.config.Redaction;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a failed ClickHouse call says about the future: whether trying again can help (start-up
 * retries only those), whether the statement can have reached ClickHouse (a write that cannot have is
 * certainly not stored), and a short reason fit for {@code /ready} and logs, with credentials removed.
 */
public final class ClickHouseFailures {
    /**
     * ClickHouse error codes that describe a passing state of the server or cluster, not our statement:
     * timeouts, overload, memory, read-only replicas, Keeper, unfinished distributed DDL, cancellation.
     * Every other code (syntax, unknown setting, access denied, authentication, missing cluster…) is final.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            159, // TIMEOUT_EXCEEDED
            160, // TOO_SLOW
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            203, // NO_FREE_CONNECTION
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            241, // MEMORY_LIMIT_EXCEEDED
            242, // TABLE_IS_READ_ONLY
            252, // TOO_MANY_PARTS
            285, // TOO_FEW_LIVE_REPLICAS
            319, // UNKNOWN_STATUS_OF_INSERT
            341, // UNFINISHED (distributed DDL still running)
            394, // QUERY_WAS_CANCELLED
            425, // SYSTEM_ERROR
            439, // CANNOT_SCHEDULE_TASK
            473, // DEADLOCK_AVOIDED
            225, // NO_ZOOKEEPER
            999  // KEEPER_EXCEPTION
    );
    private static final int MAX_REASON = 300;

    private ClickHouseFailures() {
    }

    /** The ClickHouse error code the server answered, if it answered one. */
    public static Optional<Integer> serverCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException server && server.getCode() > 0) {
                return Optional.of(server.getCode());
            }
            if (cause instanceof SQLException sql && !(sql instanceof SQLTransientConnectionException)
                    && sql.getErrorCode() > 0) {
                return Optional.of(sql.getErrorCode());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a retry later can succeed: ClickHouse could not be reached or did not answer (no error code),
     * or answered one of the {@link #TRANSIENT_CODES}. A refusal of the statement itself is final.
     */
    public static boolean isTransient(Throwable failure) {
        return serverCode(failure).map(TRANSIENT_CODES::contains).orElse(true);
    }

    /**
     * True when the statement certainly never reached ClickHouse: no connection could be had (refused,
     * unknown host, no route, connect timeout, the pool's 5 s wait) — so a write that failed this way is
     * certainly not stored. A timeout while waiting for the answer, or a connection broken after the
     * request went out, is not such a failure: the statement may have run.
     */
    public static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SQLTransientConnectionException
                    || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || cause instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** True when ClickHouse answered with an error: the statement ran and was refused, nothing of it stored. */
    public static boolean refused(Throwable failure) {
        return serverCode(failure).isPresent();
    }

    /** One line on why: "connection refused", "no answer within the socket timeout", or ClickHouse's own message. */
    public static String reason(Throwable failure) {
        if (neverSent(failure)) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException) {
                    return "connection refused";
                }
                if (cause instanceof UnknownHostException) {
                    return "unknown host " + cause.getMessage();
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException
                    && !(cause instanceof org.apache.hc.client5.http.ConnectTimeoutException)) {
                return "no answer within the socket timeout";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                deepest = cause;
            }
            if (cause instanceof ServerException || cause.getCause() == cause) {
                break;
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return Redaction.url(firstLine(message));
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
    }
}
