package dev.annotations.api.evaluation;

import dev.annotations.api.collector.CollectorRows;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.JsonEachRow;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code annotation_evaluation_rejections}: evaluation events that did not become scores, and why. */
public final class EvaluationRejections {
    /** Which way the event came. */
    public enum Path {
        /** Our OTLP/HTTP receiver; the sender also saw the refusal in {@code partial_success}. */
        RECEIVER,
        /** A Collector's {@code otel_logs} table, read through the inbox. */
        COLLECTOR
    }

    /** One refused event. {@code projectId} is null when the event named no usable project. */
    public record Rejection(UUID eventId, UUID projectId, Instant rejectedAt, Path path, long eventTimestampNanos,
                            String traceId, String spanId, String serviceName, String name, String reason,
                            Map<String, String> attributes) {

        static Rejection of(EvaluationEvent event, UUID projectId, Path path, String reason) {
            return new Rejection(event.scoreId(), projectId, null, path, event.timestampNanos(), event.traceId(),
                    event.spanId(), event.serviceName(), event.logAttributes().getOrDefault(EvaluationAttributes.NAME, ""),
                    reason, event.logAttributes());
        }
    }

    private static final Field<UUID> EVENT_ID = Columns.uuid("event_id");
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<LocalDateTime> REJECTED_AT = Columns.timestamp("rejected_at");
    private static final Field<String> PATH = Columns.string("path");
    private static final Field<Long> EVENT_TIMESTAMP = DSL.field("toUnixTimestamp64Nano({0})", Long.class,
            DSL.field(DSL.name("event_timestamp")));
    private static final Field<String> TRACE_ID = Columns.string("trace_id");
    private static final Field<String> SPAN_ID = Columns.string("span_id");
    private static final Field<String> SERVICE_NAME = Columns.string("service_name");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> REASON = Columns.string("reason");
    private static final Field<Map<String, String>> ATTRIBUTES = Columns.stringMap("attributes");

    private final ClickHouseStorage storage;
    private final Table<Record> table;
    private final Clock clock;

    public EvaluationRejections(ClickHouseStorage storage, Clock clock) {
        this.storage = storage;
        this.table = DSL.table(storage.table("annotation_evaluation_rejections"));
        this.clock = clock;
    }

    void record(List<Rejection> rejections) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] rows = JsonEachRow.encode(rejections, (json, rejection) -> {
            json.writeStringField("event_id", rejection.eventId().toString());
            if (rejection.projectId() == null) {
                json.writeNullField("project_id");
            } else {
                json.writeStringField("project_id", rejection.projectId().toString());
            }
            json.writeStringField("rejected_at", JsonEachRow.dateTime64(now));
            json.writeStringField("path", rejection.path().name());
            json.writeStringField("event_timestamp", CollectorRows.unixTime(rejection.eventTimestampNanos()));
            json.writeStringField("trace_id", rejection.traceId());
            json.writeStringField("span_id", rejection.spanId());
            json.writeStringField("service_name", rejection.serviceName());
            json.writeStringField("name", rejection.name());
            json.writeStringField("reason", rejection.reason());
            JsonEachRow.writeStringMap(json, "attributes", rejection.attributes());
        });
        storage.insertJsonEachRow("annotation_evaluation_rejections", rows);
    }

    /**
     * The project's rejections, newest first; with {@code includeUnassigned} also those that named no
     * usable project (only ADMINs see those: they may hold other projects' events).
     */
    /** Where a page of rejections ended: the last one's (rejected at, event id), the list's sort key. */
    public record After(Instant rejectedAt, UUID eventId) {
    }

    public List<Rejection> list(UUID projectId, boolean includeUnassigned, Optional<After> after, int limit) {
        Condition project = includeUnassigned ? PROJECT_ID.eq(projectId).or(PROJECT_ID.isNull()) : PROJECT_ID.eq(projectId);
        Condition where = project.and(after.map(last -> DSL.row(REJECTED_AT, EVENT_ID).lt(
                Columns.utc(last.rejectedAt()), last.eventId())).orElse(DSL.noCondition()));
        return storage.call(dsl -> dsl.select(EVENT_ID, PROJECT_ID, REJECTED_AT, PATH, EVENT_TIMESTAMP, TRACE_ID, SPAN_ID,
                        SERVICE_NAME, NAME, REASON, ATTRIBUTES)
                .from(Columns.finalView(table)).where(where).orderBy(REJECTED_AT.desc(), EVENT_ID.desc()).limit(limit)
                .fetch(row -> new Rejection(row.get(EVENT_ID), row.get(PROJECT_ID), Columns.instant(row.get(REJECTED_AT)),
                        Path.valueOf(row.get(PATH)), row.get(EVENT_TIMESTAMP), row.get(TRACE_ID), row.get(SPAN_ID),
                        row.get(SERVICE_NAME), row.get(NAME), row.get(REASON), row.get(ATTRIBUTES))));
    }
}
