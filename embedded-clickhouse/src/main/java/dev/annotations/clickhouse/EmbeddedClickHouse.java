package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The real ClickHouse engine (chDB) running in this process, with data under a directory, served on
 * loopback through ClickHouse's own HTTP interface so that the JDBC driver, jOOQ, curl and Grafana talk
 * to it as they talk to a server.
 *
 * <pre>{@code
 * try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDir))) {
 *     Account account = engine.credentials();
 *     String url = engine.jdbcUrl("otel"); // with account.user() / account.password()
 * }
 * }</pre>
 *
 * <p>The HTTP interface always asks for credentials. Its private port, on an ephemeral loopback port,
 * accepts only {@link #credentials()}: a password drawn at start-up that never leaves this process. An
 * optional published port ({@link Options#published()}) accepts only its own configured accounts, each
 * read-write or read-only. On both, statements that would reach the host (files, the network, other
 * processes) are refused; see {@link HostAccessGuard}.
 *
 * <p>chDB boots once per process on one data directory, so at most one instance is open at a time.
 */
public final class EmbeddedClickHouse implements AutoCloseable {
    /** chDB holds one engine per process: the open instance, if any. */
    private static final AtomicReference<EmbeddedClickHouse> OPEN = new AtomicReference<>();
    /** The user of the private port; its password is new at every start. */
    static final String SERVICE_USER = "default";
    private static final int PASSWORD_BYTES = 32;

    /**
     * @param library          path of {@code libchdb.so}
     * @param dataDirectory    where tables live; survives restarts
     * @param host             interface both ports bind (keep it loopback: there is no TLS)
     * @param connections      engine connections = statements that run in parallel
     * @param httpThreads      statements handed to the engine at once; more wait in line
     * @param maxRequestBytes  the largest request (statement + inline data) accepted; larger answers 413
     * @param published        a second port for other clients (Grafana, curl), with its own accounts
     */
    public record Options(Path library, Path dataDirectory, String host, int connections, int httpThreads,
                          long maxRequestBytes, Optional<Published> published) {
        public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 30;

        public Options {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(published, "published");
            if (connections < 1 || httpThreads < 1 || maxRequestBytes < 1) {
                throw new IllegalArgumentException("connections, httpThreads and maxRequestBytes must be positive");
            }
        }

        /** Library from {@link ChdbLibraryLocator}, loopback, 4 connections, 32 HTTP threads, 1 GiB, nothing published. */
        public static Options defaults(Path dataDirectory) {
            return new Options(ChdbLibraryLocator.locate(), dataDirectory, "127.0.0.1", 4, 32,
                    DEFAULT_MAX_REQUEST_BYTES, Optional.empty());
        }

        public Options withMaxRequestBytes(long bytes) {
            return new Options(library, dataDirectory, host, connections, httpThreads, bytes, published);
        }

        public Options withPublished(Published newPublished) {
            return new Options(library, dataDirectory, host, connections, httpThreads, maxRequestBytes,
                    Optional.of(newPublished));
        }
    }

    /**
     * The published port and the accounts it accepts (the private port's account is never among them).
     *
     * @param port     0..65535, 0 for an ephemeral one
     * @param accounts at least one, user names distinct
     */
    public record Published(int port, List<Account> accounts) {
        public Published {
            Objects.requireNonNull(accounts, "accounts");
            accounts = List.copyOf(accounts);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("a published port needs at least one account");
            }
            if (new HashSet<>(accounts.stream().map(Account::user).toList()).size() != accounts.size()) {
                throw new IllegalArgumentException("the accounts of a published port need distinct user names");
            }
        }
    }

    /**
     * A user the HTTP interface accepts.
     *
     * @param user     non-empty, without ':' (HTTP Basic authentication splits there)
     * @param password non-empty: every account has one
     * @param access   what its statements may do
     */
    public record Account(String user, String password, Access access) {
        public Account {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(access, "access");
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a user name must be non-empty and hold no ':', was '" + user + "'");
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException("the account '" + user + "' needs a password");
            }
        }

        /** The password stays out of logs. */
        @Override
        public String toString() {
            return "Account[user=" + user + ", access=" + access + "]";
        }
    }

    /** What an account's statements may do. */
    public enum Access {
        /** Everything but reaching the host. */
        READ_WRITE,
        /**
         * Reads only: the engine's own {@code readonly = 1}, so INSERT, ALTER, DROP, CREATE and setting changes
         * answer ClickHouse's READONLY error (code 164); {@link ReadOnlySettings} lists the few settings a
         * client may still pass, as a server's {@code changeable_in_readonly} constraint allows them.
         */
        READ_ONLY
    }

    private final ConnectionPool pool;
    private final InsertSpool spool;
    private final Account serviceAccount;
    private final HttpFront privateFront;
    private final Optional<HttpFront> publishedFront;
    private final ExecutorService engineThreads;
    private final ScheduledExecutorService sessionReaper;
    private final String version;

    private EmbeddedClickHouse(Options options) throws IOException {
        Files.createDirectories(options.dataDirectory());
        ChdbLibrary library = ChdbLibrary.load(options.library());
        List<String> arguments = List.of("clickhouse", "--path=" + options.dataDirectory().toAbsolutePath());
        pool = new ConnectionPool(options.connections(), () -> ChdbConnection.open(library, arguments));
        spool = InsertSpool.create();
        // FFM calls pin a virtual thread to its carrier, so statements run on platform threads of their own
        engineThreads = Executors.newFixedThreadPool(options.httpThreads(), daemonThreads("clickhouse-engine"));
        HttpFront started = null;
        try {
            DefaultDatabase.withoutHostFiles(pool);
            String[] versionAndZone = directQuery("SELECT version(), timezone()").strip().split("\t");
            version = versionAndZone[0];
            serviceAccount = new Account(SERVICE_USER, randomPassword(), Access.READ_WRITE);
            HttpFront.Engine engine = new HttpFront.Engine(pool, spool, engineThreads, options.maxRequestBytes(),
                    version, versionAndZone[1], () -> ChdbConnection.open(library, arguments));
            HttpServerLimits.applyDefaults();
            started = HttpFront.start("private", options.host(), 0, List.of(serviceAccount), engine, Integer.MAX_VALUE);
            privateFront = started;
            // one engine connection always stays free for this process's own statements
            int publishedShare = Math.max(1, options.connections() - 1);
            publishedFront = options.published().isEmpty() ? Optional.empty()
                    : Optional.of(HttpFront.start("published", options.host(), options.published().get().port(),
                            options.published().get().accounts(), engine, publishedShare));
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.stop();
            }
            engineThreads.shutdown();
            pool.close();
            spool.close();
            throw e;
        }
        sessionReaper = Executors.newSingleThreadScheduledExecutor(daemonThreads("clickhouse-sessions"));
        sessionReaper.scheduleWithFixedDelay(this::closeExpiredSessions, 1, 1, TimeUnit.SECONDS);
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

    /** The private port: only {@link #credentials()} are accepted on it. */
    public int port() {
        return privateFront.port();
    }

    /** Base URL of the private port's HTTP interface, e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return privateFront.url();
    }

    /** Base URL of the published port, when there is one. */
    public Optional<String> publishedUrl() {
        return publishedFront.map(HttpFront::url);
    }

    /**
     * The one account of the private port. Its password is drawn with {@link SecureRandom} at every start
     * and never logged: hand it to this process's own clients only.
     */
    public Account credentials() {
        return serviceAccount;
    }

    /**
     * A clickhouse-jdbc URL for {@code database} on the private port, without credentials (pass
     * {@link #credentials()} as the {@code user} and {@code password} properties). Compression is off:
     * the embedded front speaks plain HTTP (and gzip), not ClickHouse's native LZ4 framing.
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
     * it runs does not outlive it. This is the trusted in-process path: unlike the HTTP interface it does
     * not refuse statements that reach the host.
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
            SynchronousDrop.runWithoutWaiting(query);
            try (ChdbResult result = spool.query(connection, query, "TabSeparated", Map.of())) {
                String error = result.error();
                if (error != null) {
                    throw ClickHouseException.fromEngineMessage(error);
                }
                return read.apply(result);
            }
        } finally {
            if (ConnectionState.leavesState(statement)) {
                pool.replace(connection);
            } else {
                pool.giveBack(connection);
            }
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

    private void closeExpiredSessions() {
        privateFront.sessions().closeExpired();
        publishedFront.ifPresent(front -> front.sessions().closeExpired());
    }

    /** Stops the HTTP fronts, waits for running requests, then shuts the engine down (data is kept). */
    @Override
    public void close() {
        synchronized (OPEN) {
            if (OPEN.get() != this) {
                return;
            }
            publishedFront.ifPresent(HttpFront::stop);
            privateFront.stop();
            engineThreads.shutdown();
            try {
                engineThreads.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sessionReaper.shutdownNow();
            publishedFront.ifPresent(front -> front.sessions().close());
            privateFront.sessions().close();
            pool.close();
            spool.close();
            OPEN.set(null);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return Thread.ofPlatform().name(name + "-", 0).daemon(true).factory();
    }
}
