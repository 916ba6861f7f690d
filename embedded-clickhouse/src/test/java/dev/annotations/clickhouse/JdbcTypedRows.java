package dev.annotations.clickhouse;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link TypedRow}s through plain clickhouse-jdbc: a PreparedStatement batch in, a ResultSet out. */
final class JdbcTypedRows implements TypedRowStore {
    private final Connection connection;

    JdbcTypedRows(EmbeddedClickHouse engine, String database) throws SQLException {
        this.connection = Jdbc.connect(engine, database);
    }

    @Override
    public void insert(String table, List<TypedRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (" + TypedTable.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TypedRow row : rows) {
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static void bind(PreparedStatement insert, TypedRow row) throws SQLException {
        insert.setObject(1, row.id());
        insert.setString(2, row.service());
        insert.setObject(3, row.attributes());
        insert.setObject(4, row.tags().toArray(String[]::new));
        insert.setString(5, row.comment());
        insert.setString(6, row.status().name());
        insert.setObject(7, LocalDateTime.ofInstant(row.timestamp(), ZoneOffset.UTC));
        insert.setObject(8, row.eventNames().toArray(String[]::new));
        insert.setObject(9, row.eventValues().stream().mapToLong(Long::longValue).toArray());
        insert.setLong(10, row.version());
        insert.setInt(11, row.deleted() ? 1 : 0);
    }

    @Override
    public List<TypedRow> readAll(String table, boolean useFinal) throws SQLException {
        List<TypedRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + TypedTable.COLUMNS + " FROM " + table
                     + (useFinal ? " FINAL" : "") + " ORDER BY id, version")) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    static TypedRow read(ResultSet rs) throws SQLException {
        return new TypedRow(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                (Map<String, String>) rs.getObject(3),
                strings(rs.getArray(4)),
                rs.getString(5),
                TypedRow.Status.valueOf(rs.getString(6)),
                rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                strings(rs.getArray(8)),
                longs(rs.getArray(9)),
                rs.getLong(10),
                rs.getBoolean(11));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    private static List<Long> longs(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(value -> ((Number) value).longValue()).toList();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
