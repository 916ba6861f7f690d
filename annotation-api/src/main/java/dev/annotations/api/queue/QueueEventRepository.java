package dev.annotations.api.queue;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.JsonEachRow;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about the event log {@code annotation_queue_events}. */
final class QueueEventRepository {
    static final String TABLE = "annotation_queue_events";
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> QUEUE_ID = Columns.uuid("queue_id");
    private static final Field<UUID> ITEM_ID = Columns.uuid("item_id");
    private static final Field<LocalDateTime> AT = Columns.timestamp("at");
    private static final Field<UUID> EVENT_ID = Columns.uuid("event_id");
    private static final Field<String> TYPE = Columns.string("type");
    private static final Field<String> ANNOTATOR = Columns.string("annotator");
    private static final Field<String> ACTOR = Columns.string("actor");
    private static final Field<Integer> SEQ = Columns.int32("seq");
    private static final Field<Integer> REVIEW_SEQ = Columns.int32("review_seq");
    private static final Field<LocalDateTime> EXPIRES_AT = Columns.timestamp("expires_at");
    private static final Field<String> REASON = Columns.string("reason");
    private static final List<Field<?>> COLUMNS = List.of(ITEM_ID, AT, EVENT_ID, TYPE, ANNOTATOR, ACTOR, SEQ,
            REVIEW_SEQ, EXPIRES_AT, REASON);

    private final ClickHouseStorage storage;
    private final Table<Record> table;

    QueueEventRepository(ClickHouseStorage storage) {
        this.storage = storage;
        this.table = DSL.table(storage.table(TABLE));
    }

    /**
     * Stores one event in its own INSERT carrying {@code token}: if the token was used before, ClickHouse
     * drops the row and still answers OK. Read the item back to learn which row holds the token.
     */
    void insertWithToken(UUID projectId, UUID queueId, QueueEvent event, String token) {
        storage.insertJsonEachRow(TABLE, rows(projectId, queueId, List.of(event)), token);
    }

    /** Events that need no compare-and-set (assignments), in one INSERT. */
    void insertAll(UUID projectId, UUID queueId, Collection<QueueEvent> events) {
        if (!events.isEmpty()) {
            storage.insertJsonEachRow(TABLE, rows(projectId, queueId, events), null);
        }
    }

    /**
     * A queue owner's group commit (README, "Queues: the claim protocol"): many events in one INSERT whose
     * {@code token} names the batch, so retrying the very same batch after an undecided failure stores it once.
     */
    void insertBatch(UUID projectId, UUID queueId, Collection<QueueEvent> events, String token) {
        storage.insertJsonEachRow(TABLE, rows(projectId, queueId, events), token);
    }

