package dev.annotations.clickhouse;

import java.sql.SQLException;

/** The two client paths the project uses against ClickHouse; tests run over both. */
enum RowClient {
    JDBC {
        @Override
        TypedRowStore open(EmbeddedClickHouse engine, String database) throws SQLException {
            return new JdbcTypedRows(engine, database);
        }
    },
    JOOQ {
        @Override
        TypedRowStore open(EmbeddedClickHouse engine, String database) throws SQLException {
            return new JooqTypedRows(engine, database);
        }
    };

    abstract TypedRowStore open(EmbeddedClickHouse engine, String database) throws SQLException;
}
