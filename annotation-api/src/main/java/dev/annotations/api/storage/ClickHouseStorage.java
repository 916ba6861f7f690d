package dev.annotations.api.storage;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.clickhouse.jdbc.ConnectionImpl;
import com.clickhouse.jdbc.DataSourceImpl;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.annotations.api.config.AppConfig;
import dev.annotations.api.config.CollectorTables;
import dev.annotations.api.config.Redaction;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import org.jooq.ConnectionProvider;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Where the service's data lives: a ClickHouse server ({@code CLICKHOUSE_URL}) or the embedded engine.
 * Both are reached the same way, through the official JDBC driver over ClickHouse's HTTP interface, and
 * every table name is qualified with the configured database.
 *
 * <p>Every statement is bounded (README "Reliability"): ClickHouse gets {@code max_execution_time} for its
 * kind — reads, INSERTs, DDL, streamed reads — and the driver gives up waiting for bytes that long plus
 * {@link AppConfig.Timeouts#SOCKET_MARGIN}, so a ClickHouse that freezes answers 503 instead of holding
 * requests. A server need not be up when the service starts: the pool is built on the first successful
 * {@link #connect()}, and until then every call fails with {@link StorageUnavailableException}.
 */
public final class ClickHouseStorage implements AutoCloseable {
    private static final String TOP_K_DYNAMIC_FILTERING = "use_top_k_dynamic_filtering";
    private static final Logger LOG = Logger.getLogger(ClickHouseStorage.class.getName());
    /** JDBC connections to ClickHouse: the number of statements the service runs at once. */
    static final int POOL_SIZE = 8;
    /** How long a request waits for a connection, or for ClickHouse to accept one, before 503. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** The longest a streamed read (an export) may run in ClickHouse; its first bytes may come only at the end. */
    public static final int STREAM_SECONDS = 600;
    /** The longest {@code /ready}'s probe waits: load balancers poll it with short timeouts of their own. */
    public static final int PING_SECONDS = 3;
    /** Runs the driver's "close the connection after a network timeout" on the thread that timed out. */
    private static final Executor SAME_THREAD = Runnable::run;

    static {
        // jOOQ prints a banner and a "tip of the day" on first use; logs are for operators.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final String url;
    private final Properties connection;
    private final boolean askForTopKFiltering;
    private final String endpoint;
    private final AppConfig.Timeouts timeouts;
    private final CollectorTables collectorTables;
    private final Settings settings = new Settings().withRenderSchema(true).withExecuteLogging(false);
    private final DSLContext dsl;
    private final String database;
    private final Optional<String> cluster;
    private final Optional<EmbeddedClickHouse> embedded;
    private final ReentrantLock connecting = new ReentrantLock();
    private final AcknowledgedWrites acknowledgedWrites = new AcknowledgedWrites();
    private volatile HikariDataSource pool;

    private ClickHouseStorage(String url, String user, String password, boolean askForTopKFiltering,
                              AppConfig.Timeouts timeouts, String database, Optional<String> cluster,
                              Optional<EmbeddedClickHouse> embedded, CollectorTables collectorTables) {
        this.url = url;
        this.collectorTables = collectorTables;
        this.connection = connectionProperties(user, password, timeouts);
        this.askForTopKFiltering = askForTopKFiltering;
        this.endpoint = endpointOf(url);
        this.timeouts = timeouts;
        this.dsl = DSL.using(new PoolConnections(), SQLDialect.CLICKHOUSE, settings);
        this.database = database;
        this.cluster = cluster;
        this.embedded = embedded;
    }

    /**
     * Prepares the configured server (nothing is asked of it yet: see {@link #connect()}), or boots the
     * embedded engine under the data directory and connects to it at once.
     */
    public static ClickHouseStorage open(AppConfig config) {
        if (config.clickhouseUrl().isPresent()) {
            return new ClickHouseStorage(config.clickhouseUrl().get(), config.clickhouseUser(),
                    config.clickhousePassword(), true, config.timeouts(), config.clickhouseDatabase(),
                    config.clickhouseCluster(), Optional.empty(), config.collectorTables());
        }
        EmbeddedClickHouse.Options options = EmbeddedClickHouse.Options.defaults(config.dataDirectory().resolve("clickhouse"));
        EmbeddedClickHouse engine = EmbeddedClickHouse.start(published(config.publishedEngine())
                .map(options::withPublished).orElse(options));
        LOG.info("embedded ClickHouse " + engine.version() + " serving this process on " + engine.httpUrl());
        engine.publishedUrl().ifPresent(url -> LOG.info(publishedAnnouncement(url, config.publishedEngine())));
        // The engine's own default database: ours may not exist until migrations create it. The engine is
        // ClickHouse 26.5, which has the top-K setting. Its account has a password drawn at its start, known
        // to this process only.
        EmbeddedClickHouse.Account account = engine.credentials();
        ClickHouseStorage storage = new ClickHouseStorage(engine.jdbcUrl("default"), account.user(), account.password(),
                false, config.timeouts(), config.clickhouseDatabase(), Optional.empty(), Optional.of(engine),
                config.collectorTables());
        storage.connect();
        return storage;
    }

    /**
     * Reaches ClickHouse and builds the connection pool, once; later calls return at once. Start-up calls
     * it until it succeeds; a call before that happens lazily, on the first statement.
     *
     * @throws StorageUnavailableException when ClickHouse cannot be reached or refuses us (see {@link ClickHouseFailures})
     */
    public void connect() {
        connecting.lock();
        try {
            if (pool == null) {
                pool = newPool(!askForTopKFiltering || hasTopKDynamicFiltering());
            }
        } finally {
            connecting.unlock();
        }
    }

    /** The ClickHouse URL without user, password or parameters: safe for logs and {@code /ready}. */
    public String endpoint() {
        return endpoint;
    }

    private HikariDataSource pool() {
        HikariDataSource current = pool;
        if (current != null) {
            return current;
        }
        // one thread at a time tries; the others answer 503 at once instead of queueing behind its timeouts
        if (!connecting.tryLock()) {
            throw new StorageUnavailableException("still connecting to ClickHouse at " + endpoint, null);
        }
        try {
            connect();
            return pool;
        } finally {
            connecting.unlock();
        }
    }

    /** What every connection carries: credentials, the read bound, the TCP connect timeout. */
    private static Properties connectionProperties(String user, String password, AppConfig.Timeouts timeouts) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connection_timeout", Long.toString(CONNECTION_TIMEOUT_MILLIS));
        properties.setProperty("socket_timeout",
                Long.toString(AppConfig.Timeouts.socketTimeout(timeouts.readSeconds()).toMillis()));
        properties.setProperty("clickhouse_setting_max_execution_time", Integer.toString(timeouts.readSeconds()));
        // No retries inside the driver: after an INSERT reached ClickHouse and its connection broke, a retry
        // that finds ClickHouse gone ends with "connection refused", and the write would pass for never sent
        // although it may be stored. The service decides itself what to retry (start-up, read-backs, clients).
        properties.setProperty("retry", "0");
        return properties;
    }

    private static Optional<EmbeddedClickHouse.Published> published(AppConfig.PublishedEngine published) {
        if (published.port().isEmpty()) {
            return Optional.empty();
        }
        List<EmbeddedClickHouse.Account> accounts = new ArrayList<>();
        accounts.add(new EmbeddedClickHouse.Account(published.user(), published.password().orElseThrow(),
                EmbeddedClickHouse.Access.READ_WRITE));
        published.readOnlyUser().ifPresent(user -> accounts.add(new EmbeddedClickHouse.Account(user,
                published.readOnlyPassword().orElseThrow(), EmbeddedClickHouse.Access.READ_ONLY)));
        return Optional.of(new EmbeddedClickHouse.Published(published.port().get(), accounts));
    }

    /** How to reach the published port, with whom; the passwords are only named by their variables. */
    static String publishedAnnouncement(String url, AppConfig.PublishedEngine published) {
        return "embedded ClickHouse published on " + url + " for user '" + published.user()
                + "' (password: ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD)"
                + published.readOnlyUser().map(user -> " and read-only user '" + user
                        + "' (password: ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD)").orElse("")
                + "; try: curl -u " + published.user() + " '" + url + "/?query=SELECT%201'";
    }

    /**
     * A small pool over the official driver: opening a clickhouse-jdbc connection builds a new HTTP
     * client, which costs more than the query itself. Connections are stateless HTTP underneath, so a
     * pooled one keeps working after ClickHouse restarts.
     */
    private HikariDataSource newPool(boolean disableTopKFiltering) {
        Properties properties = new Properties();
        properties.putAll(connection);
        if (disableTopKFiltering) {
            // ClickHouse 26.5's top-K dynamic filtering mixes up the columns of a two-column ORDER BY … LIMIT
            // (e.g. Timestamp DESC, SpanId DESC): about 4 % of span searches failed with "Cannot parse DateTime:
            // while converting '<span id>' to DateTime64(9)" in __topKFilter. Off for every query of ours.
            properties.setProperty("clickhouse_setting_" + TOP_K_DYNAMIC_FILTERING, "0");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("clickhouse");
        config.setDataSource(new DataSourceImpl(url, properties));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // ClickHouse answered a moment ago; should it go away now, requests answer 503 until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * Whether the server knows {@value #TOP_K_DYNAMIC_FILTERING} (naming a setting a server lacks fails every
     * query). This is the first thing asked of a server, so its failure is start-up's "cannot reach ClickHouse".
     */
    private boolean hasTopKDynamicFiltering() {
        try (Connection probe = new DataSourceImpl(url, connection).getConnection();
             Statement statement = probe.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count() FROM system.settings WHERE name = '"
                     + TOP_K_DYNAMIC_FILTERING + "'")) {
            boolean known = rows.next() && rows.getLong(1) > 0;
            LOG.info("ClickHouse setting " + TOP_K_DYNAMIC_FILTERING + (known ? " turned off for our queries" : " unknown to this server"));
            return known;
        } catch (SQLException | RuntimeException e) {
            // the reason alone: start-up reports it after "waiting for ClickHouse at <endpoint>"
            throw new StorageUnavailableException(ClickHouseFailures.reason(e), e);
        }
    }

    /** Writes this instance acknowledged that are not in ClickHouse yet: reads that must see them wait here first. */
    public AcknowledgedWrites acknowledgedWrites() {
        return acknowledgedWrites;
    }

    /** Runs work against ClickHouse; a failure to reach it or a refused statement becomes {@link StorageUnavailableException}. */
    public <T> T call(Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new StorageUnavailableException("ClickHouse failed: " + ClickHouseFailures.reason(e), e);
        }
    }

    /**
     * Like {@link #call}, bounded by {@code seconds} instead of the read bound: for point reads that must
     * answer fast or not at all (the read-back of a write whose answer was lost, {@code /ready}'s probe).
     */
    public <T> T callWithin(int seconds, Function<DSLContext, T> work) {
        try (Connection connection = pool().getConnection()) {
            connection.setNetworkTimeout(SAME_THREAD, socketMillis(seconds));
            return work.apply(DSL.using(connection, SQLDialect.CLICKHOUSE, withQueryTimeout(seconds)));
        } catch (SQLException | org.jooq.exception.DataAccessException e) {
            throw new StorageUnavailableException("ClickHouse failed: " + ClickHouseFailures.reason(e), e);
        }
    }

    /**
     * Like {@link #call}, bounded by the analytics timeout instead of the read bound: for the aggregations of
     * analytics requests, which read every rating of a config (README "Reliability").
     */
    public <T> T callAnalytics(Function<DSLContext, T> work) {
        return callWithin(timeouts.analyticsSeconds(), work);
    }

    /**
     * Hands the rows of {@code query} to {@code consumer} as the driver reads them off the response, never
     * holding the whole result: for reads larger than memory (exports). Returns how many rows there were.
     * A failure midway throws {@link StorageUnavailableException} after the rows already handed over.
     * Bounded by {@link #STREAM_SECONDS}, not the read bound.
     */
    public <R extends Record> long stream(Function<DSLContext, ResultQuery<R>> query, Consumer<? super R> consumer) {
        try (Connection connection = pool().getConnection()) {
            connection.setNetworkTimeout(SAME_THREAD, socketMillis(STREAM_SECONDS));
            DSLContext streaming = DSL.using(connection, SQLDialect.CLICKHOUSE,
                    withQueryTimeout(STREAM_SECONDS));
            try (Cursor<R> rows = query.apply(streaming).fetchLazy()) {
                long count = 0;
                for (R row : rows) {
                    consumer.accept(row);
                    count++;
                }
                return count;
            }
        } catch (SQLException | org.jooq.exception.DataAccessException e) {
            throw new StorageUnavailableException("ClickHouse failed a streamed read: " + ClickHouseFailures.reason(e), e);
        }
    }

    /**
     * Runs {@code sql} and copies ClickHouse's own output in {@code format} (CSV, Parquet, JSONEachRow…) to
     * {@code out} as it arrives, so ClickHouse writes the format and nothing is held in memory. Values are
     * bound as ClickHouse query parameters: {@code {name:Type}} in the text, {@code name → value} in
     * {@code parameters}. Returns the bytes copied. Bounded by {@link #STREAM_SECONDS}.
     */
    public long streamFormatted(String sql, Map<String, Object> parameters, ClickHouseFormat format, OutputStream out) {
        return streamFormatted(sql, parameters, format, Map.of(), out);
    }

    /**
     * Like {@link #streamFormatted(String, Map, ClickHouseFormat, OutputStream)}, with ClickHouse settings for
     * the format (such as {@code output_format_csv_crlf_end_of_line}).
     */
    public long streamFormatted(String sql, Map<String, Object> parameters, ClickHouseFormat format,
                                Map<String, String> formatSettings, OutputStream out) {
        return formatted(sql, parameters, format, formatSettings, out, STREAM_SECONDS);
    }

    /**
     * Like {@link #streamFormatted(String, Map, ClickHouseFormat, OutputStream)}, bounded by the read bound: for
     * small reads whose SQL is also an export's (a page of dataset items read as JSONEachRow).
     */
    public long readFormatted(String sql, Map<String, Object> parameters, ClickHouseFormat format, OutputStream out) {
        return formatted(sql, parameters, format, Map.of(), out, timeouts.readSeconds());
    }

    private long formatted(String sql, Map<String, Object> parameters, ClickHouseFormat format,
                           Map<String, String> formatSettings, OutputStream out, int seconds) {
        try (Connection connection = pool().getConnection()) {
            Client client = connection.unwrap(ConnectionImpl.class).getClient();
            QuerySettings query = bounded(new QuerySettings().setFormat(format).setDatabase(database), seconds);
            formatSettings.forEach(query::serverSetting);
            try (QueryResponse response = client.query(sql, parameters, query).get();
                 InputStream in = response.getInputStream()) {
                return in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a streamed result failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted during a streamed read", e);
        } catch (Exception e) {
            throw new StorageUnavailableException("ClickHouse failed a streamed read: " + ClickHouseFailures.reason(e), e);
        }
    }

    /**
     * Runs one DDL statement (or an {@code INSERT … SELECT} of an installation step) as written, bounded
     * by the DDL timeout. It goes straight to the driver's client: jOOQ's plain-SQL templating would read
     * the braces of ClickHouse macros such as {@code '{replica}'} as its own placeholders.
     */
    public void executeStatement(String sql) {
        try (Connection connection = pool().getConnection()) {
            Client client = connection.unwrap(ConnectionImpl.class).getClient();
            try (QueryResponse ignored = client.query(sql, bounded(new QuerySettings(), timeouts.ddlSeconds())).get()) {
                // DDL answers no rows
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted during a DDL statement", e);
        } catch (Exception e) {
            throw new StorageUnavailableException("ClickHouse failed: " + ClickHouseFailures.reason(e), e);
        }
    }

    /**
     * Inserts rows encoded as JSONEachRow in one INSERT through the driver's bulk path (the JDBC
     * connection's client), far faster than a multi-row VALUES statement. Returns only once ClickHouse
     * has them; throws when it does not.
     */
    public void insertJsonEachRow(String table, byte[] rows) {
        insertJsonEachRow(table, rows, null);
    }

    /**
     * Like {@link #insertJsonEachRow(String, byte[])}, with ClickHouse's {@code insert_deduplication_token}:
     * on a table with a deduplication window, a second INSERT carrying a token already used is silently
     * dropped (the server still answers OK). One INSERT per token makes this a compare-and-set: whoever
     * stored the row first holds the token; callers read back to learn whether that was them.
     *
     * <p>Bounded by the write timeout. A failure is {@linkplain StorageUnavailableException#undecided()
     * undecided} unless the INSERT certainly never reached ClickHouse or ClickHouse answered it with an error.
     *
     * @param deduplicationToken the token, or null for none
     */
    public void insertJsonEachRow(String table, byte[] rows, String deduplicationToken) {
        insertJsonEachRow(table, rows, deduplicationToken, Map.of());
    }

    /**
     * Like {@link #insertJsonEachRow(String, byte[], String)}, with further ClickHouse settings for this INSERT
     * alone (the score writer's {@code async_insert} on a server).
     */
    public void insertJsonEachRow(String table, byte[] rows, String deduplicationToken, Map<String, String> serverSettings) {
        Connection connection;
        try {
            connection = pool().getConnection();
        } catch (SQLException e) {
            throw new StorageUnavailableException("no connection to ClickHouse for an insert into " + table + ": "
                    + ClickHouseFailures.reason(e), e);
        }
        try (connection) {
            Client client = connection.unwrap(ConnectionImpl.class).getClient();
            InsertSettings settings = new InsertSettings();
            settings.serverSetting("max_execution_time", Integer.toString(timeouts.writeSeconds()));
            settings.setNetworkTimeout(socketMillis(timeouts.writeSeconds()), ChronoUnit.MILLIS);
            if (deduplicationToken != null) {
                settings.serverSetting("insert_deduplication_token", deduplicationToken);
            }
            serverSettings.forEach(settings::serverSetting);
            try (InsertResponse ignored = client.insert(qualified(table),
                    new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow, settings).get()) {
                // stored
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageUnavailableException.undecided("interrupted during an insert into " + table, e);
        } catch (Exception e) {
            String message = "ClickHouse insert into " + table + " failed: " + ClickHouseFailures.reason(e);
            throw ClickHouseFailures.neverSent(e) || ClickHouseFailures.refused(e)
                    ? new StorageUnavailableException(message, e)
                    : StorageUnavailableException.undecided(message, e);
        }
    }

    private static QuerySettings bounded(QuerySettings settings, int seconds) {
        settings.serverSetting("max_execution_time", Integer.toString(seconds));
        settings.setNetworkTimeout(socketMillis(seconds), ChronoUnit.MILLIS);
        return settings;
    }

    /** Our settings with a statement timeout, which the driver sends as max_execution_time. */
    private Settings withQueryTimeout(int seconds) {
        return ((Settings) settings.clone()).withQueryTimeout(seconds);
    }

    private static int socketMillis(int seconds) {
        return Math.toIntExact(AppConfig.Timeouts.socketTimeout(seconds).toMillis());
    }

    /** A ClickHouse identifier in backquotes, for the few statements written as text. */
    public static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A table of the configured database as SQL text: {@code `db`.`table`}. */
    public String qualified(String table) {
        return quoted(database) + "." + quoted(table);
    }

    /** A table in the configured database. */
    public Name table(String name) {
        return DSL.name(database, name);
    }

    /** What the Collector's tables are called in this database (CLICKHOUSE_TRACES_TABLE and its siblings). */
    public CollectorTables collectorTables() {
        return collectorTables;
    }

    public String database() {
        return database;
    }

    public Optional<String> cluster() {
        return cluster;
    }

    /** The embedded engine, when the service runs one. */
    public Optional<EmbeddedClickHouse> embedded() {
        return embedded;
    }

    /** True when ClickHouse answers a trivial query within {@link #PING_SECONDS}. */
    public boolean ping() {
        return unavailableReason().isEmpty();
    }

    /** Why ClickHouse does not answer {@code SELECT 1} within {@link #PING_SECONDS}, or empty when it does. */
    public Optional<String> unavailableReason() {
        try {
            callWithin(PING_SECONDS, dsl -> dsl.fetchValue("SELECT 1"));
            return Optional.empty();
        } catch (StorageUnavailableException e) {
            return Optional.of(e.getCause() == null ? e.getMessage() : ClickHouseFailures.reason(e.getCause()));
        }
    }

    @Override
    public void close() {
        HikariDataSource current = pool;
        if (current != null) {
            current.close();
        }
        embedded.ifPresent(EmbeddedClickHouse::close);
    }

    /** {@code jdbc:ch://user:secret@host:8123/otel?password=…} → {@code jdbc:ch://user:***@host:8123/otel}. */
    static String endpointOf(String url) {
        int parameters = url.indexOf('?');
        return Redaction.url(parameters < 0 ? url : url.substring(0, parameters));
    }

    /**
     * jOOQ's connections: borrowed from the pool per statement, so jOOQ works before the pool exists. Each
     * gets the read bound's socket timeout here: Hikari resets a connection's network timeout after
     * validating it, to 0 — no timeout — for clickhouse-jdbc, whose statements then ignore the driver-wide
     * {@code socket_timeout} (seen as reads hanging for as long as ClickHouse was frozen).
     */
    private final class PoolConnections implements ConnectionProvider {
        @Override
        public Connection acquire() {
            try {
                Connection connection = pool().getConnection();
                try {
                    connection.setNetworkTimeout(SAME_THREAD, socketMillis(timeouts.readSeconds()));
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
                return connection;
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException("no connection to ClickHouse: "
                        + ClickHouseFailures.reason(e), e);
            } catch (StorageUnavailableException e) {
                throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
            }
        }

        @Override
        public void release(Connection connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException("returning a connection failed", e);
            }
        }
    }
}