    /** One item's events: a short range of the sort key. */
    List<QueueEvent> itemEvents(UUID projectId, UUID queueId, UUID itemId) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(table)
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId)).and(ITEM_ID.eq(itemId)))
                .fetch(QueueEventRepository::toEvent));
    }

    /** A queue's events at or after {@code from} (all of them when null). */
    List<QueueEvent> queueEvents(UUID projectId, UUID queueId, Instant from) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(table)
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId))
                        .and(from == null ? DSL.noCondition() : AT.ge(utc(from))))
                .fetch(QueueEventRepository::toEvent));
    }

    /** One annotator's submissions on one UTC day and the median seconds from claim to submit among them. */
    record DailyWork(String annotator, String day, long submissions, double medianSeconds) {
    }

    /**
     * Submissions per annotator and UTC day, with the median time from a claim to its submission (returned
     * submissions included: the work was done). Computed from the log, so every instance agrees.
     */
    List<DailyWork> dailyWork(UUID projectId, UUID queueId) {
        String sql = "SELECT annotator, toString(toDate(submitted)) AS day, count(),"
                + " quantileExact(0.5)(dateDiff('millisecond', claimed, submitted) / 1000.0)"
                + " FROM (SELECT item_id, seq, argMinIf(annotator, at, type = 'CLAIMED') AS annotator,"
                + "   minIf(at, type = 'CLAIMED') AS claimed, minIf(at, type = 'SUBMITTED') AS submitted"
                + "  FROM " + storage.qualified(TABLE)
                + "  WHERE project_id = ? AND queue_id = ? AND seq >= 0 AND type IN ('CLAIMED', 'SUBMITTED')"
                + "  GROUP BY item_id, seq HAVING countIf(type = 'SUBMITTED') > 0 AND countIf(type = 'CLAIMED') > 0)"
                + " GROUP BY annotator, day ORDER BY annotator, day";
        return storage.call(dsl -> dsl.fetch(sql, projectId, queueId).map(record -> new DailyWork(
                (String) record.get(0), (String) record.get(1), ((Number) record.get(2)).longValue(),
                ((Number) record.get(3)).doubleValue())));
    }

    /** The median seconds from claim to submit per annotator, over all their submissions. */
    Map<String, Double> medianSeconds(UUID projectId, UUID queueId) {
        String sql = "SELECT annotator, quantileExact(0.5)(dateDiff('millisecond', claimed, submitted) / 1000.0)"
                + " FROM (SELECT item_id, seq, argMinIf(annotator, at, type = 'CLAIMED') AS annotator,"
                + "   minIf(at, type = 'CLAIMED') AS claimed, minIf(at, type = 'SUBMITTED') AS submitted"
                + "  FROM " + storage.qualified(TABLE)
                + "  WHERE project_id = ? AND queue_id = ? AND seq >= 0 AND type IN ('CLAIMED', 'SUBMITTED')"
                + "  GROUP BY item_id, seq HAVING countIf(type = 'SUBMITTED') > 0 AND countIf(type = 'CLAIMED') > 0)"
                + " GROUP BY annotator ORDER BY annotator";
        Map<String, Double> medians = new LinkedHashMap<>();
        storage.call(dsl -> dsl.fetch(sql, projectId, queueId)).forEach(record ->
                medians.put((String) record.get(0), ((Number) record.get(1)).doubleValue()));
        String all = "SELECT quantileExact(0.5)(dateDiff('millisecond', claimed, submitted) / 1000.0)"
                + " FROM (SELECT item_id, seq, minIf(at, type = 'CLAIMED') AS claimed, minIf(at, type = 'SUBMITTED') AS submitted"
                + "  FROM " + storage.qualified(TABLE)
                + "  WHERE project_id = ? AND queue_id = ? AND seq >= 0 AND type IN ('CLAIMED', 'SUBMITTED')"
                + "  GROUP BY item_id, seq HAVING countIf(type = 'SUBMITTED') > 0 AND countIf(type = 'CLAIMED') > 0)";
        Object total = storage.call(dsl -> dsl.fetchValue(all, projectId, queueId));
        medians.put("", total instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : 0.0);
        return medians;
    }

    /**
     * Rows a queue journal holds ({@link QueueJournal}), each line one event as JSONEachRow, in one INSERT; the
     * journal reads back with {@link #storedEventIds} first when they may be stored already.
     */
    void insertRows(byte[] rows) {
        storage.insertJsonEachRow(TABLE, rows, null);
    }

    /** Which of {@code eventIds} the queue's log holds. */
    Set<UUID> storedEventIds(UUID projectId, UUID queueId, Collection<UUID> eventIds) {
        return new HashSet<>(storage.call(dsl -> dsl.select(EVENT_ID).from(table)
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId)).and(EVENT_ID.in(eventIds)))
                .fetch(EVENT_ID)));
    }

    /** The JSONEachRow rows of a queue's events, one line each, in their order. */
    static byte[] rows(UUID projectId, UUID queueId, Collection<QueueEvent> events) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueueEvent event : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", projectId.toString());
            row.put("queue_id", queueId.toString());
            row.put("item_id", event.itemId().toString());
            row.put("at", JsonEachRow.dateTime64(event.at()));
            row.put("event_id", event.eventId().toString());
            row.put("type", event.type().name());
            row.put("annotator", event.annotator());
            row.put("actor", event.actor());
            row.put("seq", event.seq());
            row.put("review_seq", event.reviewSeq());
            row.put("expires_at", event.expiresAt() == null ? null : JsonEachRow.dateTime64(event.expiresAt()));
            row.put("reason", event.reason() == null ? "" : event.reason());
            rows.add(row);
        }
        return JsonEachRow.encodeMaps(rows);
    }

    private static QueueEvent toEvent(Record record) {
        return new QueueEvent(record.get(ITEM_ID), instant(record.get(AT)), record.get(EVENT_ID),
                EventType.valueOf(record.get(TYPE)), record.get(ANNOTATOR), record.get(ACTOR), record.get(SEQ),
                record.get(REVIEW_SEQ), instant(record.get(EXPIRES_AT)), record.get(REASON));
    }
}
