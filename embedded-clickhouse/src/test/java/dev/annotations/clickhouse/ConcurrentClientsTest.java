package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight clients at once (twice the engine's four connections, so requests also queue for one): each
 * reader checks every answer against a known result while writers insert, and nothing is lost or mixed up.
 */
class ConcurrentClientsTest {
    private static final int THREADS = 8;
    private static final int WRITERS = 3;
    private static final int ROUNDS = 40;
    private static final int ROWS_PER_INSERT = 250;
    private static final int REFERENCE_ROWS = 100_000;

    private static EmbeddedClickHouse clickHouse;

    @BeforeAll
    static void create_tables() {
        clickHouse = SharedEngine.get();
        clickHouse.directQuery("CREATE TABLE concurrent_reference (n UInt64, label String) ENGINE = MergeTree ORDER BY n");
        clickHouse.directQuery("INSERT INTO concurrent_reference SELECT number, toString(number) FROM numbers("
                + REFERENCE_ROWS + ")");
        clickHouse.directQuery("CREATE TABLE concurrent_writes (writer UInt8, round UInt32, n UInt32) "
                + "ENGINE = MergeTree ORDER BY (writer, round, n)");
    }

    @Test
    void eight_threads_reading_and_inserting_at_once_all_get_correct_results() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Callable<Integer>> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            clients.add(id < WRITERS ? () -> write(id, start) : () -> read(id, start));
        }

        List<Integer> completedRounds = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (Future<Integer> result : pool.invokeAll(clients, 2, TimeUnit.MINUTES)) {
                completedRounds.add(result.get());
            }
        }

        assertThat(completedRounds).containsOnly(ROUNDS);
        long perWriter = (long) ROUNDS * ROWS_PER_INSERT;
        long sumPerWriter = (long) ROUNDS * ROWS_PER_INSERT * (ROWS_PER_INSERT - 1) / 2;
        assertThat(clickHouse.directQuery("SELECT writer, count(), sum(n), uniqExact(round) FROM concurrent_writes "
                + "GROUP BY writer ORDER BY writer"))
                .isEqualTo("0\t%d\t%d\t%d\n1\t%d\t%d\t%d\n2\t%d\t%d\t%d\n".formatted(
                        perWriter, sumPerWriter, ROUNDS, perWriter, sumPerWriter, ROUNDS, perWriter, sumPerWriter, ROUNDS));
    }

    private static int write(int writer, CyclicBarrier start) throws Exception {
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO concurrent_writes (writer, round, n) VALUES (?, ?, ?)")) {
            start.await();
            for (int round = 0; round < ROUNDS; round++) {
                for (int n = 0; n < ROWS_PER_INSERT; n++) {
                    insert.setInt(1, writer);
                    insert.setInt(2, round);
                    insert.setInt(3, n);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return ROUNDS;
    }

    /** Each reader asks a question whose answer depends on its id and round, so a crossed reply fails. */
    private static int read(int reader, CyclicBarrier start) throws Exception {
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(), sum(n), countIf(label = toString(n)) FROM concurrent_reference WHERE n < ?");
             Statement statement = connection.createStatement()) {
            start.await();
            for (int round = 0; round < ROUNDS; round++) {
                long limit = 1 + (reader * 7919L + round * 104_729L) % REFERENCE_ROWS;
                select.setLong(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(limit);
                    assertThat(rs.getLong(2)).isEqualTo(limit * (limit - 1) / 2);
                    assertThat(rs.getLong(3)).isEqualTo(limit);
                }
                try (ResultSet rs = statement.executeQuery("SELECT " + reader + " * 1000 + " + round + ", '" + reader
                        + "-" + round + "'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(reader * 1000L + round);
                    assertThat(rs.getString(2)).isEqualTo(reader + "-" + round);
                }
            }
        }
        return ROUNDS;
    }
}
