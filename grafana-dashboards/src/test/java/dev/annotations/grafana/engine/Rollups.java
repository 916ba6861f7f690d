package dev.annotations.grafana.engine;

import java.util.List;

/**
 * The refreshable materialized views of migrations V022–V025 and V080, which keep the dashboards' pre-aggregations. They
 * refresh on their own schedule (every 1 or 5 minutes); tests and the benchmark run them at once instead.
 */
public final class Rollups {
    public static final List<String> VIEWS = List.of(
            "annotation_score_rollup_hourly_mv",
            "annotation_judge_rollup_hourly_mv",
            "annotation_annotator_agreement_hourly_mv",
            "annotation_queue_status_counts_mv",
            "annotation_queue_changes_hourly_mv",
            "annotation_retrieval_rollup_mv",
            "annotation_trace_quality_hourly_mv");

    private Rollups() {
    }

    /** Runs one view's refresh now and waits until it has replaced (or appended to) its table. */
    public static void refresh(SqlClient sql, String view) {
        sql.execute("SYSTEM REFRESH VIEW " + view);
        sql.execute("SYSTEM WAIT VIEW " + view);
    }

    public static void refreshAll(SqlClient sql) {
        VIEWS.forEach(view -> refresh(sql, view));
    }
}
