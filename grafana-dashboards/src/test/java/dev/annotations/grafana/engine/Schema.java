package dev.annotations.grafana.engine;

import dev.annotations.api.config.AppConfig;
import dev.annotations.api.migration.MigrationCatalog;
import dev.annotations.api.migration.Migrator;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/**
 * The schema the dashboards read, built by the service's own migrations (annotation-api), so the panels
 * are tested against exactly the tables and views a deployment has: the Collector's {@code otel_*}
 * tables, {@code annotation_*} tables, the analyst views and this module's pre-aggregations (V020+).
 */
public final class Schema {
    /** The database of the provisioned datasource, of deploy/ and of the service's default. */
    public static final String DATABASE = "otel";

    private Schema() {
    }

    /** Runs every migration against the engine's HTTP interface, as the service does against a server. */
    public static void migrate(EmbeddedClickHouse engine) {
        migrate(engine, DATABASE);
    }

    /** The same into another database of the engine (the benchmarks compare two copies of the schema side by side). */
    public static void migrate(EmbeddedClickHouse engine, String database) {
        AppConfig config = AppConfig.from(Map.of(
                "CLICKHOUSE_URL", engine.jdbcUrl("default"),
                "CLICKHOUSE_USER", engine.credentials().user(),
                "CLICKHOUSE_PASSWORD", engine.credentials().password(),
                "CLICKHOUSE_DATABASE", database,
                "ANNOTATION_DATA_DIR", System.getProperty("java.io.tmpdir")), new Properties());
        try (ClickHouseStorage storage = ClickHouseStorage.open(config)) {
            new Migrator(storage, MigrationCatalog.load(), "grafana-dashboards-test", Clock.systemUTC()).migrate();
        }
    }
}
