package dev.annotations.api.system;

import dev.annotations.api.ApiClient;
import dev.annotations.api.ChildEngine;
import dev.annotations.api.Polling;
import dev.annotations.api.ServiceProcess;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up against a ClickHouse that is not there yet, and start-ups that cannot succeed. The service runs
 * as users run it (its own JVM, server mode); ClickHouse is the embedded engine in another JVM on a fixed
 * port, started late or prepared to refuse.
 */
class StartWithoutClickHouseTest {
    /** Generous: a JVM with the service or the engine starts in seconds even on a busy 2-core machine. */
    private static final Duration LIMIT = Duration.ofSeconds(120);
    /** How long ClickHouse stays away, as in the report. */
    private static final Duration ENGINE_LATE_BY = Duration.ofSeconds(20);

    private static ChildEngine running;

    @BeforeAll
    static void startEngine() throws InterruptedException {
        running = ChildEngine.onFreePort().start();
    }

    @AfterAll
    static void stopEngine() throws InterruptedException {
        running.close();
    }

    @Test
    void a_service_started_before_clickhouse_says_why_it_is_not_ready_and_becomes_ready_once_clickhouse_answers()
            throws InterruptedException {
        try (ChildEngine late = ChildEngine.onFreePort();
             ServiceProcess service = ServiceProcess.start(serverMode(late, Map.of(
                     // a short cap, so the attempt after the engine comes up is soon (the default is 10 s)
                     "ANNOTATION_STARTUP_RETRY_MAX_MS", "2000")))) {
            long started = System.nanoTime();
            ApiClient client = new ApiClient(service.port());

            ApiClient.Response waiting = awaitRetrying(client, service);
            assertThat(waiting.status()).isEqualTo(503);
            assertThat(waiting.header("Content-Type")).startsWith("application/problem+json");
            assertThat(waiting.header("Retry-After")).isNotNull();
            String detail = waiting.json().get("detail").asText();
            assertThat(detail).startsWith("waiting for ClickHouse at jdbc:clickhouse:http://127.0.0.1:" + late.port()
                    + "/default: connection refused; attempt ").contains(", next in ");
            assertThat(detail).doesNotContain(ChildEngine.PASSWORD);
            assertThat(client.get("/health", null).status()).isEqualTo(200);

            Thread.sleep(Math.max(0, ENGINE_LATE_BY.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis()));
            assertThat(service.jvm().isAlive()).as(service.jvm().output()).isTrue();
            assertThat(client.get("/ready", null).status()).isEqualTo(503);
            late.start();

            service.awaitReady(client, LIMIT);
            String id = UUID.randomUUID().toString();
            ApiClient.Response stored = client.postJson("/api/v1/scores", TestService.BOOTSTRAP_KEY,
                    "{\"id\":\"" + id + "\",\"target\":{\"type\":\"TRACE\",\"traceId\":\"0123456789abcdef0123456789abcdef\"},"
                            + "\"name\":\"late\",\"value\":1}");
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
            assertThat(client.get("/api/v1/scores/" + id, TestService.BOOTSTRAP_KEY).status()).isEqualTo(200);
        }
    }

    @Test
    void an_applied_migration_that_was_changed_ends_the_start_with_exit_code_1_and_the_reason() throws InterruptedException {
        String database = TestService.freshDatabase();
        running.query("CREATE DATABASE " + database);
        running.query("CREATE TABLE " + database + ".annotation_schema_migrations (version UInt32, name String, "
                + "checksum String, applied_at DateTime64(3, 'UTC'), applied_by String) "
                + "ENGINE = ReplacingMergeTree(applied_at) ORDER BY version");
        running.query("INSERT INTO " + database + ".annotation_schema_migrations VALUES "
                + "(1, 'collector_tables', 'not-its-checksum', now64(3), 'someone-else')");

        String output = exitOf(Map.of("CLICKHOUSE_DATABASE", database), 1);

        assertThat(output).contains("cannot start: migrating the schema: migration V1__collector_tables was changed "
                + "after it was applied");
    }

    @Test
    void ddl_that_clickhouse_refuses_ends_the_start_with_exit_code_1() throws InterruptedException {
        String output = exitOf(Map.of("CLICKHOUSE_DATABASE", TestService.freshDatabase(),
                "CLICKHOUSE_CLUSTER", "no_such_cluster"), 1);

        assertThat(output).contains("cannot start: migrating the schema:").contains("no_such_cluster");
    }

    @Test
    void wrong_clickhouse_credentials_end_the_start_with_exit_code_1() throws InterruptedException {
        String output = exitOf(Map.of("CLICKHOUSE_DATABASE", TestService.freshDatabase(),
                "CLICKHOUSE_PASSWORD", "not-the-password"), 1);

        assertThat(output).contains("cannot start: waiting for ClickHouse at").contains("Authentication failed")
                .doesNotContain("not-the-password");
    }

    @Test
    void a_configuration_error_ends_the_start_with_exit_code_2() throws InterruptedException {
        String output = exitOf(Map.of("ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS", "soon"), 2);

        assertThat(output).contains("ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS must be a number of seconds");
    }

    /** Starts the service against the running engine and expects it to exit with {@code code}; returns its output. */
    private static String exitOf(Map<String, String> settings, int code) throws InterruptedException {
        try (ServiceProcess service = ServiceProcess.start(serverMode(running, settings))) {
            OptionalInt exit = service.jvm().awaitExit(LIMIT);
            assertThat(exit).as("exited on its own:\n" + service.jvm().output()).isPresent();
            assertThat(exit.getAsInt()).as(service.jvm().output()).isEqualTo(code);
            return service.jvm().output();
        }
    }

    private static Map<String, String> serverMode(ChildEngine engine, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of(
                "CLICKHOUSE_URL", engine.jdbcUrl(),
                "CLICKHOUSE_USER", ChildEngine.USER,
                "CLICKHOUSE_PASSWORD", ChildEngine.PASSWORD,
                "CLICKHOUSE_DATABASE", TestService.freshDatabase()));
        env.putAll(settings);
        return env;
    }

    /** The first {@code /ready} answer that reports a retry (the process needs a moment to listen). */
    private static ApiClient.Response awaitRetrying(ApiClient client, ServiceProcess service) {
        AtomicReference<ApiClient.Response> retrying = new AtomicReference<>();
        Polling.until(LIMIT, () -> "a retry reported:\n" + service.jvm().output(), () -> {
            assertThat(service.jvm().isAlive()).as(service.jvm().output()).isTrue();
            try {
                ApiClient.Response ready = client.get("/ready", null);
                retrying.set(ready);
                return ready.status() == 503 && ready.body().contains("attempt");
            } catch (RuntimeException notListeningYet) {
                return false;
            }
        });
        return retrying.get();
    }
}
