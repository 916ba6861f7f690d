package dev.annotations.api.score;

import dev.annotations.api.scoreconfig.ConfigUsage;
import dev.annotations.api.scoreconfig.ConfigUsageSource;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.storage.AcknowledgedWrites;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record6;
import org.jooq.Record;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about scores: versions go into annotation_scores; a materialized view keeps every one in history. */
public final class ScoreRepository implements ConfigUsageSource {
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<String> TARGET_TYPE = Columns.string("target_type");
    private static final Field<String> TRACE_ID = Columns.string("trace_id");
    private static final Field<String> SPAN_ID = Columns.string("span_id");
    private static final Field<String> SESSION_ID = Columns.string("session_id");
    private static final Field<String> DATASET_ID = Columns.string("dataset_id");
    private static final Field<String> ITEM_ID = Columns.string("item_id");
    private static final Field<Integer> DOCUMENT_POSITION = Columns.int32("document_position");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> DATA_TYPE = Columns.string("data_type");
    private static final Field<Double> VALUE = Columns.float64("value");
    private static final Field<String> STRING_VALUE = Columns.string("string_value");
    private static final Field<String[]> LABELS = Columns.stringArray("labels");
    private static final Field<String> COMMENT = Columns.string("comment");
    private static final Field<Map<String, String>> METADATA = Columns.stringMap("metadata");
    private static final Field<UUID> CONFIG_ID = Columns.uuid("config_id");
    private static final Field<UUID> QUEUE_ID = Columns.uuid("queue_id");
    private static final Field<String> SOURCE = Columns.string("source");
    private static final Field<String> ANNOTATOR_KIND = Columns.string("annotator_kind");
    private static final Field<String> AUTHOR = Columns.string("author");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> TIMESTAMP = Columns.timestamp("timestamp");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<String> CHANGED_BY = Columns.string("changed_by");
    private static final Field<Long> VERSION = Columns.int64("version");
    private static final Field<Integer> IS_DELETED = Columns.int32("is_deleted");
    private static final List<SelectFieldOrAsterisk> COLUMNS = List.of(PROJECT_ID, ID, TARGET_TYPE, TRACE_ID, SPAN_ID, SESSION_ID,
            DATASET_ID, ITEM_ID, DOCUMENT_POSITION, NAME, DATA_TYPE, VALUE, STRING_VALUE, LABELS, COMMENT, METADATA,
            CONFIG_ID, QUEUE_ID, SOURCE, ANNOTATOR_KIND, AUTHOR, CREATED_BY, TIMESTAMP, CREATED_AT, UPDATED_AT, CHANGED_BY,
            VERSION, IS_DELETED);

    /**
     * A server's asynchronous inserts, waited for: the server coalesces the INSERTs of every instance into one
     * part per flush and answers only once that part is written (README, "Score durability").
     */
    private static final Map<String, String> SERVER_ASYNC_INSERT = Map.of("async_insert", "1", "wait_for_async_insert", "1");

    private final ClickHouseStorage storage;
    private final Table<Record> scores;
    private final Table<Record> history;
    private final Map<String, String> insertSettings;

    public ScoreRepository(ClickHouseStorage storage) {
        this(storage, false);
    }

    /** @param serverAsyncInsert score INSERTs carry {@code async_insert = 1, wait_for_async_insert = 1} */
    public ScoreRepository(ClickHouseStorage storage, boolean serverAsyncInsert) {
        this.storage = storage;
        this.scores = DSL.table(storage.table("annotation_scores"));
        this.history = DSL.table(storage.table("annotation_score_history"));
        this.insertSettings = serverAsyncInsert ? SERVER_ASYNC_INSERT : Map.of();
    }

    /** Where the score log reports what it acknowledged and loaded; reads of live scores wait on it. */
    AcknowledgedWrites acknowledgedWrites() {
        return storage.acknowledgedWrites();
    }

    /**
     * Reads of this instance see every score it acknowledged before them (durability {@code log}: rows still in
     * the log are loaded first, up to {@link AcknowledgedWrites#READ_WAIT}). Point reads by id need not wait: they
     * consult the log's pending rows.
     */
    private void awaitAcknowledged() {
        storage.acknowledgedWrites().awaitLoaded();
    }

