package dev.annotations.api.dataset;

import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.ExportFormat;
import dev.annotations.api.storage.JsonEachRow;
import dev.annotations.api.storage.StorageUnavailableException;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/**
 * The only SQL about datasets, their versions and items (migration V030 explains the version protocol). Item
 * reads are one SQL text with ClickHouse query parameters, shared by pages of items and by exports, so an
 * export holds exactly what the item list shows.
 */
final class DatasetRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLICKHOUSE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]")
            .withZone(ZoneOffset.UTC);
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<UUID> DATASET_ID = Columns.uuid("dataset_id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> DESCRIPTION = Columns.string("description");
    private static final Field<Boolean> ARCHIVED = Columns.bool("archived");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<String> UPDATED_BY = Columns.string("updated_by");
    private static final Field<Long> ROW_VERSION = Columns.int64("version");
    private static final Field<Integer> VERSION = Columns.int32("version");
    private static final Field<UUID> CHANGE_ID = Columns.uuid("change_id");
    private static final Field<Integer> ADDED = Columns.int32("added");
    private static final Field<Integer> EDITED = Columns.int32("edited");
    private static final Field<Integer> REMOVED = Columns.int32("removed");
    private static final Field<String> STATUS = Columns.string("status");
    private static final Field<String> SOURCE = Columns.string("source");
    private static final Field<Long> MATCHED = Columns.int64("matched");
    private static final Field<Long> ALREADY = Columns.int64("already_present");
    private static final Field<Long> ADDED_COUNT = Columns.int64("added");
    private static final Field<Integer> DATASET_VERSION = Columns.int32("dataset_version");
    private static final Field<String> ERROR = Columns.string("error");

    private final ClickHouseStorage storage;
    private final Table<Record> datasets;
    private final Table<Record> versions;
    private final Table<Record> jobs;

    DatasetRepository(ClickHouseStorage storage) {
        this.storage = storage;
        this.datasets = DSL.table(storage.table("annotation_datasets"));
        this.versions = DSL.table(storage.table("annotation_dataset_versions"));
        this.jobs = DSL.table(storage.table("annotation_dataset_jobs"));
    }

    // ---- datasets

    void save(Dataset dataset) {
        storage.insertJsonEachRow("annotation_datasets", JsonEachRow.encode(List.of(dataset), (json, row) -> {
            json.writeStringField("project_id", row.projectId().toString());
            json.writeStringField("id", row.id().toString());
            json.writeStringField("name", row.name());
            json.writeStringField("description", row.description());
            json.writeBooleanField("archived", row.archived());
            json.writeStringField("created_at", JsonEachRow.dateTime64(row.createdAt()));
            json.writeStringField("created_by", row.createdBy());
            json.writeStringField("updated_at", JsonEachRow.dateTime64(row.updatedAt()));
            json.writeStringField("updated_by", row.updatedBy());
            json.writeNumberField("version", row.rowVersion());
        }));
    }

    Optional<Dataset> find(UUID projectId, UUID id) {
        return storage.call(dsl -> dsl.select(datasetColumns()).from(Columns.finalView(datasets))
                .where(PROJECT_ID.eq(projectId).and(ID.eq(id))).fetchOptional(DatasetRepository::toDataset));
    }

    /** A page of datasets by (name, id); archived ones only when asked. */
    List<Dataset> list(UUID projectId, boolean archived, Optional<String> afterName, Optional<UUID> afterId, int limit) {
        Condition where = PROJECT_ID.eq(projectId).and(archived ? DSL.noCondition() : ARCHIVED.eq(false));
        if (afterName.isPresent()) {
            where = where.and(DSL.row(NAME, ID).gt(afterName.get(), afterId.orElseThrow()));
        }
        Condition condition = where;
        return storage.call(dsl -> dsl.select(datasetColumns()).from(Columns.finalView(datasets)).where(condition)
                .orderBy(NAME, ID).limit(limit).fetch(DatasetRepository::toDataset));
    }

    boolean liveNameTaken(UUID projectId, String name, UUID exceptId) {
        return storage.call(dsl -> dsl.fetchExists(dsl.selectOne().from(Columns.finalView(datasets))
                .where(PROJECT_ID.eq(projectId).and(NAME.eq(name)).and(ARCHIVED.eq(false)).and(ID.ne(exceptId)))));
    }

    private static List<Field<?>> datasetColumns() {
        return List.of(PROJECT_ID, ID, NAME, DESCRIPTION, ARCHIVED, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY, ROW_VERSION);
    }

    private static Dataset toDataset(Record row) {
        return new Dataset(row.get(PROJECT_ID), row.get(ID), row.get(NAME), row.get(DESCRIPTION), row.get(ARCHIVED),
                instant(row.get(CREATED_AT)), row.get(CREATED_BY), instant(row.get(UPDATED_AT)), row.get(UPDATED_BY),
                row.get(ROW_VERSION));
    }

    // ---- versions

    /** The dataset's latest version number, 0 before its first change. */
    int latestVersion(UUID projectId, UUID datasetId) {
        Integer latest = storage.call(dsl -> dsl.select(DSL.field("toInt32(max(version))", Integer.class)).from(versions)
                .where(PROJECT_ID.eq(projectId).and(DATASET_ID.eq(datasetId))).fetchOne(0, Integer.class));
        return latest == null ? 0 : latest;
    }

    /** The latest version of each dataset named. */
    Map<UUID, Integer> latestVersions(UUID projectId, Collection<UUID> datasetIds) {
        if (datasetIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Integer> latest = new HashMap<>();
        storage.call(dsl -> dsl.select(DATASET_ID, DSL.field("toInt32(max(version))", Integer.class)).from(versions)
                .where(PROJECT_ID.eq(projectId).and(DATASET_ID.in(datasetIds))).groupBy(DATASET_ID).fetch())
                .forEach(row -> latest.put(row.value1(), row.value2()));
        return latest;
    }

    /** Versions after {@code afterVersion}, oldest first. */
    List<DatasetVersion> versions(UUID projectId, UUID datasetId, int afterVersion, int limit) {
        return storage.call(dsl -> dsl.select(VERSION, CHANGE_ID, DESCRIPTION, ADDED, EDITED, REMOVED, CREATED_AT, CREATED_BY)
                .from(versions).where(PROJECT_ID.eq(projectId).and(DATASET_ID.eq(datasetId)).and(VERSION.gt(afterVersion)))
                .orderBy(VERSION).limit(limit)
                .fetch(row -> new DatasetVersion(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), instant(row.value7()), row.value8())));
    }

    Optional<DatasetVersion> version(UUID projectId, UUID datasetId, int version) {
        List<DatasetVersion> found = versions(projectId, datasetId, version - 1, 1);
        return found.isEmpty() || found.getFirst().version() != version ? Optional.empty() : Optional.of(found.getFirst());
    }

    /**
     * Claims version {@code claim.version()} for its change: one INSERT with the token
     * {@code dataset:<id>:version:<n>}, then a read of who holds n. True when this change does.
     */
    boolean claim(UUID projectId, UUID datasetId, DatasetVersion claim) {
        byte[] row = JsonEachRow.encode(List.of(claim), (json, v) -> {
            json.writeStringField("project_id", projectId.toString());
            json.writeStringField("dataset_id", datasetId.toString());
            json.writeNumberField("version", v.version());
            json.writeStringField("change_id", v.changeId().toString());
            json.writeStringField("description", v.description());
            json.writeNumberField("added", v.added());
            json.writeNumberField("edited", v.edited());
            json.writeNumberField("removed", v.removed());
            json.writeStringField("created_at", JsonEachRow.dateTime64(v.createdAt()));
            json.writeStringField("created_by", v.createdBy());
        });
        String token = "dataset:" + datasetId + ":version:" + claim.version();
        try {
            storage.insertJsonEachRow("annotation_dataset_versions", row, token);
        } catch (StorageUnavailableException e) {
            if (!e.undecided()) {
                throw e;
            }
            // the INSERT may have landed: the read below tells
        }
        return version(projectId, datasetId, claim.version()).map(held -> held.changeId().equals(claim.changeId()))
                .orElseThrow(() -> new StorageUnavailableException("version " + claim.version() + " of dataset "
                        + datasetId + " was claimed but cannot be read back", null));
    }

    // ---- items

    /** Writes a change's rows in one INSERT; {@code firstSeq} numbers them within the change. */
    void insertItems(UUID projectId, UUID datasetId, UUID changeId, int firstSeq, List<ItemRow> rows, Instant at,
                     String by) {
        if (rows.isEmpty()) {
            return;
        }
        int[] seq = {firstSeq};
        storage.insertJsonEachRow("annotation_dataset_items", JsonEachRow.encode(rows, (json, row) -> {
            json.writeStringField("project_id", projectId.toString());
            json.writeStringField("dataset_id", datasetId.toString());
            json.writeStringField("item_id", row.itemId().toString());
            json.writeStringField("change_id", changeId.toString());
            json.writeNumberField("seq", seq[0]++);
            json.writeStringField("input", row.input());
            json.writeStringField("expected_output", row.expectedOutput());
            json.writeStringField("metadata", row.metadata());
            json.writeStringField("source_trace_id", row.sourceTraceId());
            json.writeStringField("source_span_id", row.sourceSpanId());
            if (row.sourceQueueId() == null) {
                json.writeNullField("source_queue_id");
            } else {
                json.writeStringField("source_queue_id", row.sourceQueueId().toString());
            }
            json.writeStringField("consensus", row.consensus());
            json.writeNumberField("is_deleted", row.deleted() ? 1 : 0);
            json.writeStringField("created_at", JsonEachRow.dateTime64(at));
            json.writeStringField("created_by", by);
        }));
    }

    /** The items of version {@code version}, by id, after {@code after}. */
    List<DatasetItem> items(UUID projectId, UUID datasetId, int version, Optional<UUID> after, int limit) {
        Map<String, Object> parameters = parameters(projectId, datasetId, version);
        after.ifPresent(id -> parameters.put("after", id.toString()));
        parameters.put("limit", limit);
        String sql = liveItems(after.isPresent() ? " AND i.item_id > {after:UUID}" : "")
                + " ORDER BY id LIMIT {limit:UInt32}";
        return read(sql, parameters);
    }

    /** Those of {@code ids} that are items of version {@code version}. */
    Map<UUID, DatasetItem> items(UUID projectId, UUID datasetId, int version, Collection<UUID> ids) {
        Map<UUID, DatasetItem> found = new LinkedHashMap<>();
        List<UUID> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 1_000) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + 1_000));
            Map<String, Object> parameters = parameters(projectId, datasetId, version);
            parameters.put("ids", String.join(",", chunk.stream().map(UUID::toString).toList()));
            read(liveItems(" AND has(arrayMap(x -> toUUID(x), splitByChar(',', {ids:String})), i.item_id)"), parameters)
                    .forEach(item -> found.put(item.id(), item));
        }
        return found;
    }

    /**
     * The items of version {@code version}: the versions' added minus removed items up to it. Exact for every
     * change this service makes (fills add only items not present, adds and imports make fresh ids, edits keep the
     * count) and read from the small versions table, where counting the items themselves reads them all.
     */
    long itemCount(UUID projectId, UUID datasetId, int version) {
        if (version == 0) {
            return 0;
        }
        Long count = storage.call(dsl -> dsl.select(DSL.field("toInt64(sum(added) - sum(removed))", Long.class))
                .from(versions).where(PROJECT_ID.eq(projectId).and(DATASET_ID.eq(datasetId)).and(VERSION.le(version)))
                .fetchOne(0, Long.class));
        return count == null ? 0 : count;
    }

    /** Whether the dataset ever held the item, in any committed version (what a DATASET_ITEM score may judge). */
    boolean itemEverCommitted(UUID projectId, UUID datasetId, UUID itemId) {
        Map<String, Object> parameters = parameters(projectId, datasetId, Integer.MAX_VALUE);
        parameters.put("item", itemId.toString());
        return !readRows("SELECT 1 AS found FROM " + storage.qualified("annotation_dataset_items") + " AS i"
                + " WHERE i.project_id = {project:UUID} AND i.dataset_id = {dataset:UUID} AND i.item_id = {item:UUID}"
                + " AND i.change_id IN (SELECT change_id FROM " + storage.qualified("annotation_dataset_versions")
                + " WHERE project_id = {project:UUID} AND dataset_id = {dataset:UUID}) LIMIT 1", parameters).isEmpty();
    }

    /**
     * Streams version {@code version}'s items in {@code format}, written by ClickHouse: every column for CSV and
     * Parquet; for JSON lines and chat lines one JSON object per line, assembled in SQL from the stored JSON.
     */
    long export(UUID projectId, UUID datasetId, int version, ExportFormat format, OutputStream out) {
        Map<String, Object> parameters = parameters(projectId, datasetId, version);
        return storage.streamFormatted(exportSql(format), parameters, format.clickHouseFormat(), format.settings(), out);
    }

    /** The SQL of {@link #export}; parameters: project, dataset, version. */
    String exportSql(ExportFormat format) {
        String items = liveItems("");
        String sql = switch (format) {
            case CSV, PARQUET -> "SELECT id, input, expected_output, metadata, source_trace_id, source_span_id,"
                    + " source_queue_id, consensus, item_version AS version, created_at, created_by"
                    + " FROM (" + items + ") ORDER BY id";
            case JSONL -> "SELECT concat('{\"id\":', toJSONString(id), ',\"input\":', input, ',\"expectedOutput\":',"
                    + " expected_output, ',\"metadata\":', metadata, ',\"source\":{\"traceId\":', toJSONString(source_trace_id),"
                    + " ',\"spanId\":', toJSONString(source_span_id), ',\"queueId\":', toJSONString(source_queue_id),"
                    + " '},\"consensus\":', consensus, ',\"version\":', toString(item_version), '}') AS line"
                    + " FROM (" + items + ") ORDER BY id";
            case CHAT_JSONL -> "SELECT concat('{\"messages\":[', arrayStringConcat(arrayConcat("
                    + ChatMessages.of("input", "user") + ", " + ChatMessages.of("expected_output", "assistant")
                    + "), ','), ']}') AS line FROM (" + items + ") ORDER BY id";
        };
        return sql;
    }

    /** The parameters {@link #exportSql} takes. */
    static Map<String, Object> exportParameters(UUID projectId, UUID datasetId, int version) {
        return parameters(projectId, datasetId, version);
    }

    /**
     * The SQL of one version's live items: per item id, the newest row (by version, then place in its change)
     * among the changes of versions 1..{version}; removed items left out. Parameters: project, dataset, version.
     */
    private String liveItems(String itemCondition) {
        return "SELECT toString(item_id) AS id, r.1 AS input, r.2 AS expected_output, r.3 AS metadata,"
                + " r.4 AS source_trace_id, r.5 AS source_span_id, ifNull(toString(r.6), '') AS source_queue_id,"
                + " r.7 AS consensus, r.8 AS created_at, r.9 AS created_by, toUInt32(r.10) AS item_version"
                + " FROM (SELECT i.item_id AS item_id, argMax((i.input, i.expected_output, i.metadata, i.source_trace_id,"
                + " i.source_span_id, i.source_queue_id, i.consensus, i.created_at, i.created_by, v.version, i.is_deleted),"
                + " (v.version, i.seq)) AS r"
                + " FROM " + storage.qualified("annotation_dataset_items") + " AS i"
                + " INNER JOIN (SELECT change_id, version FROM " + storage.qualified("annotation_dataset_versions")
                + " WHERE project_id = {project:UUID} AND dataset_id = {dataset:UUID} AND version <= {version:UInt32}) AS v"
                + " ON v.change_id = i.change_id"
                + " WHERE i.project_id = {project:UUID} AND i.dataset_id = {dataset:UUID}" + itemCondition
                + " GROUP BY i.item_id) WHERE r.11 = 0";
    }

    private static Map<String, Object> parameters(UUID projectId, UUID datasetId, int version) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("project", projectId.toString());
        parameters.put("dataset", datasetId.toString());
        parameters.put("version", version);
        return parameters;
    }

    private List<DatasetItem> read(String sql, Map<String, Object> parameters) {
        List<DatasetItem> items = new ArrayList<>();
        for (JsonNode row : readRows(sql, parameters)) {
            String queue = row.get("source_queue_id").asText();
            String trace = row.get("source_trace_id").asText();
            String span = row.get("source_span_id").asText();
            DatasetItem.Source source = trace.isEmpty() && queue.isEmpty() ? DatasetItem.Source.NONE
                    : new DatasetItem.Source(trace.isEmpty() ? null : trace, span.isEmpty() ? null : span,
                    queue.isEmpty() ? null : UUID.fromString(queue));
            items.add(new DatasetItem(UUID.fromString(row.get("id").asText()), row.get("input").asText(),
                    row.get("expected_output").asText(), row.get("metadata").asText(), source,
                    row.get("consensus").asText(), row.get("item_version").asInt(),
                    Instant.from(CLICKHOUSE_TIME.parse(row.get("created_at").asText())), row.get("created_by").asText()));
        }
        return items;
    }

    private List<JsonNode> readRows(String sql, Map<String, Object> parameters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        storage.readFormatted(sql, parameters, ClickHouseFormat.JSONEachRow, out);
        List<JsonNode> rows = new ArrayList<>();
        try (var parser = JSON.createParser(out.toByteArray())) {
            var iterator = JSON.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                rows.add(iterator.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    // ---- fill jobs

    void saveJob(UUID projectId, DatasetJob job) {
        storage.insertJsonEachRow("annotation_dataset_jobs", JsonEachRow.encode(List.of(job), (json, row) -> {
            json.writeStringField("project_id", projectId.toString());
            json.writeStringField("dataset_id", row.datasetId().toString());
            json.writeStringField("id", row.id().toString());
            json.writeStringField("status", row.status());
            json.writeStringField("source", row.source());
            json.writeNumberField("matched", row.matched());
            json.writeNumberField("added", row.added());
            json.writeNumberField("already_present", row.alreadyPresent());
            json.writeNumberField("dataset_version", row.datasetVersion());
            json.writeStringField("error", row.error());
            json.writeStringField("created_at", JsonEachRow.dateTime64(row.createdAt()));
            json.writeStringField("created_by", row.createdBy());
            json.writeStringField("updated_at", JsonEachRow.dateTime64(row.updatedAt()));
            json.writeNumberField("version", row.rowVersion());
        }));
    }

    Optional<DatasetJob> findJob(UUID projectId, UUID datasetId, UUID jobId) {
        return storage.call(dsl -> dsl.select(ID, DATASET_ID, STATUS, SOURCE, MATCHED, ADDED_COUNT, ALREADY, DATASET_VERSION,
                        ERROR, CREATED_AT, CREATED_BY, UPDATED_AT)
                .from(Columns.finalView(jobs))
                .where(PROJECT_ID.eq(projectId).and(DATASET_ID.eq(datasetId)).and(ID.eq(jobId)))
                .fetchOptional(row -> new DatasetJob(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7(), row.value8(), row.value9(), instant(row.value10()), row.value11(),
                        instant(row.value12()))));
    }

    static LocalDateTime at(Instant instant) {
        return utc(instant);
    }
}
