package dev.annotations.clickhouse;

import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep11;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

/** {@link TypedRow}s through jOOQ's CLICKHOUSE dialect over clickhouse-jdbc, the way the API's repositories work. */
final class JooqTypedRows implements TypedRowStore {
    private static final Field<UUID> ID = field(name("id"), SQLDataType.UUID);
    private static final Field<String> SERVICE = field(name("service"), SQLDataType.VARCHAR);
    private static final Field<Map<String, String>> ATTRIBUTES =
            field(name("attributes"), SQLDataType.OTHER.asConvertedDataType(new MapBinding()));
    private static final Field<String[]> TAGS = field(name("tags"), SQLDataType.VARCHAR.array());
    private static final Field<String> COMMENT = field(name("comment"), SQLDataType.VARCHAR);
    private static final Field<TypedRow.Status> STATUS = field(name("status"), SQLDataType.VARCHAR.asConvertedDataType(
            Converter.ofNullable(String.class, TypedRow.Status.class, TypedRow.Status::valueOf, TypedRow.Status::name)));
    private static final Field<LocalDateTime> TS = field(name("ts"), SQLDataType.LOCALDATETIME(9));
    // a Nested column's arrays are named "events.name": one identifier, not a table-qualified column
    private static final Field<String[]> EVENT_NAMES = field(name("events.name"), SQLDataType.VARCHAR.array());
    private static final Field<Long[]> EVENT_VALUES = field(name("events.value"), SQLDataType.BIGINT.array());
    private static final Field<Long> VERSION = field(name("version"), SQLDataType.BIGINT);
    private static final Field<Boolean> IS_DELETED = field(name("is_deleted"), SQLDataType.BOOLEAN);

    private final Connection connection;
    private final DSLContext ctx;

    JooqTypedRows(EmbeddedClickHouse engine, String database) throws SQLException {
        this.connection = Jdbc.connect(engine, database);
        this.ctx = DSL.using(connection, SQLDialect.CLICKHOUSE);
    }

    @Override
    public void insert(String table, List<TypedRow> rows) {
        InsertValuesStep11<Record, UUID, String, Map<String, String>, String[], String, TypedRow.Status, LocalDateTime,
                String[], Long[], Long, Boolean> insert = ctx.insertInto(DSL.table(name(table)),
                ID, SERVICE, ATTRIBUTES, TAGS, COMMENT, STATUS, TS, EVENT_NAMES, EVENT_VALUES, VERSION, IS_DELETED);
        for (TypedRow row : rows) {
            insert = insert.values(row.id(), row.service(), row.attributes(), row.tags().toArray(String[]::new),
                    row.comment(), row.status(), LocalDateTime.ofInstant(row.timestamp(), ZoneOffset.UTC),
                    row.eventNames().toArray(String[]::new), row.eventValues().toArray(Long[]::new), row.version(),
                    row.deleted());
        }
        insert.execute();
    }

    @Override
    public List<TypedRow> readAll(String table, boolean useFinal) {
        // jOOQ has no FINAL modifier: a plain-SQL template appends it to the quoted table name
        Table<?> source = useFinal ? DSL.table("{0} FINAL", name(table)) : DSL.table(name(table));
        return ctx.select(ID, SERVICE, ATTRIBUTES, TAGS, COMMENT, STATUS, TS, EVENT_NAMES, EVENT_VALUES, VERSION,
                        IS_DELETED)
                .from(source)
                .orderBy(ID, VERSION)
                .fetch(mapping((id, service, attributes, tags, comment, status, ts, names, values, version, deleted) ->
                        new TypedRow(id, service, attributes, List.of(tags), comment, status, ts.toInstant(ZoneOffset.UTC),
                                List.of(names), Arrays.asList(values), version, deleted)));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
