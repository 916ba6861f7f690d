package dev.annotations.api.migration;

import dev.annotations.api.config.CollectorTables;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations that name the Collector's tables do so by placeholder, and a deployment that applied them
 * when they named {@code otel_traces} literally still finds the same checksums.
 */
class CollectorTablePlaceholdersTest {
    /** SHA-256 of the files as first applied (0.1), before their table names became placeholders. */
    private static final Map<Integer, String> APPLIED = Map.of(
            1, "4a1b5508d66e48b27d9fa9d9b8db7165959a1067c96b9ba993fe161dc58ae51d",
            3, "d7d7a8a13807c55171067c224a0792ebff0e75b6356f30bbf7b76d8f8516b0b0",
            21, "885e4bf2dda3cccf5cfb0bb48bc414152f3cb9d4f02142940a73691ce44d8574");

    @Test
    void migrations_that_now_use_table_placeholders_keep_the_checksums_deployments_recorded() {
        Map<Integer, String> now = MigrationCatalog.load().stream().filter(m -> APPLIED.containsKey(m.version()))
                .collect(Collectors.toMap(Migration::version, Migration::checksum));

        assertThat(now).isEqualTo(APPLIED);
    }

    @Test
    void no_migration_names_a_collector_table_literally_in_sql() {
        for (Migration migration : MigrationCatalog.load()) {
            String sql = migration.template().lines().filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            // every table is qualified by ${db}; a column COMMENT may still mention otel_logs
            assertThat(sql).as(migration.name()).doesNotContain("}.otel_");
        }
    }

    @Test
    void the_placeholders_render_as_the_configured_names() {
        Migration migration = new Migration(99, "x", "SELECT 1 FROM ${db}.${tracesTable} JOIN ${db}.${traceIdTsTable}_mv"
                + " JOIN ${db}.${logsTable}");
        MigrationTarget target = new MigrationTarget("otel", Optional.empty(),
                new CollectorTables("llm_traces", "llm_logs", "llm_ids"));

        assertThat(migration.statements(target)).containsExactly(
                "SELECT 1 FROM `otel`.llm_traces JOIN `otel`.llm_ids_mv JOIN `otel`.llm_logs");
    }
}
