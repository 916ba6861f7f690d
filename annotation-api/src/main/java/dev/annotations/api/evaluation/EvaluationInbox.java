package dev.annotations.api.evaluation;

import dev.annotations.api.otlp.CollectorTables;
import dev.annotations.api.storage.ClickHouseStorage;
import org.jooq.impl.DSL;

import java.util.logging.Logger;

/**
 * Installs the materialized view that copies every evaluation event inserted into {@code otel_logs} —
 * by a Collector or by our receiver — into {@code annotation_evaluation_inbox}, stamped with its arrival
 * time. A view rather than a scan of otel_logs by event time, because a Collector may deliver events late
 * (retries, batching, queues) and a time-based scan would skip them; a view rather than a view straight
 * into scores, because a score must pass validation against the project's configs, which SQL cannot do
 * and which must record what it refuses. The first install also copies the events already in otel_logs.
 */
public final class EvaluationInbox {
    private static final Logger LOG = Logger.getLogger(EvaluationInbox.class.getName());
    static final String TABLE = "annotation_evaluation_inbox";
    static final String VIEW = "annotation_evaluation_inbox_mv";

    private final ClickHouseStorage storage;
    private final CollectorTables collectorTables;

    public EvaluationInbox(ClickHouseStorage storage, CollectorTables collectorTables) {
        this.storage = storage;
        this.collectorTables = collectorTables;
    }

    public void install() {
        boolean exists = storage.call(dsl -> dsl.fetchExists(DSL.selectOne().from(DSL.table(DSL.name("system", "tables")))
                .where(DSL.field(DSL.name("database")).eq(storage.database()))
                .and(DSL.field(DSL.name("name")).eq(VIEW))));
        if (exists) {
            return;
        }
        String select = selectEvents();
        String onCluster = storage.cluster().map(name -> " ON CLUSTER " + ClickHouseStorage.quoted(name)).orElse("");
        storage.executeStatement("CREATE MATERIALIZED VIEW IF NOT EXISTS " + storage.qualified(VIEW) + onCluster
                + " TO " + storage.qualified(TABLE) + " AS " + select);
        // Events stored before the view existed; one copied twice by a concurrent insert is harmless,
        // as the score id comes from the event.
        storage.executeStatement("INSERT INTO " + storage.qualified(TABLE) + " " + select);
        LOG.info("evaluation events in " + CollectorTables.LOGS + " now flow into " + TABLE);
    }

    /** The events of otel_logs, by event name or (older SDKs, older tables without EventName) the event.name attribute. */
    private String selectEvents() {
        String name = "'" + EvaluationAttributes.EVENT_NAME + "'";
        String filter = "LogAttributes['" + EvaluationAttributes.LEGACY_EVENT_NAME + "'] = " + name;
        if (collectorTables.logColumns().eventName()) {
            filter = "EventName = " + name + " OR " + filter;
        }
        return "SELECT now64(6, 'UTC') AS received_at,"
                // below 2^63, so it fits a Java long
                + " cityHash64(TraceId, SpanId, toUnixTimestamp64Nano(Timestamp), toString(LogAttributes)) % 9223372036854775807 AS event_key,"
                + " Timestamp, TraceId, SpanId, ServiceName, ResourceAttributes, LogAttributes"
                + " FROM " + storage.qualified(CollectorTables.LOGS) + " WHERE " + filter;
    }

}
