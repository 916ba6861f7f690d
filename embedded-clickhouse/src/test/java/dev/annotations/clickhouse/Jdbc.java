package dev.annotations.clickhouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** JDBC connections to the engine's private port, with its credentials, as the service opens them. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(EmbeddedClickHouse engine, String database) throws SQLException {
        return DriverManager.getConnection(engine.jdbcUrl(database), properties(engine));
    }

    static Properties properties(EmbeddedClickHouse engine) {
        Properties properties = new Properties();
        properties.setProperty("user", engine.credentials().user());
        properties.setProperty("password", engine.credentials().password());
        return properties;
    }
}