    /** Writes all versions in one INSERT; returns only once ClickHouse has them. */
    public void insert(Collection<Score> versions) {
        if (versions.isEmpty()) {
            return;
        }
        insertEncoded(ScoreRows.jsonEachRow(versions));
    }

    /** Like {@link #insert}, for rows already encoded by {@link ScoreRows#jsonEachRow} (the score log's records). */
    void insertEncoded(byte[] jsonEachRow) {
        // An answer without an error means ClickHouse stored the whole block (its written-rows figure
        // also counts the history view's copies, so it is not compared).
        storage.insertJsonEachRow("annotation_scores", jsonEachRow, null, insertSettings);
    }

    /** One version of one score of one project: what the score log looks for before it loads a row again. */
    record VersionKey(UUID projectId, UUID id, long version) {
        static VersionKey of(Score score) {
            return new VersionKey(score.projectId(), score.id(), score.version());
        }
    }

    /**
     * Which of {@code versions} the history holds. The history keeps every version (the scores table's
     * merges drop older ones), so a version found there was stored, whatever came after it.
     */
    Set<VersionKey> inHistory(Collection<VersionKey> versions) {
        if (versions.isEmpty()) {
            return Set.of();
        }
        Set<UUID> ids = new HashSet<>();
        Set<UUID> projects = new HashSet<>();
        versions.forEach(version -> {
            ids.add(version.id());
            projects.add(version.projectId());
        });
        Set<VersionKey> wanted = Set.copyOf(versions);
        Set<VersionKey> stored = new HashSet<>();
        storage.call(dsl -> dsl.select(PROJECT_ID, ID, VERSION).from(history)
                        .where(PROJECT_ID.in(projects).and(ID.in(ids)))
                        .fetch(row -> new VersionKey(row.value1(), row.value2(), row.value3())))
                .stream().filter(wanted::contains).forEach(stored::add);
        return stored;
    }

    /** A score's identity: ids are the client's choice, so an id names a score only within its project. */
    public record Key(UUID projectId, UUID id) {
    }

