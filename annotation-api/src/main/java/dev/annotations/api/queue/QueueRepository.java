package dev.annotations.api.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.JsonEachRow;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about queues, their items and add-by-filter jobs. Every change stores a new row version. */
final class QueueRepository {
    private static final TypeReference<List<Queue.ConfigRef>> CONFIG_LIST = new TypeReference<>() {
    };
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<UUID> QUEUE_ID = Columns.uuid("queue_id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> DESCRIPTION = Columns.string("description");
    private static final Field<String> CONFIGS = Columns.string("configs");
    private static final Field<String[]> ANNOTATORS = Columns.stringArray("annotators");
    private static final Field<String[]> REVIEWERS = Columns.stringArray("reviewers");
    private static final Field<String> STRATEGY = Columns.string("strategy");
    private static final Field<Integer> PER_ITEM = Columns.int32("annotators_per_item");
    private static final Field<Long> TIMEOUT = Columns.int64("reservation_timeout_seconds");
    private static final Field<Boolean> REVIEW_REQUIRED = Columns.bool("review_required");
    private static final Field<Boolean> SHOW_SUGGESTIONS = Columns.bool("show_suggestions");
    private static final Field<String> STATUS = Columns.string("status");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<String> UPDATED_BY = Columns.string("updated_by");
    private static final Field<Long> VERSION = Columns.int64("version");
    private static final Field<String> TARGET_TYPE = Columns.string("target_type");
    private static final Field<String> TRACE_ID = Columns.string("trace_id");
    private static final Field<String> SPAN_ID = Columns.string("span_id");
    private static final Field<String> SESSION_ID = Columns.string("session_id");
    private static final Field<String> DATASET_ID = Columns.string("dataset_id");
    private static final Field<String> ITEM_ID = Columns.string("item_id");
    private static final Field<Integer> PRIORITY = Columns.int32("priority");
    private static final Field<LocalDateTime> ADDED_AT = Columns.timestamp("added_at");
    private static final Field<String> ADDED_BY = Columns.string("added_by");
    private static final Field<Integer> REMOVED = Columns.int32("removed");

    private final ClickHouseStorage storage;
    private final Table<Record> queues;
    private final Table<Record> items;
    private final Table<Record> jobs;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    QueueRepository(ClickHouseStorage storage, Clock clock) {
        this.storage = storage;
        this.queues = DSL.table(storage.table("annotation_queues"));
        this.items = DSL.table(storage.table("annotation_queue_items"));
        this.jobs = DSL.table(storage.table("annotation_queue_jobs"));
        this.clock = clock;
    }

    void save(Queue queue) {
        long version = Columns.versionAt(clock.instant());
        String configs;
        try {
            configs = json.writeValueAsString(queue.configs());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        storage.call(dsl -> dsl.insertInto(queues, PROJECT_ID, ID, NAME, DESCRIPTION, CONFIGS, ANNOTATORS, REVIEWERS,
                        STRATEGY, PER_ITEM, TIMEOUT, REVIEW_REQUIRED, SHOW_SUGGESTIONS, STATUS, CREATED_AT, CREATED_BY,
                        UPDATED_AT, UPDATED_BY, VERSION)
                .values(queue.projectId(), queue.id(), queue.name(), queue.description(), configs,
                        queue.annotators().toArray(String[]::new), queue.reviewers().toArray(String[]::new),
                        queue.strategy().name(), queue.annotatorsPerItem(), (long) queue.reservationTimeoutSeconds(),
                        queue.reviewRequired(), queue.showSuggestions(), queue.status().name(), utc(queue.createdAt()),
                        queue.createdBy(), utc(queue.updatedAt()), queue.updatedBy(), version)
                .execute());
    }

    Optional<Queue> find(UUID projectId, UUID id) {
        return storage.call(dsl -> dsl.select(queueColumns()).from(Columns.finalView(queues))
                .where(PROJECT_ID.eq(projectId).and(ID.eq(id))).fetchOptional(this::toQueue));
    }

    /** Sorted by name then id; {@code afterName}/{@code afterId} continue a previous page. */
    List<Queue> list(UUID projectId, Optional<QueueStatus> status, Optional<String> afterName, Optional<UUID> afterId,
                     int limit) {
        Condition where = PROJECT_ID.eq(projectId)
                .and(status.map(value -> STATUS.eq(value.name())).orElse(DSL.noCondition()))
                .and(afterName.isPresent() && afterId.isPresent()
                        ? DSL.row(NAME, ID).gt(afterName.get(), afterId.get()) : DSL.noCondition());
        return storage.call(dsl -> dsl.select(queueColumns()).from(Columns.finalView(queues)).where(where)
                .orderBy(NAME, ID).limit(limit).fetch(this::toQueue));
    }

    boolean liveNameTaken(UUID projectId, String name, UUID except) {
        return storage.call(dsl -> dsl.fetchExists(dsl.selectOne().from(Columns.finalView(queues))
                .where(PROJECT_ID.eq(projectId).and(NAME.eq(name)).and(STATUS.ne(QueueStatus.ARCHIVED.name()))
                        .and(ID.ne(except)))));
    }

    /** Stores item versions in one INSERT. */
    void saveItems(UUID projectId, Collection<QueueItem> versions) {
        if (versions.isEmpty()) {
            return;
        }
        long version = Columns.versionAt(clock.instant());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueueItem item : versions) {
            Target target = item.target();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", projectId.toString());
            row.put("queue_id", item.queueId().toString());
            row.put("id", item.id().toString());
            row.put("target_type", target.type().name());
            row.put("trace_id", orEmpty(target.traceId()));
            row.put("span_id", orEmpty(target.spanId()));
            row.put("session_id", orEmpty(target.sessionId()));
            row.put("dataset_id", orEmpty(target.datasetId()));
            row.put("item_id", orEmpty(target.itemId()));
            row.put("priority", item.priority());
            row.put("added_at", JsonEachRow.dateTime64(item.addedAt()));
            row.put("added_by", item.addedBy());
            row.put("removed", item.removed() ? 1 : 0);
            row.put("version", version);
            rows.add(row);
        }
        storage.insertJsonEachRow("annotation_queue_items", JsonEachRow.encodeMaps(rows));
    }

    /** Which of {@code ids} are in the queue and not removed. */
    Set<UUID> liveItemIds(UUID projectId, UUID queueId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(storage.call(dsl -> dsl.select(ID).from(Columns.finalView(items))
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId)).and(ID.in(ids)).and(REMOVED.eq(0)))
                .fetch(ID)));
    }

    Optional<QueueItem> findItem(UUID projectId, UUID queueId, UUID itemId) {
        return storage.call(dsl -> dsl.select(itemColumns()).from(Columns.finalView(items))
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId)).and(ID.eq(itemId)))
                .fetchOptional(QueueRepository::toItem));
    }

    /** The queue's items (removed ones included) whose latest version was written at or after {@code since}; all when null. */
    List<QueueItem> items(UUID projectId, UUID queueId, Instant since) {
        Condition where = PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId));
        if (since == null) {
            return storage.call(dsl -> dsl.select(itemColumns()).from(Columns.finalView(items)).where(where)
                    .fetch(QueueRepository::toItem));
        }
        // Without FINAL (which would merge every row of the queue): the versions written since, newest per item.
        List<Field<?>> columns = new java.util.ArrayList<>(itemColumns());
        columns.add(VERSION);
        Map<UUID, Record> newest = new LinkedHashMap<>();
        storage.call(dsl -> dsl.select(columns).from(items).where(where.and(VERSION.ge(Columns.versionAt(since))))
                .fetch()).forEach(row -> newest.merge(row.get(ID), row,
                        (a, b) -> a.get(VERSION) >= b.get(VERSION) ? a : b));
        return newest.values().stream().map(QueueRepository::toItem).toList();
    }

    /** An add-by-filter job and how far it got. */
    record Job(UUID id, UUID queueId, String status, String filter, long matched, long added, long alreadyQueued,
               String error, Instant createdAt, String createdBy, Instant updatedAt) {
    }

    void saveJob(UUID projectId, Job job) {
        long version = Columns.versionAt(clock.instant());
        storage.call(dsl -> dsl.insertInto(jobs, PROJECT_ID, QUEUE_ID, ID, Columns.string("status"),
                        Columns.string("filter"), Columns.int64("matched"), Columns.int64("added"),
                        Columns.int64("already_queued"), Columns.string("error"), CREATED_AT, CREATED_BY,
                        UPDATED_AT, VERSION)
                .values(projectId, job.queueId(), job.id(), job.status(), job.filter(), job.matched(), job.added(),
                        job.alreadyQueued(), job.error(), utc(job.createdAt()), job.createdBy(), utc(job.updatedAt()),
                        Math.max(version, Columns.versionAt(job.updatedAt())))
                .execute());
    }

    Optional<Job> findJob(UUID projectId, UUID queueId, UUID id) {
        return storage.call(dsl -> dsl.select(ID, QUEUE_ID, Columns.string("status"), Columns.string("filter"),
                        Columns.int64("matched"), Columns.int64("added"), Columns.int64("already_queued"),
                        Columns.string("error"), CREATED_AT, CREATED_BY, UPDATED_AT)
                .from(Columns.finalView(jobs))
                .where(PROJECT_ID.eq(projectId).and(QUEUE_ID.eq(queueId)).and(ID.eq(id)))
                .fetchOptional(r -> new Job(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), instant(r.value9()), r.value10(), instant(r.value11()))));
    }

    private static List<Field<?>> queueColumns() {
        return List.of(ID, PROJECT_ID, NAME, DESCRIPTION, CONFIGS, ANNOTATORS, REVIEWERS, STRATEGY, PER_ITEM, TIMEOUT,
                REVIEW_REQUIRED, SHOW_SUGGESTIONS, STATUS, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY);
    }

    private static List<Field<?>> itemColumns() {
        return List.of(ID, QUEUE_ID, TARGET_TYPE, TRACE_ID, SPAN_ID, SESSION_ID, DATASET_ID, ITEM_ID, PRIORITY,
                ADDED_AT, ADDED_BY, REMOVED);
    }

    private Queue toQueue(Record r) {
        List<Queue.ConfigRef> configs;
        try {
            configs = json.readValue(r.get(CONFIGS), CONFIG_LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Queue(r.get(ID), r.get(PROJECT_ID), r.get(NAME), r.get(DESCRIPTION), List.copyOf(configs),
                Arrays.asList(r.get(ANNOTATORS)), Arrays.asList(r.get(REVIEWERS)), Strategy.valueOf(r.get(STRATEGY)),
                r.get(PER_ITEM), r.get(TIMEOUT).intValue(), r.get(REVIEW_REQUIRED), r.get(SHOW_SUGGESTIONS),
                QueueStatus.valueOf(r.get(STATUS)),
                instant(r.get(CREATED_AT)), r.get(CREATED_BY), instant(r.get(UPDATED_AT)), r.get(UPDATED_BY));
    }

    private static QueueItem toItem(Record r) {
        TargetType type = TargetType.valueOf(r.get(TARGET_TYPE));
        Target target = new Target(type, emptyToNull(r.get(TRACE_ID)), emptyToNull(r.get(SPAN_ID)),
                emptyToNull(r.get(SESSION_ID)), emptyToNull(r.get(DATASET_ID)), emptyToNull(r.get(ITEM_ID)), null);
        return new QueueItem(r.get(ID), r.get(QUEUE_ID), target, r.get(PRIORITY), instant(r.get(ADDED_AT)),
                r.get(ADDED_BY), r.get(REMOVED) != 0);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
