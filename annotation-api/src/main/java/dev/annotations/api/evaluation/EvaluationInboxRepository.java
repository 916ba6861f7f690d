package dev.annotations.api.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.collector.CollectorRepository;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The only SQL about the evaluation inbox ({@code annotation_evaluation_inbox}, its materialized view) and
 * the reader's place in it ({@code annotation_ingest_cursors}).
 *
 * <p>{@link #install} creates the materialized view that copies every evaluation event inserted into {@code otel_logs} —
 * by a Collector or by our receiver — into {@code annotation_evaluation_inbox}, stamped with its arrival
 * time. A view rather than a scan of otel_logs by event time, because a Collector may deliver events late
 * (retries, batching, queues) and a time-based scan would skip them; a view rather than a view straight
 * into scores, because a score must pass validation against the project's configs, which SQL cannot do
 * and which must record what it refuses. The first install also copies the events already in otel_logs.
 */
public final class EvaluationInboxRepository {
    private static final Logger LOG = Logger.getLogger(EvaluationInboxRepository.class.getName());
    static final String TABLE = "annotation_evaluation_inbox";
    static final String VIEW = "annotation_evaluation_inbox_mv";
    static final String CURSORS = "annotation_ingest_cursors";
    /** The cursor whose presence says the first copy of otel_logs into the inbox has finished. */
    static final String BACKFILLED = "inbox-backfill-done";
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    /** A place in the inbox: rows sort by (arrival in microseconds, event key). */
    record Position(long receivedMicros, long eventKey) {
    }

    /** One inbox row: where it lies and the event it holds. */
    record Row(Position position, EvaluationEvent event) {
    }

    private static final Field<Long> RECEIVED_MICROS = DSL.field("toUnixTimestamp64Micro(received_at)", Long.class)
            .as("received_micros");
    private static final Field<Long> EVENT_KEY = DSL.field(DSL.name("event_key"), Long.class);
    private static final Field<Long> TIME_NANOS = DSL.field("toUnixTimestamp64Nano(Timestamp)", Long.class).as("time_nanos");
    private static final Field<String> TRACE_ID = DSL.field(DSL.name("TraceId"), String.class);
    private static final Field<String> SPAN_ID = DSL.field(DSL.name("SpanId"), String.class);
    private static final Field<String> SERVICE_NAME = DSL.field(DSL.name("ServiceName"), String.class);
    private static final Field<String> RESOURCE_ATTRIBUTES = DSL.field("toJSONString(ResourceAttributes)", String.class)
            .as("resource_attributes");
    private static final Field<String> LOG_ATTRIBUTES = DSL.field("toJSONString(LogAttributes)", String.class)
            .as("log_attributes");

    private final ClickHouseStorage storage;
    private final CollectorRepository collector;
    private final ObjectMapper mapper;

    public EvaluationInboxRepository(ClickHouseStorage storage, CollectorRepository collector, ObjectMapper mapper) {
        this.storage = storage;
        this.collector = collector;
        this.mapper = mapper;
    }

    public void install() {
        if (!exists(VIEW)) {
            String onCluster = storage.cluster().map(name -> " ON CLUSTER " + ClickHouseStorage.quoted(name)).orElse("");
            storage.executeStatement("CREATE MATERIALIZED VIEW IF NOT EXISTS " + storage.qualified(VIEW) + onCluster
                    + " TO " + storage.qualified(TABLE) + " AS " + selectEvents());
        }
        // The events stored before the view existed. Until a copy has finished, every start copies again:
        // a start that created the view and then failed before the copy completed would otherwise lose those
        // events for good. An event copied twice is harmless, as the score id comes from the event.
        if (!backfilled()) {
            storage.executeStatement("INSERT INTO " + storage.qualified(TABLE) + " " + selectEvents());
            savePosition(BACKFILLED, new Position(0, 0), Instant.now());
            LOG.info("evaluation events in " + storage.collectorTables().logs() + " now flow into " + TABLE);
        }
    }

    private boolean exists(String table) {
        return storage.call(dsl -> dsl.fetchExists(DSL.selectOne().from(DSL.table(DSL.name("system", "tables")))
                .where(DSL.field(DSL.name("database")).eq(storage.database()))
                .and(DSL.field(DSL.name("name")).eq(table))));
    }

    private boolean backfilled() {
        return storage.call(dsl -> dsl.fetchExists(DSL.selectOne().from(DSL.table(storage.table(CURSORS)))
                .where(DSL.field(DSL.name("name")).eq(BACKFILLED))));
    }

    /** The events of otel_logs, by event name or (older SDKs, older tables without EventName) the event.name attribute. */
    private String selectEvents() {
        String name = "'" + EvaluationAttributes.EVENT_NAME + "'";
        String filter = "LogAttributes['" + EvaluationAttributes.LEGACY_EVENT_NAME + "'] = " + name;
        if (collector.logColumns().eventName()) {
            filter = "EventName = " + name + " OR " + filter;
        }
        return "SELECT now64(6, 'UTC') AS received_at,"
                // below 2^63, so it fits a Java long
                + " cityHash64(TraceId, SpanId, toUnixTimestamp64Nano(Timestamp), toString(LogAttributes)) % 9223372036854775807 AS event_key,"
                + " Timestamp, TraceId, SpanId, ServiceName, ResourceAttributes, LogAttributes"
                + " FROM " + storage.qualified(storage.collectorTables().logs()) + " WHERE " + filter;
    }

    /**
     * Up to {@code limit} rows after {@code from}, in arrival order, leaving rows younger than {@code lag}
     * for a later read (an INSERT that stamped its rows earlier may become visible later).
     */
    List<Row> readAfter(Position from, Duration lag, int limit) {
        return storage.call(dsl -> dsl.select(RECEIVED_MICROS, EVENT_KEY, TIME_NANOS, TRACE_ID, SPAN_ID, SERVICE_NAME,
                        RESOURCE_ATTRIBUTES, LOG_ATTRIBUTES)
                .from(DSL.table(storage.table(TABLE)))
                .where(DSL.condition("(toUnixTimestamp64Micro(received_at), event_key) > ({0}, {1})",
                        DSL.val(from.receivedMicros()), DSL.val(from.eventKey())))
                .and(DSL.condition("received_at <= now64(6, 'UTC') - toIntervalMillisecond({0})", DSL.val(lag.toMillis())))
                .orderBy(DSL.field(DSL.name("received_at")), EVENT_KEY)
                .limit(limit)
                .fetch(row -> new Row(new Position(row.get(RECEIVED_MICROS), row.get(EVENT_KEY)),
                        new EvaluationEvent(row.get(TIME_NANOS), row.get(TRACE_ID), row.get(SPAN_ID),
                                row.get(SERVICE_NAME), map(row.get(RESOURCE_ATTRIBUTES)), map(row.get(LOG_ATTRIBUTES))))));
    }

    /** The reader's saved place, or the beginning. */
    Position position(String reader) {
        return storage.call(dsl -> dsl.select(RECEIVED_MICROS, EVENT_KEY)
                .from(Columns.finalView(DSL.table(storage.table(CURSORS))))
                .where(DSL.field(DSL.name("name")).eq(reader))
                .fetchOptional()
                .map(row -> new Position(row.get(RECEIVED_MICROS), row.get(EVENT_KEY)))
                .orElse(new Position(0, 0)));
    }

    void savePosition(String reader, Position position, Instant now) {
        storage.call(dsl -> dsl.query("INSERT INTO {0} (name, received_at, event_key, updated_at)"
                        + " VALUES ({1}, fromUnixTimestamp64Micro({2}, 'UTC'), {3}, fromUnixTimestamp64Micro({4}, 'UTC'))",
                DSL.table(storage.table(CURSORS)), DSL.val(reader), DSL.val(position.receivedMicros()),
                DSL.val(position.eventKey()), DSL.val(now.toEpochMilli() * 1000)).execute());
    }

    private Map<String, String> map(String json) {
        try {
            return mapper.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ClickHouse returned a map that is not JSON: " + json, e);
        }
    }
}
