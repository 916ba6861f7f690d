package dev.annotations.api.export;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.JsonEachRow;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;

/** The only SQL about export jobs (annotation_export_jobs). */
final class ExportJobRepository {
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<String> KIND = Columns.string("kind");
    private static final Field<String> FORMAT = Columns.string("format");
    private static final Field<String> REQUEST = Columns.string("request");
    private static final Field<String> STATE = Columns.string("state");
    private static final Field<Long> ROWS = Columns.int64("rows");
    private static final Field<Long> BYTES = Columns.int64("bytes");
    private static final Field<String> ERROR = Columns.string("error");
    private static final Field<String> INSTANCE = Columns.string("instance");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<LocalDateTime> EXPIRES_AT = Columns.timestamp("expires_at");

    private final ClickHouseStorage storage;
    private final Table<Record> jobs;

    ExportJobRepository(ClickHouseStorage storage) {
        this.storage = storage;
        this.jobs = DSL.table(storage.table("annotation_export_jobs"));
    }

    void save(UUID projectId, ExportJob job, long rowVersion) {
        storage.insertJsonEachRow("annotation_export_jobs", JsonEachRow.encode(List.of(job), (json, row) -> {
            json.writeStringField("project_id", projectId.toString());
            json.writeStringField("id", row.id().toString());
            json.writeStringField("kind", row.kind());
            json.writeStringField("format", row.format());
            json.writeStringField("request", row.request());
            json.writeStringField("state", row.state());
            json.writeNumberField("rows", row.rows());
            json.writeNumberField("bytes", row.bytesWritten());
            json.writeStringField("error", row.error());
            json.writeStringField("instance", row.instance());
            json.writeStringField("created_at", JsonEachRow.dateTime64(row.createdAt()));
            json.writeStringField("created_by", row.createdBy());
            json.writeStringField("updated_at", JsonEachRow.dateTime64(row.updatedAt()));
            json.writeStringField("expires_at", JsonEachRow.dateTime64(row.expiresAt()));
            json.writeNumberField("version", rowVersion);
        }));
    }

    Optional<ExportJob> find(UUID projectId, UUID id) {
        return storage.call(dsl -> dsl.select(ID, KIND, FORMAT, REQUEST, STATE, ROWS, BYTES, ERROR, INSTANCE, CREATED_AT,
                        CREATED_BY, UPDATED_AT, EXPIRES_AT)
                .from(Columns.finalView(jobs)).where(PROJECT_ID.eq(projectId).and(ID.eq(id)))
                .fetchOptional(row -> new ExportJob(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7(), row.value8(), row.value9(), instant(row.value10()), row.value11(),
                        instant(row.value12()), instant(row.value13()))));
    }
}
