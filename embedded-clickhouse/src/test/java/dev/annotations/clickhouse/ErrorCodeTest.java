package dev.annotations.clickhouse;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A statement the engine refuses reaches the caller with ClickHouse's own error code and message. */
class ErrorCodeTest {
    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        clickHouse.directQuery("CREATE TABLE IF NOT EXISTS error_codes (id UInt32, n Nested(k String, v UInt8)) "
                + "ENGINE = MergeTree ORDER BY id");
        connection = Jdbc.connect(clickHouse, "default");
    }

    @AfterAll
    static void disconnect() throws SQLException {
        connection.close();
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELEC 1                                                     | 62  | SYNTAX_ERROR        | Syntax error
            SELECT * FROM no_such_table                                 | 60  | UNKNOWN_TABLE       | no_such_table
            SELECT no_such_column FROM system.one                       | 47  | UNKNOWN_IDENTIFIER  | no_such_column
            SELECT no_such_function(1)                                  | 46  | UNKNOWN_FUNCTION    | no_such_function
            SELECT * FROM no_such_db.t                                  | 81  | UNKNOWN_DATABASE    | no_such_db
            SELECT toUInt8('abc')                                       | 6   | CANNOT_PARSE_TEXT   | abc
            SELECT throwIf(1, 'custom failure text')                    | 395 | FUNCTION_THROW_IF_VALUE_IS_NON_ZERO | custom failure text
            SELECT 1 SETTINGS no_such_setting = 1                       | 115 | UNKNOWN_SETTING     | no_such_setting
            CREATE TABLE error_codes (id UInt32) ENGINE = MergeTree ORDER BY id | 57 | TABLE_ALREADY_EXISTS | error_codes
            INSERT INTO error_codes VALUES (1, ['a', 'b'], [1])         | 190 | SIZES_OF_ARRAYS_DONT_MATCH | n
            """)
    void JDBC_raises_SQLException_with_clickhouse_error_code_and_message(String sql, int code, String name,
                                                                         String fragment) {
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getMessage()).startsWith("Code: " + code + ". DB::Exception:").contains(fragment)
                    .contains("(" + name + ")");
        });
    }

    @Test
    void a_failing_prepared_statement_raises_the_same_code_and_the_connection_stays_usable() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT toUInt8(?)")) {
            select.setString(1, "not a number");

            assertThatThrownBy(select::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(6));

            select.setString(1, "42");
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELEC 1                      | 62 | Syntax error
            SELECT * FROM no_such_table  | 60 | no_such_table
            """)
    void jOOQ_raises_DataAccessException_caused_by_the_SQLException_with_the_code(String sql, int code, String fragment) {
        DSLContext ctx = DSL.using(connection, SQLDialect.CLICKHOUSE);

        assertThatThrownBy(() -> ctx.fetch(sql)).isInstanceOfSatisfying(DataAccessException.class, e -> {
            SQLException cause = e.getCause(SQLException.class);
            assertThat((Throwable) cause).as("SQLException in the cause chain").isNotNull();
            assertThat(cause.getErrorCode()).isEqualTo(code);
            assertThat(cause.getMessage()).startsWith("Code: " + code + ". DB::Exception:").contains(fragment);
            assertThat(e.getMessage()).contains("Code: " + code + ".");
        });
    }

    @Test
    void jOOQ_query_builder_errors_carry_the_code_too() {
        DSLContext ctx = DSL.using(connection, SQLDialect.CLICKHOUSE);

        assertThatThrownBy(() -> ctx.selectFrom(DSL.table(DSL.name("no_such_table_for_jooq"))).fetch())
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertThat(e.getCause(SQLException.class).getErrorCode()).isEqualTo(60));
    }
}
