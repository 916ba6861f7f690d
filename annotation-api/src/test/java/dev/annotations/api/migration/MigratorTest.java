package dev.annotations.api.migration;

import dev.annotations.api.TestService;
import dev.annotations.api.storage.ClickHouseStorage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigratorTest {
    /** The Collector exporter's otel_traces columns (shared/reference/otel-clickhouse-schema.md), Nested flattened. */
    private static final List<String> OTEL_TRACES_COLUMNS = List.of(
            "Timestamp DateTime64(9)", "TraceId String", "SpanId String", "ParentSpanId String", "TraceState String",
            "SpanName LowCardinality(String)", "SpanKind LowCardinality(String)", "ServiceName LowCardinality(String)",
            "ResourceAttributes Map(LowCardinality(String), String)", "ScopeName String", "ScopeVersion String",
            "SpanAttributes Map(LowCardinality(String), String)", "Duration UInt64",
            "StatusCode LowCardinality(String)", "StatusMessage String",
            "Events.Timestamp Array(DateTime64(9))", "Events.Name Array(LowCardinality(String))",
            "Events.Attributes Array(Map(LowCardinality(String), String))",
            "Links.TraceId Array(String)", "Links.SpanId Array(String)", "Links.TraceState Array(String)",
            "Links.Attributes Array(Map(LowCardinality(String), String))");
    private static final List<String> OTEL_LOGS_COLUMNS = List.of(
            "Timestamp DateTime64(9)", "TraceId String", "SpanId String", "TraceFlags UInt8",
            "SeverityText LowCardinality(String)", "SeverityNumber UInt8", "ServiceName LowCardinality(String)",
            "Body String", "ResourceSchemaUrl LowCardinality(String)",
            "ResourceAttributes Map(LowCardinality(String), String)", "ScopeSchemaUrl LowCardinality(String)",
            "ScopeName String", "ScopeVersion LowCardinality(String)",
            "ScopeAttributes Map(LowCardinality(String), String)", "LogAttributes Map(LowCardinality(String), String)",
            "EventName String");

    private static final int NEWEST = MigrationCatalog.load().getLast().version();
    private static final int MIGRATIONS = MigrationCatalog.load().size();

    private static ClickHouseStorage storage(String database) {
        return ClickHouseStorage.open(TestService.config(database));
    }

    private static Migrator migrator(ClickHouseStorage storage) {
        return new Migrator(storage, MigrationCatalog.load(), "test", Clock.systemUTC());
    }

    private static List<String> columns(ClickHouseStorage storage, String table) {
        return storage.call(dsl -> dsl.fetch("SELECT name, type FROM system.columns WHERE database = ? AND table = ? ORDER BY position",
                        storage.database(), table))
                .map(row -> row.get(0, String.class) + " " + row.get(1, String.class));
    }

    private static long count(ClickHouseStorage storage, String sql) {
        return storage.call(dsl -> ((Number) dsl.fetchValue(sql.replace("${db}", storage.database()))).longValue());
    }

    @Test
    void creates_the_collector_tables_with_exactly_the_exporter_columns() {
        try (ClickHouseStorage storage = storage(TestService.freshDatabase())) {
            assertThat(migrator(storage).migrate()).isEqualTo(NEWEST);

            assertThat(columns(storage, "otel_traces")).containsExactlyElementsOf(OTEL_TRACES_COLUMNS);
            assertThat(columns(storage, "otel_logs")).containsExactlyElementsOf(OTEL_LOGS_COLUMNS);
            assertThat(columns(storage, "otel_traces_trace_id_ts")).containsExactly("TraceId String",
                    "Start SimpleAggregateFunction(min, DateTime)", "End SimpleAggregateFunction(max, DateTime)");
        }
    }

    @Test
    void the_materialized_view_records_each_trace_time_range() {
        try (ClickHouseStorage storage = storage(TestService.freshDatabase())) {
            migrator(storage).migrate();
            storage.executeStatement("INSERT INTO `" + storage.database() + "`.otel_traces (Timestamp, TraceId, SpanId) VALUES "
                    + "('2026-11-25 10:00:00.000000001', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'), "
                    + "('2026-11-25 10:05:00.000000001', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'cccccccccccccccc')");

            String range = storage.call(dsl -> String.valueOf(dsl.fetchValue("SELECT concat(toString(min(Start)), ' ', toString(max(End))) FROM `"
                    + storage.database() + "`.otel_traces_trace_id_ts WHERE TraceId = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'")));
            assertThat(range).isEqualTo("2026-11-25 10:00:00 2026-11-25 10:05:00");
        }
    }

    @Test
    void running_twice_changes_nothing_and_records_each_migration_once() {
        try (ClickHouseStorage storage = storage(TestService.freshDatabase())) {
            migrator(storage).migrate();
            migrator(storage).migrate();

            assertThat(count(storage, "SELECT count() FROM `${db}`.annotation_schema_migrations FINAL")).isEqualTo(MIGRATIONS);
            // names starting with '.' are ClickHouse's own (a refreshing view's temporary table)
            List<String> tables = storage.call(dsl -> dsl.fetch("SELECT name FROM system.tables WHERE database = ? "
                    + "AND NOT startsWith(name, '.') ORDER BY name", storage.database()).getValues(0, String.class));
            assertThat(tables).containsExactly(
                    "annotation_annotator_agreement_hourly", "annotation_annotator_agreement_hourly_mv",
                    "annotation_api_keys", "annotation_automation_runs", "annotation_automations", "annotation_consensus",
                    "annotation_dataset_items", "annotation_dataset_jobs", "annotation_dataset_versions", "annotation_datasets",
                    "annotation_evaluation_inbox", "annotation_evaluation_rejections", "annotation_export_jobs",
                    "annotation_feedback_comments", "annotation_feedback_comments_mv",
                    "annotation_ingest_cursors", "annotation_judge_rollup_hourly", "annotation_judge_rollup_hourly_mv",
                    "annotation_projects", "annotation_queue_changes_hourly", "annotation_queue_changes_hourly_mv",
                    "annotation_queue_events", "annotation_queue_item_status",
                    "annotation_queue_items", "annotation_queue_jobs", "annotation_queue_leases", "annotation_queue_status_counts",
                    "annotation_queue_status_counts_mv", "annotation_queues", "annotation_retrieval_rollup",
                    "annotation_retrieval_rollup_mv", "annotation_schema_migrations",
                    "annotation_score_configs", "annotation_score_facts", "annotation_score_facts_mv",
                    "annotation_score_history", "annotation_score_history_mv",
                    "annotation_score_rollup", "annotation_score_rollup_hourly", "annotation_score_rollup_hourly_mv",
                    "annotation_scores", "annotation_scores_by_time", "annotation_scores_current", "annotation_scores_with_spans",
                    "annotation_span_dims", "annotation_span_dims_mv", "annotation_trace_quality_hourly",
                    "annotation_trace_quality_hourly_mv",
                    "otel_logs", "otel_traces", "otel_traces_trace_id_ts", "otel_traces_trace_id_ts_mv");
        }
    }

    @Test
    void two_instances_migrating_at_once_both_succeed() throws Exception {
        String database = TestService.freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ClickHouseStorage first = storage(database); ClickHouseStorage second = storage(database)) {
            List<Callable<Integer>> runs = List.of(() -> migrator(first).migrate(), () -> migrator(second).migrate());
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> run : pool.invokeAll(runs)) {
                versions.add(run.get());
            }

            assertThat(versions).containsExactly(NEWEST, NEWEST);
            assertThat(count(first, "SELECT count() FROM `${db}`.annotation_schema_migrations FINAL")).isEqualTo(MIGRATIONS);
            assertThat(columns(first, "otel_traces")).containsExactlyElementsOf(OTEL_TRACES_COLUMNS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_existing_collector_table_is_never_altered() {
        try (ClickHouseStorage storage = storage(TestService.freshDatabase())) {
            String db = "`" + storage.database() + "`";
            storage.executeStatement("CREATE DATABASE " + db);
            // An older exporter generation: Int64 duration, ORDER BY without PRIMARY KEY, no Links.
            storage.executeStatement("CREATE TABLE " + db + ".otel_traces (Timestamp DateTime64(9), TraceId String, "
                    + "SpanId String, ParentSpanId String, TraceState String, SpanName LowCardinality(String), "
                    + "SpanKind LowCardinality(String), ServiceName LowCardinality(String), "
                    + "ResourceAttributes Map(LowCardinality(String), String), SpanAttributes Map(LowCardinality(String), String), "
                    + "Duration Int64, StatusCode LowCardinality(String), StatusMessage String) "
                    + "ENGINE = MergeTree ORDER BY (ServiceName, SpanName, toUnixTimestamp(Timestamp))");
            List<String> before = columns(storage, "otel_traces");

            migrator(storage).migrate();

            assertThat(columns(storage, "otel_traces")).isEqualTo(before).contains("Duration Int64");
        }
    }

    @Test
    void a_migration_edited_after_it_ran_stops_the_start() {
        try (ClickHouseStorage storage = storage(TestService.freshDatabase())) {
            migrator(storage).migrate();
            List<Migration> edited = new ArrayList<>(MigrationCatalog.load());
            Migration first = edited.getFirst();
            edited.set(0, new Migration(first.version(), first.name(), first.template() + "\n-- edited"));

            assertThatThrownBy(() -> new Migrator(storage, edited, "test", Clock.systemUTC()).migrate())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("V1__collector_tables was changed after it was applied");
        }
    }
}
