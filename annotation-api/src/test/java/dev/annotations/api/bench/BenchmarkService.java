package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.config.AppConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/** What every benchmark starts from: the service on a fresh embedded engine, with a known admin key. */
public final class BenchmarkService {
    public static final String KEY = "benchmark-bootstrap-key-0123456789";

    private BenchmarkService() {
    }

    /** Starts the service on an empty data directory named after the benchmark, listening on loopback. */
    public static AnnotationService start(String name) throws IOException {
        return start(Files.createTempDirectory(name));
    }

    /** Starts the service on {@code dataDirectory}, empty or kept from an earlier run. */
    public static AnnotationService start(java.nio.file.Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /** Like {@link #start(java.nio.file.Path)}, with some variables added (ANNOTATION_SCORE_DURABILITY, ANNOTATION_CLICKHOUSE_ANALYTICS_TIMEOUT_SECONDS). */
    public static AnnotationService start(java.nio.file.Path dataDirectory, Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ANNOTATION_PORT", "0", "ANNOTATION_HOST", "127.0.0.1",
                "ANNOTATION_DATA_DIR", dataDirectory.toString(), "ANNOTATION_BOOTSTRAP_ADMIN_KEY", KEY));
        env.putAll(overrides);
        AppConfig config = AppConfig.from(env, new Properties());
        return AnnotationService.start(config, Clock.systemUTC(), key -> { });
    }
}
