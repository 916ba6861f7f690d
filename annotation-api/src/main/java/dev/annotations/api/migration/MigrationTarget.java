package dev.annotations.api.migration;

import dev.annotations.api.config.CollectorTables;

import java.util.Map;
import java.util.Optional;

/**
 * Fills a migration's placeholders for one deployment: {@code ${db}} the database, {@code ${onCluster}}
 * {@code ON CLUSTER <name>} when a cluster is configured, and the {@code ${MergeTree}} family of engine
 * names, which become their {@code Replicated*} variants on a cluster (replica path and name then come
 * from the server's {@code default_replica_path} / {@code default_replica_name}). The Collector's tables are
 * {@code ${tracesTable}}, {@code ${logsTable}} and {@code ${traceIdTsTable}}, named as configured
 * ({@link CollectorTables}); a migration's checksum is taken over its text with the exporter's default names
 * filled in ({@link Migration#checksum()}), so turning a literal {@code otel_traces} into the placeholder
 * does not change an applied migration.
 */
public record MigrationTarget(String database, Optional<String> cluster, CollectorTables tables) {
    public MigrationTarget(String database, Optional<String> cluster) {
        this(database, cluster, CollectorTables.defaults());
    }

    /** The Collector's default table names in place of their placeholders, nothing else filled in. */
    static String withDefaultTables(String template) {
        return fillTables(template, CollectorTables.defaults());
    }

    private static String fillTables(String template, CollectorTables tables) {
        String rendered = template;
        for (Map.Entry<String, String> placeholder : tables.placeholders().entrySet()) {
            rendered = rendered.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return rendered;
    }

    private static final String[] ENGINES = {"ReplacingMergeTree", "AggregatingMergeTree", "MergeTree"};

    String render(String template) {
        String rendered = fillTables(template, tables)
                .replace("${db}", quote(database))
                .replace("${onCluster}", cluster.map(name -> "ON CLUSTER " + quote(name)).orElse(""));
        for (String engine : ENGINES) {
            rendered = rendered.replace("${" + engine + "}", cluster.isPresent() ? "Replicated" + engine : engine);
        }
        return rendered;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
