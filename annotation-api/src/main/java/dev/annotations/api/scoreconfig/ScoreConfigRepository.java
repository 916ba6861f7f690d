package dev.annotations.api.scoreconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about score configs. Every edit stores a new version of the config's row. */
public final class ScoreConfigRepository {
    private static final TypeReference<List<Category>> CATEGORY_LIST = new TypeReference<>() {
    };
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> DATA_TYPE = Columns.string("data_type");
    private static final Field<String> WIDGET = Columns.string("widget");
    private static final Field<Double> MIN = DSL.field(DSL.name("min"), SQLDataType.DOUBLE);
    private static final Field<Double> MAX = DSL.field(DSL.name("max"), SQLDataType.DOUBLE);
    private static final Field<Double> STEP = DSL.field(DSL.name("step"), SQLDataType.DOUBLE);
    private static final Field<String> CATEGORIES = Columns.string("categories");
    private static final Field<Boolean> MULTI_SELECT = Columns.bool("multi_select");
    private static final Field<String> TRUE_LABEL = Columns.string("true_label");
    private static final Field<String> FALSE_LABEL = Columns.string("false_label");
    private static final Field<Long> MAX_LENGTH = Columns.int64("max_length");
    private static final Field<String> DIRECTION = Columns.string("direction");
    private static final Field<String> DESCRIPTION = Columns.string("description");
    private static final Field<Boolean> ARCHIVED = Columns.bool("archived");
    private static final Field<LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<LocalDateTime> UPDATED_AT = Columns.timestamp("updated_at");
    private static final Field<String> UPDATED_BY = Columns.string("updated_by");
    private static final Field<Long> VERSION = Columns.int64("version");
    private static final List<SelectFieldOrAsterisk> COLUMNS = List.of(PROJECT_ID, ID, NAME, DATA_TYPE, WIDGET, MIN, MAX,
            STEP, CATEGORIES, MULTI_SELECT, TRUE_LABEL, FALSE_LABEL, MAX_LENGTH, DIRECTION, DESCRIPTION, ARCHIVED,
            CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY);

    private final ClickHouseStorage storage;
    private final Table<Record> table;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public ScoreConfigRepository(ClickHouseStorage storage, Clock clock) {
        this.storage = storage;
        this.table = DSL.table(storage.table("annotation_score_configs"));
        this.clock = clock;
    }

    /** Stores this version of the config (a creation or an edit). */
    public void save(ScoreConfig config) {
        long version = Columns.versionAt(clock.instant());
        storage.call(dsl -> dsl.insertInto(table, PROJECT_ID, ID, NAME, DATA_TYPE, WIDGET, MIN, MAX, STEP, CATEGORIES,
                        MULTI_SELECT, TRUE_LABEL, FALSE_LABEL, MAX_LENGTH, DIRECTION, DESCRIPTION, ARCHIVED, CREATED_AT,
                        CREATED_BY, UPDATED_AT, UPDATED_BY, VERSION)
                .values(config.projectId(), config.id(), config.name(), config.dataType().name(), config.widget().name(),
                        config.min(), config.max(), config.step(), toJson(config.categories()), config.multiSelect(),
                        nullToEmpty(config.trueLabel()), nullToEmpty(config.falseLabel()),
                        config.maxLength() == null ? null : config.maxLength().longValue(), config.direction().name(),
                        config.description(), config.archived(), utc(config.createdAt()), config.createdBy(),
                        utc(config.updatedAt()), config.updatedBy(), version)
                .execute());
    }

    public Optional<ScoreConfig> find(UUID projectId, UUID id) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(table))
                .where(PROJECT_ID.eq(projectId).and(ID.eq(id)))
                .fetchOptional(this::toConfig));
    }

    /** Whether a live (non-archived) config other than {@code except} already uses the name. */
    public boolean liveNameTaken(UUID projectId, String name, UUID except) {
        return storage.call(dsl -> dsl.fetchExists(dsl.selectOne().from(Columns.finalView(table))
                .where(PROJECT_ID.eq(projectId).and(NAME.eq(name)).and(ARCHIVED.isFalse()).and(ID.ne(except)))));
    }

    /** Where a page of configs ended: the last config's (name, id), the list's sort key. */
    public record After(String name, UUID id) {
    }

    /**
     * Filters are optional (an empty list: any; several values: any of them); sorted by name then id;
     * {@code after} is the last (name, id) of the previous page.
     */
    public List<ScoreConfig> list(UUID projectId, List<String> names, List<DataType> dataTypes,
                                  Optional<Boolean> archived, Optional<After> after, int limit) {
        Condition where = PROJECT_ID.eq(projectId);
        where = where.and(names.isEmpty() ? DSL.noCondition() : NAME.in(names));
        where = where.and(dataTypes.isEmpty() ? DSL.noCondition()
                : DATA_TYPE.in(dataTypes.stream().map(DataType::name).toList()));
        where = where.and(archived.map(ARCHIVED::eq).orElse(DSL.noCondition()));
        where = where.and(after.map(cursor -> DSL.row(NAME, ID).gt(cursor.name(), cursor.id())).orElse(DSL.noCondition()));
        Condition condition = where;
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(table)).where(condition)
                .orderBy(NAME, ID).limit(limit).fetch(this::toConfig));
    }

    private ScoreConfig toConfig(Record row) {
        Long maxLength = row.get(MAX_LENGTH);
        return new ScoreConfig(row.get(ID), row.get(PROJECT_ID), row.get(NAME), DataType.valueOf(row.get(DATA_TYPE)),
                Widget.valueOf(row.get(WIDGET)), row.get(MIN), row.get(MAX), row.get(STEP), fromJson(row.get(CATEGORIES)),
                Boolean.TRUE.equals(row.get(MULTI_SELECT)), emptyToNull(row.get(TRUE_LABEL)),
                emptyToNull(row.get(FALSE_LABEL)), maxLength == null ? null : maxLength.intValue(),
                Direction.valueOf(row.get(DIRECTION)), row.get(DESCRIPTION), Boolean.TRUE.equals(row.get(ARCHIVED)),
                instant(row.get(CREATED_AT)), row.get(CREATED_BY), instant(row.get(UPDATED_AT)), row.get(UPDATED_BY));
    }

    private String toJson(List<Category> categories) {
        try {
            return json.writeValueAsString(categories);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Category> fromJson(String text) {
        try {
            return List.copyOf(json.readValue(text, CATEGORY_LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored categories are not valid JSON: " + text, e);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
