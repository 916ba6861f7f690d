package dev.annotations.clickhouse;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The real ClickHouse engine (chDB) running in this process, with data under a directory, served on
 * a loopback port through ClickHouse's own HTTP interface so that the JDBC driver, jOOQ, curl and
 * Grafana talk to it as they talk to a server.
 *
 * <pre>{@code
 * try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDir))) {
 *     String url = engine.jdbcUrl("otel");
 * }
 * }</pre>
 *
 * <p>chDB boots once per process on one data directory, so at most one instance is open at a time.
 */
public final class EmbeddedClickHouse implements AutoCloseable {
    /** chDB holds one engine per process: the open instance, if any. */
    private static final AtomicReference<EmbeddedClickHouse> OPEN = new AtomicReference<>();

    /**
     * @param library          path of {@code libchdb.so}
     * @param dataDirectory    where tables live; survives restarts
     * @param host             interface the HTTP front binds (keep it loopback: there is no TLS)
     * @param port             HTTP port, 0 for an ephemeral one
     * @param connections      engine connections = statements that run in parallel
     * @param httpThreads      requests served at once; more wait in line
     * @param maxRequestBytes  the largest request (statement + inline data) accepted; larger answers 413
     * @param user             the one user the HTTP front accepts
     * @param password         its password ("" for none)
     */
    public record Options(Path library, Path dataDirectory, String host, int port, int connections,
                          int httpThreads, long maxRequestBytes, String user, String password) {
        public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 30;

        public Options {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (connections < 1 || httpThreads < 1 || maxRequestBytes < 1) {
                throw new IllegalArgumentException("connections, httpThreads and maxRequestBytes must be positive");
            }
        }

        /** Library from {@link ChdbLibraryLocator}, ephemeral loopback port, 4 connections, 32 HTTP threads, 1 GiB. */
        public static Options defaults(Path dataDirectory) {
            return new Options(ChdbLibraryLocator.locate(), dataDirectory, "127.0.0.1", 0, 4, 32,
                    DEFAULT_MAX_REQUEST_BYTES, "default", "");
        }

        public Options withPort(int newPort) {
            return new Options(library, dataDirectory, host, newPort, connections, httpThreads, maxRequestBytes, user, password);
        }

        public Options withMaxRequestBytes(long bytes) {
            return new Options(library, dataDirectory, host, port, connections, httpThreads, bytes, user, password);
        }

        public Options withCredentials(String newUser, String newPassword) {
            return new Options(library, dataDirectory, host, port, connections, httpThreads, maxRequestBytes, newUser, newPassword);
        }
    }

    private final ConnectionPool pool;
    private final SessionRegistry sessions;
    private final InsertSpool spool;
    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService sessionReaper;
    private final String version;

    private EmbeddedClickHouse(Options options) throws IOException {
        Files.createDirectories(options.dataDirectory());
        ChdbLibrary library = ChdbLibrary.load(options.library());
        List<String> arguments = List.of("clickhouse", "--path=" + options.dataDirectory().toAbsolutePath());
        pool = new ConnectionPool(options.connections(), () -> ChdbConnection.open(library, arguments));
        sessions = new SessionRegistry(() -> ChdbConnection.open(library, arguments), System::nanoTime);
        spool = InsertSpool.create();
        String[] versionAndZone = directQuery("SELECT version(), timezone()").strip().split("\t");
        version = versionAndZone[0];
        httpExecutor = Executors.newFixedThreadPool(options.httpThreads(), daemonThreads("clickhouse-http"));
        sessionReaper = Executors.newSingleThreadScheduledExecutor(daemonThreads("clickhouse-sessions"));
        sessionReaper.scheduleWithFixedDelay(sessions::closeExpired, 1, 1, TimeUnit.SECONDS);
        server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        server.createContext("/", new ClickHouseHttpHandler(pool, sessions, spool,
                new HttpCredentials(options.user(), options.password()), options.maxRequestBytes(), version,
                versionAndZone[1]));
        server.setExecutor(httpExecutor);
        server.start();
    }

    /** Boots the engine and starts the HTTP front. Fails when another instance is still open in this process. */
    public static EmbeddedClickHouse start(Options options) {
        synchronized (OPEN) {
            if (OPEN.get() != null) {
                throw new IllegalStateException("an embedded ClickHouse engine is already open in this process "
                        + "(chDB runs one engine per process): close it first or reuse it");
            }
            try {
                EmbeddedClickHouse engine = new EmbeddedClickHouse(options);
                OPEN.set(engine);
                return engine;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded ClickHouse engine", e);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL of the HTTP interface, e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    /**
     * A clickhouse-jdbc URL for {@code database}. Compression is off: the embedded front speaks plain
     * HTTP (and gzip), not ClickHouse's native LZ4 framing.
     */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse:" + httpUrl() + "/" + database + "?compress=false";
    }

    /** The engine's version, e.g. {@code 26.5.1.1}. */
    public String version() {
        return version;
    }

    /**
     * Runs one statement straight on the engine (no HTTP) and returns its TabSeparated output. Like a
     * sessionless HTTP request it starts in the default database with default settings, and a SET or USE
     * it runs does not outlive it.
     *
     * @throws ClickHouseException with code 62 when {@code sql} holds more than one statement (a single
     *                             trailing {@code ;} is fine), as a server refuses them; none of them runs
     */
    public String directQuery(String sql) {
        return runDirect(sql.getBytes(StandardCharsets.UTF_8),
                result -> new String(result.data().toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
    }

    /**
     * Runs one statement with inline binary data straight on the engine (no HTTP), e.g.
     * {@code INSERT INTO t FORMAT RowBinary\n<rows>}; returns what it wrote.
     *
     * @throws ClickHouseException with code 62 when the statement before the data is followed by another
     */
    public QueryStatistics directExecute(byte[] statementWithData) {
        return runDirect(statementWithData, ChdbResult::statistics);
    }

    private <T> T runDirect(byte[] statement, Function<ChdbResult, T> read) {
        SingleStatement.require(MemorySegment.ofArray(statement));
        ChdbConnection connection = borrow();
        try (Arena arena = Arena.ofConfined()) {
            ConnectionState.apply(connection, ChdbConnection.DEFAULT_DATABASE, Map.of());
            MemorySegment query = arena.allocateFrom(ValueLayout.JAVA_BYTE, statement);
            try (ChdbResult result = spool.query(connection, query, "TabSeparated", Map.of())) {
                String error = result.error();
                if (error != null) {
                    throw ClickHouseException.fromEngineMessage(error);
                }
                return read.apply(result);
            }
        } finally {
            giveBack(connection, ConnectionState.leavesState(statement));
        }
    }

    /** A connection the statement changed (SET, USE, a temporary table) is swapped for a fresh one. */
    private void giveBack(ChdbConnection connection, boolean stateLeftBehind) {
        if (stateLeftBehind) {
            pool.replace(connection);
        } else {
            pool.giveBack(connection);
        }
    }

    private ChdbConnection borrow() {
        try {
            return pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an engine connection", e);
        }
    }

    /** Stops the HTTP front, waits for running requests, then shuts the engine down (data is kept). */
    @Override
    public void close() {
        synchronized (OPEN) {
            if (OPEN.get() != this) {
                return;
            }
            server.stop(1);
            httpExecutor.shutdown();
            try {
                httpExecutor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sessionReaper.shutdownNow();
            sessions.close();
            pool.close();
            spool.close();
            OPEN.set(null);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return Thread.ofPlatform().name(name + "-", 0).daemon(true).factory();
    }
}
