package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Quoting of what the front writes into USE/SET itself, and which statements leave state on a connection. */
class ConnectionStateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            plain            | 'plain'
            it's             | 'it\\'s'
            back\\slash      | 'back\\\\slash'
            \\'; DROP x --   | '\\\\\\'; DROP x --'
            ""               | ''
            """)
    void quoteString_escapes_quotes_and_backslashes(String value, String quoted) {
        assertThat(ConnectionState.quoteString(value)).isEqualTo(quoted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            default          | `default`
            we`ird           | `we\\`ird`
            back\\tick`      | `back\\\\tick\\``
            """)
    void quoteIdentifier_escapes_backticks_and_backslashes(String identifier, String quoted) {
        assertThat(ConnectionState.quoteIdentifier(identifier)).isEqualTo(quoted);
    }

    @Test
    void a_database_name_that_needs_quoting_works_on_the_engine() {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        clickHouse.directQuery("CREATE DATABASE IF NOT EXISTS `odd``name\\\\db`");

        assertThat(ClickHouseHttp.of(clickHouse).query("SELECT currentDatabase()", "database", "odd`name\\db"))
                .isEqualTo("odd`name\\\\db\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET max_threads = 1", "set max_threads = 1", "  \n\tSET max_threads = 1", "USE db", "use db;",
            "-- comment\nSET x = 1", "/* block\n comment */ USE db", "# hash comment\nUSE db",
            "CREATE TEMPORARY TABLE t (n UInt8)", "create or replace temporary table t (n UInt8)", "SET ROLE admin"})
    void statements_that_change_the_connection_are_recognised(String statement) {
        assertThat(ConnectionState.leavesState(statement)).isTrue();
        assertThat(ConnectionState.leavesState(statement.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1", "SELECT 1 SETTINGS max_threads = 1", "SETTINGS", "SELECT 'SET x = 1'", "USER",
            "INSERT INTO t FORMAT TSV\nSET", "CREATE TABLE t (n UInt8) ENGINE = Memory", "-- SET x = 1\nSELECT 1",
            "/* USE db */ SELECT 1", "", "/* unterminated SET"})
    void other_statements_are_not(String statement) {
        assertThat(ConnectionState.leavesState(statement)).isFalse();
    }

    @Test
    void a_long_run_of_whitespace_and_comments_is_scanned_in_linear_time() {
        String pathological = " \n".repeat(20_000) + "-- x\n".repeat(5_000) + "SELECT 1";

        long started = System.nanoTime();
        assertThat(ConnectionState.leavesState(pathological)).isFalse();
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
    }
}
