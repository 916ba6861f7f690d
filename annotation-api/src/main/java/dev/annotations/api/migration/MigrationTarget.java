package dev.annotations.api.migration;

import java.util.Optional;

/**
 * Fills a migration's placeholders for one deployment: {@code ${db}} the database, {@code ${onCluster}}
 * {@code ON CLUSTER <name>} when a cluster is configured, and the {@code ${MergeTree}} family of engine
 * names, which become their {@code Replicated*} variants on a cluster (replica path and name then come
 * from the server's {@code default_replica_path} / {@code default_replica_name}).
 */
public record MigrationTarget(String database, Optional<String> cluster) {
    private static final String[] ENGINES = {"ReplacingMergeTree", "AggregatingMergeTree", "MergeTree"};

    String render(String template) {
        String rendered = template
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
