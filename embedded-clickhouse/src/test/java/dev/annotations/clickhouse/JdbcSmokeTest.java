package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;

import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcSmokeTest {
    @Test
    void select_one_through_the_driver() throws Exception {
        EmbeddedClickHouse engine = SharedEngine.get();
        try (var connection = DriverManager.getConnection(engine.jdbcUrl("default"));
             var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT 1 AS one, 'x' AS s, now64(9) AS t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            System.out.println(rs.getString(2) + " " + rs.getObject(3));
        }
    }
}
