package dev.annotations.api.migration;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationTargetTest {
    private static final String TEMPLATE = """
            CREATE TABLE IF NOT EXISTS ${db}.t ${onCluster} (v UInt8) ENGINE = ${ReplacingMergeTree}(v) ORDER BY v
            ;
            CREATE TABLE IF NOT EXISTS ${db}.u ${onCluster} (v UInt8) ENGINE = ${MergeTree}() ORDER BY v
            ;
            CREATE TABLE IF NOT EXISTS ${db}.w ${onCluster} (v UInt8) ENGINE = ${AggregatingMergeTree}() ORDER BY v""";

    @Test
    void single_node_uses_plain_engines_without_on_cluster() {
        Migration migration = new Migration(1, "t", TEMPLATE);

        assertThat(migration.statements(new MigrationTarget("otel", Optional.empty()))).containsExactly(
                "CREATE TABLE IF NOT EXISTS `otel`.t  (v UInt8) ENGINE = ReplacingMergeTree(v) ORDER BY v",
                "CREATE TABLE IF NOT EXISTS `otel`.u  (v UInt8) ENGINE = MergeTree() ORDER BY v",
                "CREATE TABLE IF NOT EXISTS `otel`.w  (v UInt8) ENGINE = AggregatingMergeTree() ORDER BY v");
    }

    @Test
    void a_cluster_adds_on_cluster_and_replicated_engines() {
        Migration migration = new Migration(1, "t", TEMPLATE);

        assertThat(migration.statements(new MigrationTarget("otel", Optional.of("main")))).containsExactly(
                "CREATE TABLE IF NOT EXISTS `otel`.t ON CLUSTER `main` (v UInt8) ENGINE = ReplicatedReplacingMergeTree(v) ORDER BY v",
                "CREATE TABLE IF NOT EXISTS `otel`.u ON CLUSTER `main` (v UInt8) ENGINE = ReplicatedMergeTree() ORDER BY v",
                "CREATE TABLE IF NOT EXISTS `otel`.w ON CLUSTER `main` (v UInt8) ENGINE = ReplicatedAggregatingMergeTree() ORDER BY v");
    }

    @Test
    void every_shipped_migration_renders_for_a_cluster_with_no_placeholder_left() {
        for (Migration migration : MigrationCatalog.load()) {
            for (String statement : migration.statements(new MigrationTarget("otel", Optional.of("main")))) {
                assertThat(statement).doesNotContain("${");
                // DDL runs on every node; a backfill (INSERT … SELECT, V020–V022) writes on the replica running the
                // migration and replication carries the rows to the others
                if (!statement.replaceAll("(?m)^--.*$", "").strip().startsWith("INSERT")) {
                    assertThat(statement).contains("ON CLUSTER `main`");
                }
                if (statement.contains("ENGINE")) {
                    assertThat(statement).contains("ENGINE = Replicated");
                }
            }
        }
    }
}
