package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One engine per process, restartable in place: tables and rows live in the data directory, so they
 * outlast the engine that wrote them. (Restarting inside this JVM proved reliable, ten restarts in a
 * row, so no child process is needed.)
 */
class EngineLifecycleTest {

    @Test
    void rows_written_before_a_restart_read_back_after_it() throws Exception {
        EmbeddedClickHouse before = SharedEngine.get();
        before.directQuery(TypedTable.createStatement("restart_rows", TypedTable.REPLACING_MERGE_TREE));
        try (TypedRowStore store = RowClient.JDBC.open(before, "default")) {
            store.insert("restart_rows", TypedTable.sampleRows());
        }
        before.directQuery("CREATE DATABASE IF NOT EXISTS restart_db");
        before.directQuery("CREATE TABLE restart_db.counter (n UInt64) ENGINE = MergeTree ORDER BY n");
        before.directQuery("INSERT INTO restart_db.counter SELECT number FROM numbers(1000)");

        // A Memory table keeps its definition on disk but its rows only in memory: it proves below that the
        // engine really went down and came back, rather than the old one still answering.
        before.directQuery("CREATE TABLE restart_memory (n UInt8) ENGINE = Memory");
        before.directQuery("INSERT INTO restart_memory VALUES (1)");

        EmbeddedClickHouse after = SharedEngine.restart();

        assertThat(after).isNotSameAs(before);
        assertThat(after.directQuery("SELECT count() FROM restart_memory")).isEqualTo("0\n");
        try (TypedRowStore store = RowClient.JDBC.open(after, "default")) {
            assertThat(store.readAll("restart_rows", true)).containsExactlyInAnyOrderElementsOf(TypedTable.sampleRows());
        }
        try (Connection connection = Jdbc.connect(after, "restart_db");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(), sum(n) FROM counter")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getLong(1), rs.getLong(2))).containsExactly(1000L, 499_500L);
        }
    }

    @Test
    void the_restarted_engine_accepts_new_writes() throws Exception {
        EmbeddedClickHouse clickHouse = SharedEngine.restart();
        clickHouse.directQuery("CREATE TABLE IF NOT EXISTS restart_writes (n UInt64) ENGINE = MergeTree ORDER BY n");
        clickHouse.directQuery("INSERT INTO restart_writes VALUES (7)");

        assertThat(clickHouse.directQuery("SELECT sum(n) FROM restart_writes")).isEqualTo("7\n");
    }

    @Test
    void a_second_engine_in_the_same_process_is_refused_while_the_first_is_open(@TempDir Path otherDirectory) {
        EmbeddedClickHouse running = SharedEngine.get();

        assertThatThrownBy(() -> EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(otherDirectory)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open");
        assertThat(running.directQuery("SELECT 1")).isEqualTo("1\n");
    }
}
