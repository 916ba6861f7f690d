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
import dev.annotations.clickhouse.EmbeddedClickHouse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Where the service's data lives: a ClickHouse server ({@code CLICKHOUSE_URL}) or the embedded engine.
 * Both are reached the same way, through the official JDBC driver over ClickHouse's HTTP interface, and
 * every table name is qualified with the configured database.
 */
public final class ClickHouseStorage implements AutoCloseable {
    private static final String TOP_K_DYNAMIC_FILTERING = "use_top_k_dynamic_filtering";
    private static final Logger LOG = Logger.getLogger(ClickHouseStorage.class.getName());
    /** JDBC connections to ClickHouse: the number of statements the service runs at once. */
    static final int POOL_SIZE = 8;
    /** How long a request waits for a connection, or for ClickHouse to accept one, before 503. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** The longest a streamed read may take to send its first bytes (an export's query may aggregate first). */
    static final long STREAM_START_TIMEOUT_SECONDS = 60;
    /** The longest an INSERT may take before the writes in it answer 503. */
    static final long INSERT_TIMEOUT_SECONDS = 30;

    static {
        // jOOQ prints a banner and a "tip of the day" on first use; logs are for operators.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final String database;
    private final Optional<String> cluster;
    private final Optional<EmbeddedClickHouse> embedded;

    private ClickHouseStorage(HikariDataSource dataSource, String database, Optional<String> cluster,
                              Optional<EmbeddedClickHouse> embedded) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, SQLDialect.CLICKHOUSE, new Settings()
                .withRenderSchema(true)
                .withExecuteLogging(false));
        this.database = database;
        this.cluster = cluster;
        this.embedded = embedded;
    }

    /** Connects to the configured server, or boots the embedded engine under the data directory. */
    public static ClickHouseStorage open(AppConfig config) {
        if (config.clickhouseUrl().isPresent()) {
            String url = config.clickhouseUrl().get();
            HikariDataSource dataSource = dataSource(url, config.clickhouseUser(), config.clickhousePassword(),
                    hasTopKDynamicFiltering(url, config.clickhouseUser(), config.clickhousePassword()));
            return new ClickHouseStorage(dataSource, config.clickhouseDatabase(), config.clickhouseCluster(),
                    Optional.empty());
        }
        EmbeddedClickHouse.Options options = EmbeddedClickHouse.Options.defaults(config.dataDirectory().resolve("clickhouse"));
        EmbeddedClickHouse engine = EmbeddedClickHouse.start(published(config.publishedEngine())
                .map(options::withPublished).orElse(options));
        LOG.info("embedded ClickHouse " + engine.version() + " serving this process on " + engine.httpUrl());
        engine.publishedUrl().ifPresent(url -> LOG.info(publishedAnnouncement(url, config.publishedEngine())));
        // The engine's own default database: ours may not exist until migrations create it. The engine's
        // account has a password drawn at its start, known to this process only.
        EmbeddedClickHouse.Account account = engine.credentials();
        HikariDataSource dataSource = dataSource(engine.jdbcUrl("default"), account.user(), account.password(), true);
        return new ClickHouseStorage(dataSource, config.clickhouseDatabase(), Optional.empty(), Optional.of(engine));
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
    private static HikariDataSource dataSource(String url, String user, String password, boolean disableTopKFiltering) {
        Properties properties = credentials(user, password);
        if (disableTopKFiltering) {
            // ClickHouse 26.5's top-K dynamic filtering mixes up the columns of a two-column ORDER BY … LIMIT
            // (e.g. Timestamp DESC, SpanId DESC): about 4 % of span searches failed with "Cannot parse DateTime:
            // while converting '<span id>' to DateTime64(9)" in __topKFilter. Off for every query of ours.
            properties.setProperty("clickhouse_setting_" + TOP_K_DYNAMIC_FILTERING, "0");
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("clickhouse");
        pool.setDataSource(new DataSourceImpl(url, properties));
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // Start even when ClickHouse is not up yet: requests answer 503 until it is.
        pool.setInitializationFailTimeout(-1);
        return new HikariDataSource(pool);
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    /**
     * Whether the server knows {@value #TOP_K_DYNAMIC_FILTERING} (naming a setting a server lacks fails every
     * query). A server unreachable at start-up is taken not to; the answer is logged.
     */
    private static boolean hasTopKDynamicFiltering(String url, String user, String password) {
        try (Connection connection = new DataSourceImpl(url, credentials(user, password)).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count() FROM system.settings WHERE name = '"
                     + TOP_K_DYNAMIC_FILTERING + "'")) {
            boolean known = rows.next() && rows.getLong(1) > 0;
            LOG.info("ClickHouse setting " + TOP_K_DYNAMIC_FILTERING + (known ? " turned off for our queries" : " unknown to this server"));
            return known;
        } catch (SQLException e) {
            LOG.warning("could not ask ClickHouse whether it has " + TOP_K_DYNAMIC_FILTERING + " (" + e.getMessage()
                    + "); leaving it as the server has it");
            return false;
        }
    }

    /** Runs work against ClickHouse; a failure to reach it or a refused statement becomes {@link StorageUnavailableException}. */
    public <T> T call(Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new StorageUnavailableException("ClickHouse failed: " + e.getMessage(), e);
        }
    }

    /**
     * Hands the rows of {@code query} to {@code consumer} as the driver reads them off the response, never
     * holding the whole result: for reads larger than memory (exports). Returns how many rows there were.
     * A failure midway throws {@link StorageUnavailableException} after the rows already handed over.
     */
    public <R extends Record> long stream(Function<DSLContext, ResultQuery<R>> query, Consumer<? super R> consumer) {
        try (Cursor<R> rows = query.apply(dsl).fetchLazy()) {
            long count = 0;
            for (R row : rows) {
                consumer.accept(row);
                count++;
            }
            return count;
        } catch (org.jooq.exception.DataAccessException e) {
            throw new StorageUnavailableException("ClickHouse failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql} and copies ClickHouse's own output in {@code format} (CSV, Parquet, JSONEachRow…) to
     * {@code out} as it arrives, so ClickHouse writes the format and nothing is held in memory. Values are
     * bound as ClickHouse query parameters: {@code {name:Type}} in the text, {@code name → value} in
     * {@code parameters}. Returns the bytes copied.
     */
    public long streamFormatted(String sql, Map<String, Object> parameters, ClickHouseFormat format, OutputStream out) {
        try (Connection connection = dataSource.getConnection()) {
            Client client = connection.unwrap(ConnectionImpl.class).getClient();
            QuerySettings settings = new QuerySettings().setFormat(format).setDatabase(database);
            try (QueryResponse response = client.query(sql, parameters, settings)
                    .get(STREAM_START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                 InputStream in = response.getInputStream()) {
                return in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a streamed result failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted during a streamed read", e);
        } catch (Exception e) {
            throw new StorageUnavailableException("ClickHouse failed a streamed read: " + e.getMessage(), e);
        }
    }

    /**
     * Runs one DDL statement as written, over plain JDBC: jOOQ's plain-SQL templating would read the
     * braces of ClickHouse macros such as {@code '{replica}'} as its own placeholders.
     */
    public void executeStatement(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StorageUnavailableException("ClickHouse failed: " + e.getMessage(), e);
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
     * @param deduplicationToken the token, or null for none
     */
    public void insertJsonEachRow(String table, byte[] rows, String deduplicationToken) {
        try (Connection connection = dataSource.getConnection()) {
            Client client = connection.unwrap(ConnectionImpl.class).getClient();
            InsertSettings settings = new InsertSettings();
            if (deduplicationToken != null) {
                settings.serverSetting("insert_deduplication_token", deduplicationToken);
            }
            InsertResponse response = client.insert(qualified(table),
                    new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow, settings)
                    .get(INSERT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            response.close();
        } catch (SQLException | ExecutionException | TimeoutException e) {
            throw new StorageUnavailableException("ClickHouse insert into " + table + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted during an insert into " + table, e);
        } catch (Exception e) {
            throw new StorageUnavailableException("ClickHouse insert into " + table + " failed: " + e.getMessage(), e);
        }
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

    /** True when ClickHouse answers a trivial query. */
    public boolean ping() {
        try {
            return call(dsl -> dsl.fetchValue("SELECT 1")) != null;
        } catch (StorageUnavailableException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
        embedded.ifPresent(EmbeddedClickHouse::close);
    }
}
