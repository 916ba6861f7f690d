package dev.annotations.clickhouse;

import java.sql.SQLException;
import java.util.List;

/** Writes and reads {@link TypedRow}s through one client path (JDBC or jOOQ), so tests can run over both. */
interface TypedRowStore extends AutoCloseable {
    void insert(String table, List<TypedRow> rows) throws Exception;

    /** Every row of {@code table}, ordered by id; with {@code useFinal} the table is read with FINAL. */
    List<TypedRow> readAll(String table, boolean useFinal) throws Exception;

    @Override
    void close() throws SQLException;
}
