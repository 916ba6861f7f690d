package dev.annotations.clickhouse;

import java.util.Map;

/**
 * The limits of the JDK's built-in HTTP server that the engine's fronts depend on.
 *
 * <p>The JDK server reads them from system properties once, when its first server starts, for every
 * server of the JVM: they cannot be set per server. They are set here, before the first front starts,
 * unless already set (a {@code -D} on the command line wins), because the defaults leave a connection
 * that never finishes its request open forever: 32 such connections used to hold every HTTP thread. In
 * this project's JVMs the engine's fronts are the only JDK HTTP servers (the API runs on Jetty), and the
 * values are safe for any JDK server. When another JDK HTTP server started earlier in the JVM, the values
 * it started with stay in force.
 *
 * <p>The response time ({@code sun.net.httpserver.maxRspTime}) is left unbounded on purpose: the JDK counts
 * it from the end of the request, so it would include the statement's own run time and cut long queries.
 */
final class HttpServerLimits {
    /** A request's headers and body must arrive within this many seconds, else the connection is closed. */
    static final int MAX_REQUEST_SECONDS = 10;
    /** Open connections per port; more are closed as soon as they are accepted. */
    static final int MAX_CONNECTIONS = 256;
    /** How often idle and newly accepted connections are checked for their timeout. */
    static final int CLOCK_TICK_MILLIS = 1_000;

    private static final Map<String, String> DEFAULTS = Map.of(
            "sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            "sun.net.httpserver.clockTick", Integer.toString(CLOCK_TICK_MILLIS));

    private HttpServerLimits() {
    }

    static synchronized void applyDefaults() {
        DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
