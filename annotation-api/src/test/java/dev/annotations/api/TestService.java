package dev.annotations.api;

import dev.annotations.api.config.AppConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Starts the real service graph against the shared engine, in a fresh database. */
public final class TestService {
    public static final String BOOTSTRAP_KEY = "test-bootstrap-key-0123456789abcdef";

    private TestService() {
    }

    public static String freshDatabase() {
        return "test_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static AppConfig config(String database) {
        return config(database, SharedClickHouse.engine().jdbcUrl("default"));
    }

    public static AppConfig config(String database, String clickhouseUrl) {
        return config(database, clickhouseUrl, Map.of());
    }

    /**
     * The test configuration with some variables replaced or added. The shared engine is reached as a
     * server, with the engine's own account, unless the overrides name a password (a child JVM does: it
     * has no engine of its own to ask).
     */
    public static AppConfig config(String database, String clickhouseUrl, Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "ANNOTATION_PORT", "0",
                "ANNOTATION_HOST", "127.0.0.1",
                "ANNOTATION_DATA_DIR", Path.of(System.getProperty("java.io.tmpdir"), "unused").toString(),
                "CLICKHOUSE_URL", clickhouseUrl,
                "CLICKHOUSE_DATABASE", database,
                "ANNOTATION_BOOTSTRAP_ADMIN_KEY", BOOTSTRAP_KEY,
                "ANNOTATION_MAX_REQUEST_BYTES", "65536",
                // tests read the evaluation inbox themselves (AnnotationService.readEvaluationInbox), at once
                "ANNOTATION_EVENTS_POLL_INTERVAL_MS", "0",
                "ANNOTATION_EVENTS_POLL_LAG_MS", "0"));
        if (!overrides.containsKey("CLICKHOUSE_PASSWORD")) {
            env.put("CLICKHOUSE_USER", SharedClickHouse.engine().credentials().user());
            env.put("CLICKHOUSE_PASSWORD", SharedClickHouse.engine().credentials().password());
        }
        env.putAll(overrides);
        return AppConfig.from(env, new Properties());
    }

    public static AnnotationService start(String database) {
        return start(database, Clock.systemUTC());
    }

    public static AnnotationService start(String database, Clock clock) {
        return AnnotationService.start(config(database), clock, key -> {
            throw new AssertionError("a configured bootstrap key must not be replaced by a generated one");
        });
    }
}