    /** The newest version of each score named, tombstones included. */
    public List<Score> latestVersions(Collection<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Set<Key> wanted = Set.copyOf(keys);
        Set<UUID> ids = new HashSet<>();
        Set<UUID> projects = new HashSet<>();
        keys.forEach(key -> {
            ids.add(key.id());
            projects.add(key.projectId());
        });
        // id IN keeps the id's bloom-filter index in use; the exact (project, id) pairs are picked below
        List<Score> versions = storage.call(dsl -> dsl.select(COLUMNS).from(scores)
                .where(ID.in(ids).and(PROJECT_ID.in(projects)))
                .fetch(ScoreRepository::toScore));
        Map<Key, Score> newest = new HashMap<>();
        for (Score version : versions) {
            Key key = new Key(version.projectId(), version.id());
            if (wanted.contains(key)) {
                newest.merge(key, version, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return List.copyOf(newest.values());
    }

    /** The newest version of each of the project's scores named by {@code ids}, tombstones included. */
    public List<Score> latestVersions(UUID projectId, Collection<UUID> ids) {
        return latestVersions(ids.stream().map(id -> new Key(projectId, id)).toList());
    }

    /**
     * Which of {@code ids} are stored in any project. Only for ids derived from an event's content
     * (evaluation events), whose identity is global: the inbox reader skips an event the receiver already
     * turned into a score, whichever project that was. Never for client-chosen ids.
     */
    public Set<UUID> storedInAnyProject(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(storage.call(dsl -> dsl.selectDistinct(ID).from(scores).where(ID.in(ids)).fetch(ID)));
    }

    /** One version of one score: what an INSERT stored, looked for when its answer was lost. */
    record StoredVersion(UUID id, long version) {
        static StoredVersion of(Score score) {
            return new StoredVersion(score.id(), score.version());
        }
    }

    /**
     * Which of {@code versions} are stored, asked with a short bound ({@code seconds}): the read-back of an
     * INSERT whose answer was lost.
     */
    Set<StoredVersion> storedVersions(Collection<StoredVersion> versions, int seconds) {
        if (versions.isEmpty()) {
            return Set.of();
        }
        Set<UUID> ids = new HashSet<>();
        versions.forEach(version -> ids.add(version.id()));
        Set<StoredVersion> stored = new HashSet<>();
        storage.callWithin(seconds, dsl -> dsl.select(ID, VERSION).from(scores).where(ID.in(ids))
                .fetch(row -> new StoredVersion(row.value1(), row.value2())))
                .stream().filter(versions::contains).forEach(stored::add);
        return stored;
    }

    public Optional<Score> latestVersion(UUID projectId, UUID id) {
        return latestVersions(projectId, List.of(id)).stream().findFirst();
    }

    /** Every version of a score, oldest first, after {@code afterVersion}. */
    public List<Score> history(UUID projectId, UUID id, long afterVersion, int limit) {
        awaitAcknowledged();
        return storage.call(dsl -> dsl.select(COLUMNS).from(history)
                .where(PROJECT_ID.eq(projectId).and(ID.eq(id)).and(VERSION.gt(afterVersion)))
                .orderBy(VERSION).limit(limit)
                .fetch(ScoreRepository::toScore));
    }

    /** Live scores matching the filter, newest first by (timestamp, id). */
    /** Where a page of the score list ended: the last score's (timestamp, id), the list's sort key. */
    public record After(Instant timestamp, UUID id) {
    }

    /** A filter field with its alternatives: any of them matches; none given, no condition. */
    private static <T> Condition anyOf(Field<T> field, List<T> values) {
        return values.isEmpty() ? DSL.noCondition() : field.in(values);
    }

    public List<Score> list(UUID projectId, ScoreFilter filter, Optional<After> after, int limit) {
        awaitAcknowledged();
        Condition where = PROJECT_ID.eq(projectId).and(IS_DELETED.eq(0));
        where = where.and(anyOf(TARGET_TYPE, filter.targetType().stream().map(TargetType::name).toList()))
                .and(anyOf(TRACE_ID, filter.traceId()))
                .and(anyOf(SPAN_ID, filter.spanId()))
                .and(anyOf(SESSION_ID, filter.sessionId()))
                .and(anyOf(DATASET_ID, filter.datasetId()))
                .and(anyOf(ITEM_ID, filter.itemId()))
                .and(anyOf(NAME, filter.name()))
                .and(anyOf(CONFIG_ID, filter.configId()))
                .and(anyOf(SOURCE, filter.source().stream().map(Source::name).toList()))
                .and(anyOf(ANNOTATOR_KIND, filter.annotatorKind().stream().map(AnnotatorKind::name).toList()))
                .and(anyOf(AUTHOR, filter.author()))
                .and(anyOf(QUEUE_ID, filter.queueId()))
                .and(filter.valueMin().map(VALUE::ge).orElse(DSL.noCondition()))
                .and(filter.valueMax().map(VALUE::le).orElse(DSL.noCondition()))
                .and(filter.label().isEmpty() ? DSL.noCondition() : STRING_VALUE.in(filter.label()).or(DSL.or(
                        filter.label().stream().map(label -> DSL.condition("has({0}, {1})", LABELS, DSL.val(label))).toList())))
                .and(filter.from().map(from -> TIMESTAMP.ge(utc(from))).orElse(DSL.noCondition()))
                .and(filter.to().map(to -> TIMESTAMP.lt(utc(to))).orElse(DSL.noCondition()))
                .and(after.map(last -> DSL.row(TIMESTAMP, ID).lt(utc(last.timestamp()), last.id()))
                        .orElse(DSL.noCondition()));
        Condition condition = where;
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(scores)).where(condition)
                .orderBy(TIMESTAMP.desc(), ID.desc()).limit(limit)
                .fetch(ScoreRepository::toScore));
    }

    /** Live scores on the given traces and their spans, of the given target types (TRACE, SPAN, DOCUMENT). */
    public List<Score> liveOnTraces(UUID projectId, Collection<String> traceIds, Collection<TargetType> types) {
        if (traceIds.isEmpty()) {
            return List.of();
        }
        awaitAcknowledged();
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(scores))
                .where(PROJECT_ID.eq(projectId).and(IS_DELETED.eq(0))
                        .and(TARGET_TYPE.in(types.stream().map(TargetType::name).toList()))
                        .and(TRACE_ID.in(traceIds)))
                .orderBy(TIMESTAMP, ID)
                .fetch(ScoreRepository::toScore));
    }

    /** Live SESSION-target scores on one session. */
    public List<Score> liveOnSession(UUID projectId, String sessionId) {
        awaitAcknowledged();
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(scores))
                .where(PROJECT_ID.eq(projectId).and(IS_DELETED.eq(0))
                        .and(TARGET_TYPE.eq(TargetType.SESSION.name())).and(SESSION_ID.eq(sessionId)))
                .orderBy(TIMESTAMP, ID)
                .fetch(ScoreRepository::toScore));
    }

    /**
     * A condition on span rows (their trace and span id columns): the project has a live score called
     * {@code name} on the span (SPAN or DOCUMENT target) or on its trace (TRACE target).
     */
    public Condition spanHasLiveScore(UUID projectId, String name, Field<String> traceId, Field<String> spanId) {
        awaitAcknowledged();
        Condition named = PROJECT_ID.eq(projectId).and(IS_DELETED.eq(0)).and(NAME.eq(name));
        Table<?> live = Columns.finalView(scores);
        return DSL.row(traceId, spanId).in(DSL.select(TRACE_ID, SPAN_ID).from(live)
                        .where(named.and(TARGET_TYPE.in(TargetType.SPAN.name(), TargetType.DOCUMENT.name()))))
                .or(traceId.in(DSL.select(TRACE_ID).from(live).where(named.and(TARGET_TYPE.eq(TargetType.TRACE.name())))));
    }

    private static Score toScore(Record row) {
        TargetType type = TargetType.valueOf(row.get(TARGET_TYPE));
        Integer position = row.get(DOCUMENT_POSITION);
        Target target = new Target(type, emptyToNull(row.get(TRACE_ID)), emptyToNull(row.get(SPAN_ID)),
                emptyToNull(row.get(SESSION_ID)), emptyToNull(row.get(DATASET_ID)), emptyToNull(row.get(ITEM_ID)),
                position == null || position < 0 ? null : position);
        String[] labels = row.get(LABELS);
        Map<String, String> metadata = row.get(METADATA);
        return new Score(row.get(ID), row.get(PROJECT_ID), target, row.get(NAME), DataType.valueOf(row.get(DATA_TYPE)),
                row.get(VALUE), row.get(STRING_VALUE), labels == null ? List.of() : List.copyOf(Arrays.asList(labels)),
                row.get(COMMENT), metadata == null ? Map.of() : Map.copyOf(metadata), row.get(CONFIG_ID), row.get(QUEUE_ID),
                Source.valueOf(row.get(SOURCE)), AnnotatorKind.valueOf(row.get(ANNOTATOR_KIND)), row.get(AUTHOR),
                row.get(CREATED_BY), instant(row.get(TIMESTAMP)), instant(row.get(CREATED_AT)), instant(row.get(UPDATED_AT)),
                row.get(CHANGED_BY), row.get(VERSION), row.get(IS_DELETED) == 1);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** What the config's live scores hold, for checking an edit against them. */
    @Override
    public ConfigUsage usage(UUID projectId, UUID configId) {
        awaitAcknowledged();
        Field<UUID> configIdColumn = Columns.uuid("config_id");
        Record6<Long, Double, Double, String, Integer, Integer> row = storage.call(dsl -> dsl.select(
                        DSL.count().cast(SQLDataType.BIGINT),
                        DSL.field("min(value)", SQLDataType.DOUBLE),
                        DSL.field("max(value)", SQLDataType.DOUBLE),
                        DSL.field("arrayStringConcat(arrayDistinct(arrayFlatten(groupArray("
                                + "if(empty(labels), if(string_value = '', emptyArrayString(), [string_value]), labels)))), '\\x1F')",
                                SQLDataType.VARCHAR),
                        DSL.field("toInt32(max(lengthUTF8(string_value)))", SQLDataType.INTEGER),
                        DSL.field("toInt32(max(length(labels)))", SQLDataType.INTEGER))
                .from(Columns.finalView(scores))
                .where(Columns.uuid("project_id").eq(projectId).and(configIdColumn.eq(configId)))
                .fetchOne());
        if (row == null || row.value1() == 0) {
            return ConfigUsage.NONE;
        }
        Set<String> labels = new HashSet<>();
        if (row.value4() != null && !row.value4().isEmpty()) {
            labels.addAll(List.of(row.value4().split("\u001f")));
        }
        return new ConfigUsage(row.value1(), row.value2(), row.value3(), labels,
                row.value5() == null ? 0 : row.value5(), row.value6() == null ? 0 : row.value6());
    }
}
