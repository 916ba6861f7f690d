package dev.annotations.api.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the Collector's tables, as its ClickHouse exporter is configured ({@code traces_table_name},
 * {@code logs_table_name}, and the trace-id lookup table beside the traces): {@code CLICKHOUSE_TRACES_TABLE},
 * {@code CLICKHOUSE_LOGS_TABLE}, {@code CLICKHOUSE_TRACE_ID_TS_TABLE}. Every name is a plain identifier
 * (letters, digits, underscore; up to 64, not starting with a digit), so it can be written into SQL and
 * migrations without quoting surprises.
 */
public record CollectorTables(String traces, String logs, String traceIdTs) {
    public static final String DEFAULT_TRACES = "otel_traces";
    public static final String DEFAULT_LOGS = "otel_logs";
    public static final String DEFAULT_TRACE_ID_TS = "otel_traces_trace_id_ts";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public CollectorTables {
        check("CLICKHOUSE_TRACES_TABLE", traces);
        check("CLICKHOUSE_LOGS_TABLE", logs);
        check("CLICKHOUSE_TRACE_ID_TS_TABLE", traceIdTs);
        if (traces.equals(logs) || traces.equals(traceIdTs) || logs.equals(traceIdTs)) {
            throw new IllegalArgumentException("CLICKHOUSE_TRACES_TABLE, CLICKHOUSE_LOGS_TABLE and "
                    + "CLICKHOUSE_TRACE_ID_TS_TABLE must name three different tables");
        }
    }

    /** The exporter's defaults. */
    public static CollectorTables defaults() {
        return new CollectorTables(DEFAULT_TRACES, DEFAULT_LOGS, DEFAULT_TRACE_ID_TS);
    }

    /** The materialized view that fills the trace-id table, named as the exporter names it. */
    public String traceIdTsView() {
        return traceIdTs + "_mv";
    }

    /** Migration placeholders and their values: {@code ${tracesTable}}, {@code ${logsTable}}, {@code ${traceIdTsTable}}. */
    public Map<String, String> placeholders() {
        return Map.of("tracesTable", traces, "logsTable", logs, "traceIdTsTable", traceIdTs);
    }

    private static void check(String variable, String name) {
        Objects.requireNonNull(name, variable);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(variable + " must be a table name of letters, digits and underscores "
                    + "(up to 64, not starting with a digit), was '" + name + "'");
        }
    }
}
