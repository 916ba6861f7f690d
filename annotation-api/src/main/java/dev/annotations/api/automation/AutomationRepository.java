package dev.annotations.api.automation;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.JsonEachRow;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about automations and their runs. */
final class AutomationRepository {
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<String> KIND = Columns.string("kind");
    private static final Field<UUID> QUEUE_ID = Columns.uuid("queue_id");
    private static final Field<UUID> DATASET_ID = Columns.uuid("dataset_id");
    private static final Field<String> FILTER = Columns.string("filter");
    private static final Field<Integer> PRIORITY = Columns.int32("priority");
    private static final Field<Integer> MAX_PER_HOUR = Columns.int32("max_per_hour");
    private static final Field<Boolean> ENABLED = Columns.bool("enabled");
    private static final Field<Long> CURSOR = Columns.int64("cursor_nanos");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<UUID> AUTOMATION_ID = Columns.uuid("automation_id");
    private static final Field<LocalDateTime> AT = Columns.timestamp("at");
    private static final Field<Integer> MATCHED = Columns.int32("matched");
    private static final Field<Integer> ADDED = Columns.int32("added");
    private static final Field<Integer> ALREADY = Columns.int32("already_present");
    private static final Field<Integer> DATASET_VERSION = Columns.int32("dataset_version");
    private static final Field<String> ERROR = Columns.string("error");

    private final ClickHouseStorage storage;
    private final Table<Record> automations;
    private final Table<Record> runs;

    AutomationRepository(ClickHouseStorage storage) {
        this.storage = storage;
        this.automations = DSL.table(storage.table("annotation_automations"));
        this.runs = DSL.table(storage.table("annotation_automation_runs"));
    }

    void save(Automation automation) {
        storage.insertJsonEachRow("annotation_automations", JsonEachRow.encode(List.of(automation), (json, row) -> {
            json.writeStringField("project_id", row.projectId().toString());
            json.writeStringField("id", row.id().toString());
            json.writeStringField("kind", row.kind().name());
            json.writeStringField("queue_id", row.queueId().toString());
            if (row.datasetId() == null) {
                json.writeNullField("dataset_id");
            } else {
                json.writeStringField("dataset_id", row.datasetId().toString());
            }
            json.writeStringField("filter", row.filter());
            json.writeNumberField("priority", row.priority());
            json.writeNumberField("max_per_hour", row.maxPerHour());
            json.writeBooleanField("enabled", row.enabled());
            json.writeNumberField("cursor_nanos", row.cursorNanos());
            json.writeStringField("created_at", JsonEachRow.dateTime64(row.createdAt()));
            json.writeStringField("created_by", row.createdBy());
            json.writeStringField("updated_at", JsonEachRow.dateTime64(row.updatedAt()));
            json.writeNumberField("version", Columns.versionAt(row.updatedAt()));
        }));
    }

    Optional<Automation> find(UUID projectId, UUID id) {
        return list(PROJECT_ID.eq(projectId).and(ID.eq(id))).stream().findFirst();
    }

    List<Automation> list(UUID projectId, Optional<UUID> queueId) {
        return list(PROJECT_ID.eq(projectId).and(queueId.map(QUEUE_ID::eq).orElse(DSL.noCondition())));
    }

    /** Every enabled automation of every project: what the runner works through. */
    List<Automation> enabled() {
        return list(ENABLED.eq(true));
    }

    private List<Automation> list(Condition where) {
        return storage.call(dsl -> dsl.select(PROJECT_ID, ID, KIND, QUEUE_ID, DATASET_ID, FILTER, PRIORITY, MAX_PER_HOUR,
                        ENABLED, CURSOR, CREATED_AT, CREATED_BY, UPDATED_AT)
                .from(Columns.finalView(automations)).where(where).orderBy(CREATED_AT, ID)
                .fetch(row -> new Automation(row.get(ID), row.get(PROJECT_ID), Automation.Kind.valueOf(row.get(KIND)),
                        row.get(QUEUE_ID), row.get(DATASET_ID), row.get(FILTER), row.get(PRIORITY), row.get(MAX_PER_HOUR),
                        row.get(ENABLED), row.get(CURSOR), instant(row.get(CREATED_AT)), row.get(CREATED_BY),
                        instant(row.get(UPDATED_AT)))));
    }

    void saveRun(Automation automation, AutomationRun run) {
        storage.insertJsonEachRow("annotation_automation_runs", JsonEachRow.encode(List.of(run), (json, row) -> {
            json.writeStringField("project_id", automation.projectId().toString());
            json.writeStringField("automation_id", automation.id().toString());
            json.writeStringField("at", JsonEachRow.dateTime64(row.at()));
            json.writeNumberField("matched", row.matched());
            json.writeNumberField("added", row.added());
            json.writeNumberField("already_present", row.alreadyPresent());
            json.writeNumberField("dataset_version", row.datasetVersion());
            json.writeNumberField("cursor_nanos", row.cursorNanos());
            json.writeStringField("error", row.error());
        }));
    }

    /** Runs newest first, before {@code before} when given. */
    List<AutomationRun> runs(UUID projectId, UUID automationId, Optional<Instant> before, int limit) {
        return storage.call(dsl -> dsl.select(AT, MATCHED, ADDED, ALREADY, DATASET_VERSION, CURSOR, ERROR).from(runs)
                .where(PROJECT_ID.eq(projectId).and(AUTOMATION_ID.eq(automationId))
                        .and(before.map(at -> AT.lt(utc(at))).orElse(DSL.noCondition())))
                .orderBy(AT.desc()).limit(limit)
                .fetch(row -> new AutomationRun(instant(row.value1()), row.value2(), row.value3(), row.value4(),
                        row.value5(), row.value6(), row.value7())));
    }

    /** Items added since {@code since}: what the hourly cap counts. */
    long addedSince(UUID projectId, UUID automationId, Instant since) {
        Long added = storage.call(dsl -> dsl.select(DSL.field("toInt64(sum(added))", Long.class)).from(runs)
                .where(PROJECT_ID.eq(projectId).and(AUTOMATION_ID.eq(automationId)).and(AT.ge(utc(since))))
                .fetchOne(0, Long.class));
        return added == null ? 0 : added;
    }
}
