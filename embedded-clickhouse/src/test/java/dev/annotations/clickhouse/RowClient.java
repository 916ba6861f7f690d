package dev.annotations.clickhouse;

import java.sql.SQLException;

/** The two client paths the project uses against ClickHouse; tests run over both. */
enum RowClient {
    JDBC {
        @Override
        TypedRowStore open(String jdbcUrl) throws SQLException {
            return new JdbcTypedRows(jdbcUrl);
        }
    },
    JOOQ {
        @Override
        TypedRowStore open(String jdbcUrl) throws SQLException {
            return new JooqTypedRows(jdbcUrl);
        }
    };

    abstract TypedRowStore open(String jdbcUrl) throws SQLException;
}
