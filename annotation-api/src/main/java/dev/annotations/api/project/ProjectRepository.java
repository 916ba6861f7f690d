package dev.annotations.api.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about projects. */
public final class ProjectRepository {
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<String> SPAN_VISIBILITY = Columns.string("span_visibility");
    private static final Field<Long> VERSION = Columns.int64("version");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Field<Integer> IS_DELETED = DSL.field(DSL.name("is_deleted"), Integer.class);

    private final ClickHouseStorage storage;
    private final Table<Record> table;

    public ProjectRepository(ClickHouseStorage storage) {
        this.storage = storage;
        this.table = DSL.table(storage.table("annotation_projects"));
    }

    /** Stores this version of the project (a creation, or an edit with a higher {@code version}). */
    public void insert(Project project, long version) {
        storage.call(dsl -> dsl.insertInto(table, ID, NAME, CREATED_AT, CREATED_BY, SPAN_VISIBILITY, VERSION, IS_DELETED)
                .values(project.id(), project.name(), utc(project.createdAt()), project.createdBy(),
                        project.spanVisibility().map(ProjectRepository::toJson).orElse(""), version, 0)
                .execute());
    }

    public Optional<Project> findById(UUID id) {
        return storage.call(dsl -> dsl.select(ID, NAME, CREATED_AT, CREATED_BY, SPAN_VISIBILITY).from(Columns.finalView(table))
                .where(ID.eq(id))
                .fetchOptional(ProjectRepository::toProject));
    }

    public List<Project> listAll() {
        return storage.call(dsl -> dsl.select(ID, NAME, CREATED_AT, CREATED_BY, SPAN_VISIBILITY).from(Columns.finalView(table))
                .orderBy(CREATED_AT, ID)
                .fetch(ProjectRepository::toProject));
    }

    public boolean isEmpty() {
        return storage.call(dsl -> dsl.fetchCount(table)) == 0;
    }

    private static Project toProject(Record row) {
        String visibility = row.get(SPAN_VISIBILITY);
        return new Project(row.get(ID), row.get(NAME), instant(row.get(CREATED_AT)), row.get(CREATED_BY),
                visibility == null || visibility.isEmpty() ? Optional.empty() : Optional.of(fromJson(visibility)));
    }

    private static String toJson(SpanVisibility visibility) {
        try {
            return JSON.writeValueAsString(visibility);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SpanVisibility fromJson(String json) {
        try {
            return JSON.readValue(json, SpanVisibility.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored span visibility is not the JSON this service writes: " + json, e);
        }
    }
}
