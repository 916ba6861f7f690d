package dev.annotations.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything the service reads from its environment, once, at start-up. Each setting comes from a
 * system property (lower case, dots: {@code annotation.port}) or else an environment variable
 * ({@code ANNOTATION_PORT}), else its default. The README's configuration table lists them all.
 */
public record AppConfig(
        String host,
        int port,
        Path dataDirectory,
        Optional<String> clickhouseUrl,
        String clickhouseUser,
        String clickhousePassword,
        String clickhouseDatabase,
        Optional<String> clickhouseCluster,
        Optional<String> bootstrapAdminKey,
        PublishedEngine publishedEngine,
        long maxRequestBytes,
        Ingest ingest,
        Timeouts timeouts,
        CollectorTables collectorTables,
        Feedback feedback,
        QueueClaims queueClaims,
        ScoreDurability scoreDurability) {

    /**
     * When a score write is acknowledged (README, "Score durability").
     *
     * @param log             ANNOTATION_SCORE_DURABILITY: {@code log} (the default with the embedded engine) — once
     *                        the write is in a local write-ahead log, fdatasync'd, loaded into ClickHouse in batches
     *                        after; {@code insert} (the default with CLICKHOUSE_URL) — once its INSERT returned, with
     *                        the server's {@code async_insert = 1, wait_for_async_insert = 1}
     * @param logDirectory    ANNOTATION_SCORE_LOG_DIR; default {@code <ANNOTATION_DATA_DIR>/score-log}
     * @param maxPendingRows  ANNOTATION_SCORE_LOG_MAX_PENDING_ROWS: scores the log may hold not yet loaded; then 503
     * @param maxPendingBytes ANNOTATION_SCORE_LOG_MAX_PENDING_BYTES: the same in bytes of their rows
     * @param loadInterval    ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS: how long an acknowledged score waits in the log
     *                        before the loader INSERTs it (unless a read of this instance asks for it sooner)
     */
    public record ScoreDurability(boolean log, Path logDirectory, long maxPendingRows, long maxPendingBytes,
                                  Duration loadInterval) {
        public static final long DEFAULT_MAX_PENDING_ROWS = 200_000;
        public static final long DEFAULT_MAX_PENDING_BYTES = 256L * 1024 * 1024;
        /** What Grafana and SQL may lag behind acknowledged scores while ClickHouse answers. */
        public static final Duration DEFAULT_LOAD_INTERVAL = Duration.ofSeconds(1);
        /** Longer would widen what a lost log disk loses (server mode) and what SQL lags, for no measured gain. */
        public static final Duration MAX_LOAD_INTERVAL = Duration.ofMinutes(1);
    }

    /**
     * How queue claims are served (README, "Queues: the claim protocol").
     *
     * @param leased       ANNOTATION_QUEUE_CLAIMS: {@code lease} (default) — one instance at a time owns a queue by a
     *                     lease and serves its claims from memory; {@code log} — every claim is its own
     *                     compare-and-set INSERT (the earlier protocol, kept as the benchmark's baseline)
     * @param advertisedUrl ANNOTATION_ADVERTISED_URL: where other instances reach this one to forward a queue's work
     *                     to its owner; empty: {@code http://<host>:<port>} (the host name when bound to 0.0.0.0)
     * @param journal      ANNOTATION_QUEUE_DURABILITY: {@code journal} (the default with leased claims on the embedded
     *                     engine) — a queue owner's events count as stored once in a local journal, fdatasync'd,
     *                     loaded into ClickHouse after; {@code insert} (the default with CLICKHOUSE_URL) — once their
     *                     INSERT returned
     * @param journalDirectory ANNOTATION_QUEUE_JOURNAL_DIR; default {@code <ANNOTATION_DATA_DIR>/queue-journal}; one
     *                     instance's own (it is locked while the service runs)
     * @param journalLoadInterval ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS: how long journaled events wait before
     *                     the loader INSERTs them (unless a new owner of their queue asks sooner)
     */
    public record QueueClaims(boolean leased, Optional<String> advertisedUrl, boolean journal, Path journalDirectory,
                              Duration journalLoadInterval) {
        public static final Duration DEFAULT_JOURNAL_LOAD_INTERVAL = Duration.ofSeconds(1);
        /** What other instances' views of a queue and SQL may lag behind its owner. */
        public static final Duration MAX_JOURNAL_LOAD_INTERVAL = Duration.ofMinutes(1);

        public QueueClaims {
            if (journal && !leased) {
                throw new IllegalArgumentException("ANNOTATION_QUEUE_DURABILITY=journal needs leased claims"
                        + " (ANNOTATION_QUEUE_CLAIMS=lease): with ANNOTATION_QUEUE_CLAIMS=log every claim is its own INSERT");
            }
        }
    }

    /**
     * Embedded mode: the engine's ClickHouse HTTP interface published for other clients (Grafana, curl).
     * Every client of that port logs in; the service itself uses a private port with a password of its own.
     *
     * @param port             ANNOTATION_EMBEDDED_CLICKHOUSE_PORT; empty: nothing is published
     * @param user             ANNOTATION_EMBEDDED_CLICKHOUSE_USER, a read-write user
     * @param password         ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD, required when a port is published
     * @param readOnlyUser     ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER, e.g. for Grafana; empty: none
     * @param readOnlyPassword ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD, required with a read-only user
     */
    public record PublishedEngine(Optional<Integer> port, String user, Optional<String> password,
                                  Optional<String> readOnlyUser, Optional<String> readOnlyPassword) {
        public static final String DEFAULT_USER = "default";

        public static PublishedEngine none() {
            return new PublishedEngine(Optional.empty(), DEFAULT_USER, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Passwords stay out of logs. */
        @Override
        public String toString() {
            return port.map(p -> "port " + p + " for " + user + readOnlyUser.map(r -> " and read-only " + r).orElse(""))
                    .orElse("(not published)");
        }
    }

    /**
     * The OTLP receiver and the evaluation-event ingestion.
     *
     * @param otlpMaxDecodedBytes largest OTLP body after gzip decompression (the compressed body is bounded by maxRequestBytes)
     * @param eventsProjectId     project that receives evaluation events arriving through a Collector's otel_logs
     *                            when the event names none (attribute annotation.project.id)
     * @param eventsPollInterval  how often otel_logs' evaluation events are turned into scores; zero turns it off
     * @param eventsPollLag       how old an event row must be before it is read, so rows of INSERTs still in flight are not skipped
     */
    public record Ingest(long otlpMaxDecodedBytes, Optional<UUID> eventsProjectId, Duration eventsPollInterval,
                         Duration eventsPollLag) {
        public static final long DEFAULT_OTLP_MAX_DECODED_BYTES = 64L * 1024 * 1024;
        public static final Duration DEFAULT_EVENTS_POLL_INTERVAL = Duration.ofSeconds(1);
        public static final Duration DEFAULT_EVENTS_POLL_LAG = Duration.ofSeconds(5);
    }

    /**
     * How long each kind of work may take before it answers 503 or is retried (README "Reliability").
     * ClickHouse gets each statement's bound as {@code max_execution_time}; the driver waits that long plus
     * {@link #SOCKET_MARGIN} for bytes before it gives up on the connection, so a frozen ClickHouse cannot hold
     * a request longer.
     *
     * @param readSeconds     every read of a request or a background job (jOOQ / JDBC statements)
     * @param writeSeconds    every INSERT (scores, spans, logs, queue events, rejections)
     * @param ddlSeconds      each migration statement, and the evaluation inbox's view and backfill
     * @param analyticsSeconds each statement of an analytics request (agreement, consensus, judges, retrieval):
     *                        they aggregate every rating of a config, which takes longer than a point read
     * @param startupRetryMax the longest pause between two attempts to reach ClickHouse and migrate at start-up
     * @param httpIdleTimeout how long the API's HTTP connections may stay silent before Jetty closes them;
     *                        longer than the slowest request's bound, so no request is cut by it
     */
    public record Timeouts(int readSeconds, int writeSeconds, int ddlSeconds, int analyticsSeconds,
                           Duration startupRetryMax, Duration httpIdleTimeout) {
        public static final int DEFAULT_READ_SECONDS = 10;
        public static final int DEFAULT_WRITE_SECONDS = 10;
        public static final int DEFAULT_DDL_SECONDS = 300;
        /** Below the HTTP idle timeout's default, so an analytics request is answered before Jetty closes it. */
        public static final int DEFAULT_ANALYTICS_SECONDS = 90;
        public static final Duration DEFAULT_STARTUP_RETRY_MAX = Duration.ofSeconds(10);
        public static final Duration DEFAULT_HTTP_IDLE_TIMEOUT = Duration.ofSeconds(120);
        /** Added to a statement's max_execution_time to get the driver's socket timeout: ClickHouse should time out first. */
        public static final Duration SOCKET_MARGIN = Duration.ofSeconds(2);

        public static Timeouts defaults() {
            return new Timeouts(DEFAULT_READ_SECONDS, DEFAULT_WRITE_SECONDS, DEFAULT_DDL_SECONDS,
                    DEFAULT_ANALYTICS_SECONDS, DEFAULT_STARTUP_RETRY_MAX, DEFAULT_HTTP_IDLE_TIMEOUT);
        }

        /** The driver's socket timeout for a statement allowed {@code seconds} in ClickHouse. */
        public static Duration socketTimeout(int seconds) {
            return Duration.ofSeconds(seconds).plus(SOCKET_MARGIN);
        }
    }

    public static final long DEFAULT_MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    public static final int MIN_BOOTSTRAP_KEY_LENGTH = 24;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public static AppConfig fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** Reads the configuration; a value that does not parse fails with a message naming the variable. */
    public static AppConfig from(Map<String, String> env, Properties properties) {
        Source source = new Source(env, properties);
        Path dataDirectory = Path.of(source.get("ANNOTATION_DATA_DIR").orElse("./data"));
        Optional<String> clickhouseUrl = source.jdbcUrl("CLICKHOUSE_URL");
        return new AppConfig(
                source.get("ANNOTATION_HOST").orElse("0.0.0.0"),
                source.port("ANNOTATION_PORT").orElse(8080),
                dataDirectory,
                clickhouseUrl,
                source.get("CLICKHOUSE_USER").orElse("default"),
                source.get("CLICKHOUSE_PASSWORD").orElse(""),
                source.identifier("CLICKHOUSE_DATABASE").orElse("otel"),
                source.identifier("CLICKHOUSE_CLUSTER"),
                source.bootstrapKey("ANNOTATION_BOOTSTRAP_ADMIN_KEY"),
                source.publishedEngine(),
                source.positiveLong("ANNOTATION_MAX_REQUEST_BYTES").orElse(DEFAULT_MAX_REQUEST_BYTES),
                new Ingest(
                        source.positiveLong("ANNOTATION_OTLP_MAX_DECODED_BYTES").orElse(Ingest.DEFAULT_OTLP_MAX_DECODED_BYTES),
                        source.uuid("ANNOTATION_EVENTS_PROJECT_ID"),
                        source.millis("ANNOTATION_EVENTS_POLL_INTERVAL_MS").orElse(Ingest.DEFAULT_EVENTS_POLL_INTERVAL),
                        source.millis("ANNOTATION_EVENTS_POLL_LAG_MS").orElse(Ingest.DEFAULT_EVENTS_POLL_LAG)),
                new Timeouts(
                        source.seconds("ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS").orElse(Timeouts.DEFAULT_READ_SECONDS),
                        source.seconds("ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS").orElse(Timeouts.DEFAULT_WRITE_SECONDS),
                        source.seconds("ANNOTATION_CLICKHOUSE_DDL_TIMEOUT_SECONDS").orElse(Timeouts.DEFAULT_DDL_SECONDS),
                        source.seconds("ANNOTATION_CLICKHOUSE_ANALYTICS_TIMEOUT_SECONDS").orElse(Timeouts.DEFAULT_ANALYTICS_SECONDS),
                        source.positiveMillis("ANNOTATION_STARTUP_RETRY_MAX_MS").orElse(Timeouts.DEFAULT_STARTUP_RETRY_MAX),
                        source.positiveMillis("ANNOTATION_HTTP_IDLE_TIMEOUT_MS").orElse(Timeouts.DEFAULT_HTTP_IDLE_TIMEOUT)),
                new CollectorTables(
                        source.get("CLICKHOUSE_TRACES_TABLE").orElse(CollectorTables.DEFAULT_TRACES),
                        source.get("CLICKHOUSE_LOGS_TABLE").orElse(CollectorTables.DEFAULT_LOGS),
                        source.get("CLICKHOUSE_TRACE_ID_TS_TABLE").orElse(CollectorTables.DEFAULT_TRACE_ID_TS)),
                new Feedback(
                        source.get("ANNOTATION_CORS_ORIGINS").map(Feedback::origins).orElse(List.of()),
                        source.positiveLong("ANNOTATION_FEEDBACK_RATE_PER_MINUTE")
                                .map(rate -> (int) Math.min(rate, Integer.MAX_VALUE)).orElse(Feedback.DEFAULT_RATE_PER_MINUTE)),
                queueClaims(source, dataDirectory, clickhouseUrl.isEmpty()),
                new ScoreDurability(source.durability("ANNOTATION_SCORE_DURABILITY").orElse(clickhouseUrl.isEmpty()),
                        source.get("ANNOTATION_SCORE_LOG_DIR").map(Path::of).orElse(dataDirectory.resolve("score-log")),
                        source.positiveLong("ANNOTATION_SCORE_LOG_MAX_PENDING_ROWS")
                                .orElse(ScoreDurability.DEFAULT_MAX_PENDING_ROWS),
                        source.positiveLong("ANNOTATION_SCORE_LOG_MAX_PENDING_BYTES")
                                .orElse(ScoreDurability.DEFAULT_MAX_PENDING_BYTES),
                        source.positiveMillisAtMost("ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS", ScoreDurability.MAX_LOAD_INTERVAL)
                                .orElse(ScoreDurability.DEFAULT_LOAD_INTERVAL)));
    }

    private static QueueClaims queueClaims(Source source, Path dataDirectory, boolean embedded) {
        boolean leased = source.claims("ANNOTATION_QUEUE_CLAIMS");
        return new QueueClaims(leased,
                source.get("ANNOTATION_ADVERTISED_URL").map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                source.queueDurability("ANNOTATION_QUEUE_DURABILITY").orElse(leased && embedded),
                source.get("ANNOTATION_QUEUE_JOURNAL_DIR").map(Path::of).orElse(dataDirectory.resolve("queue-journal")),
                source.positiveMillisAtMost("ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", QueueClaims.MAX_JOURNAL_LOAD_INTERVAL)
                        .orElse(QueueClaims.DEFAULT_JOURNAL_LOAD_INTERVAL));
    }

    /** True when no CLICKHOUSE_URL is set: the service runs the engine itself. */
    public boolean embedded() {
        return clickhouseUrl.isEmpty();
    }

    public AppConfig withPort(int newPort) {
        return new AppConfig(host, newPort, dataDirectory, clickhouseUrl, clickhouseUser, clickhousePassword,
                clickhouseDatabase, clickhouseCluster, bootstrapAdminKey, publishedEngine, maxRequestBytes, ingest,
                timeouts, collectorTables, feedback, queueClaims, scoreDurability);
    }

    public AppConfig withClickhouseUrl(String url) {
        return new AppConfig(host, port, dataDirectory, Optional.of(url), clickhouseUser, clickhousePassword,
                clickhouseDatabase, clickhouseCluster, bootstrapAdminKey, publishedEngine, maxRequestBytes, ingest,
                timeouts, collectorTables, feedback, queueClaims, scoreDurability);
    }

    /** Secrets stay out of logs. */
    @Override
    public String toString() {
        return "AppConfig[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory
                + ", clickhouseUrl=" + clickhouseUrl.map(Redaction::url).orElse("(embedded)") + ", clickhouseUser=" + clickhouseUser
                + ", clickhouseDatabase=" + clickhouseDatabase + ", clickhouseCluster=" + clickhouseCluster.orElse("")
                + ", publishedEngine=" + publishedEngine
                + ", maxRequestBytes=" + maxRequestBytes + ", ingest=" + ingest + ", timeouts=" + timeouts
                + ", collectorTables=" + collectorTables + ", feedback=" + feedback + ", queueClaims=" + queueClaims + ", scoreDurability=" + scoreDurability + "]";
    }

    private record Source(Map<String, String> env, Properties properties) {
        /** Checked only where it matters: embedded mode with a port to publish. */
        PublishedEngine publishedEngine() {
            Optional<Integer> port = port("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT");
            if (port.isEmpty() || get("CLICKHOUSE_URL").isPresent()) {
                return PublishedEngine.none();
            }
            String user = userName("ANNOTATION_EMBEDDED_CLICKHOUSE_USER").orElse(PublishedEngine.DEFAULT_USER);
            Optional<String> password = get("ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD must be set when "
                        + "ANNOTATION_EMBEDDED_CLICKHOUSE_PORT publishes the embedded engine: every client of that "
                        + "port logs in (user " + user + ", from ANNOTATION_EMBEDDED_CLICKHOUSE_USER)");
            }
            Optional<String> readOnlyUser = userName("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER");
            Optional<String> readOnlyPassword = get("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD");
            if (readOnlyUser.isPresent() != readOnlyPassword.isPresent()) {
                throw new IllegalArgumentException("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER and "
                        + "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD must be set together");
            }
            if (readOnlyUser.isPresent() && readOnlyUser.get().equals(user)) {
                throw new IllegalArgumentException("ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER must differ from "
                        + "ANNOTATION_EMBEDDED_CLICKHOUSE_USER, both are '" + user + "'");
            }
            return new PublishedEngine(port, user, password, readOnlyUser, readOnlyPassword);
        }

        /** A user name HTTP Basic authentication can carry: no ':' and no spaces. */
        Optional<String> userName(String variable) {
            return get(variable).map(text -> {
                if (text.indexOf(':') >= 0 || text.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException(variable + " must be a user name without ':' or spaces, was '"
                            + text + "'");
                }
                return text;
            });
        }

        /** {@code lease} (true, the default) or {@code log}. */
        boolean claims(String variable) {
            return get(variable).map(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "lease" -> true;
                case "log" -> false;
                default -> throw new IllegalArgumentException(variable + " must be lease or log, was '" + text + "'");
            }).orElse(true);
        }

        /** {@code log} (true) or {@code insert}. */
        Optional<Boolean> durability(String variable) {
            return get(variable).map(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "log" -> true;
                case "insert" -> false;
                default -> throw new IllegalArgumentException(variable + " must be log or insert, was '" + text + "'");
            });
        }

        /** {@code journal} (true) or {@code insert}. */
        Optional<Boolean> queueDurability(String variable) {
            return get(variable).map(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "journal" -> true;
                case "insert" -> false;
                default -> throw new IllegalArgumentException(variable + " must be journal or insert, was '" + text + "'");
            });
        }

        Optional<String> get(String variable) {
            String property = properties.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
            String value = property != null ? property : env.get(variable);
            return Optional.ofNullable(value).filter(text -> !text.isBlank());
        }

        Optional<Integer> port(String variable) {
            return get(variable).map(text -> {
                try {
                    int port = Integer.parseInt(text.trim());
                    if (port >= 0 && port <= 65535) {
                        return port;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(variable + " must be a port number 0..65535, was '" + text + "'");
            });
        }

        Optional<Long> positiveLong(String variable) {
            return get(variable).map(text -> {
                try {
                    long value = Long.parseLong(text.trim());
                    if (value > 0) {
                        return value;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(variable + " must be a positive number, was '" + text + "'");
            });
        }

        Optional<UUID> uuid(String variable) {
            return get(variable).map(text -> {
                try {
                    return UUID.fromString(text.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(variable + " must be a UUID, was '" + text + "'");
                }
            });
        }

        /** A whole number of seconds, 1 to one day (ClickHouse's max_execution_time takes seconds). */
        Optional<Integer> seconds(String variable) {
            return get(variable).map(text -> {
                try {
                    int value = Integer.parseInt(text.trim());
                    if (value >= 1 && value <= 86_400) {
                        return value;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(variable + " must be a number of seconds 1..86400, was '" + text + "'");
            });
        }

        /** A positive number of milliseconds. */
        Optional<Duration> positiveMillis(String variable) {
            return positiveLong(variable).map(Duration::ofMillis);
        }

        /** A number of milliseconds from 1 to {@code max}. */
        Optional<Duration> positiveMillisAtMost(String variable, Duration max) {
            return get(variable).map(text -> {
                try {
                    long value = Long.parseLong(text.trim());
                    if (value >= 1 && value <= max.toMillis()) {
                        return Duration.ofMillis(value);
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(variable + " must be a number of milliseconds 1.." + max.toMillis()
                        + ", was '" + text + "'");
            });
        }

        /** A non-negative number of milliseconds. */
        Optional<Duration> millis(String variable) {
            return get(variable).map(text -> {
                try {
                    long value = Long.parseLong(text.trim());
                    if (value >= 0) {
                        return Duration.ofMillis(value);
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(variable + " must be a number of milliseconds >= 0, was '" + text + "'");
            });
        }

        Optional<String> jdbcUrl(String variable) {
            return get(variable).map(text -> {
                if (!text.startsWith("jdbc:clickhouse:") && !text.startsWith("jdbc:ch:")) {
                    throw new IllegalArgumentException(variable + " must be a ClickHouse JDBC URL such as "
                            + "jdbc:ch://clickhouse:8123, was '" + Redaction.url(text) + "'");
                }
                return text;
            });
        }

        Optional<String> identifier(String variable) {
            return get(variable).map(text -> {
                if (!IDENTIFIER.matcher(text).matches()) {
                    throw new IllegalArgumentException(variable + " must be a ClickHouse identifier "
                            + "(letters, digits, underscore; up to 64), was '" + text + "'");
                }
                return text;
            });
        }

        Optional<String> bootstrapKey(String variable) {
            return get(variable).map(text -> {
                if (text.length() < MIN_BOOTSTRAP_KEY_LENGTH || text.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException(variable + " must be at least " + MIN_BOOTSTRAP_KEY_LENGTH
                            + " characters without spaces");
                }
                return text;
            });
        }
    }
}
