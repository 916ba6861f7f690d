package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A large PreparedStatement batch through the driver and the HTTP front lands complete and unchanged. */
class BatchInsertTest {
    private static final int ROWS = 100_000;
    private static final String TABLE = "batch_insert";
    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

    private static EmbeddedClickHouse clickHouse;
    private static int[] updateCounts;

    @BeforeAll
    static void insert_the_batch() throws Exception {
        clickHouse = SharedEngine.get();
        clickHouse.directQuery(TypedTable.createStatement(TABLE, TypedTable.MERGE_TREE));
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + TABLE + " (" + TypedTable.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                JdbcTypedRows.bind(insert, row(i));
                insert.addBatch();
            }
            updateCounts = insert.executeBatch();
        }
    }

    /** Row {@code i}: every column varies with i, so a lost, duplicated or shuffled row shows up. */
    static TypedRow row(int i) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int k = 0; k < i % 3; k++) {
            attributes.put("key." + k, "välue-" + i + "-" + k);
        }
        List<String> tags = IntStream.range(0, i % 4).mapToObj(t -> "tag'" + t + "\t" + i).toList();
        String comment = switch (i % 10) {
            case 0 -> null;
            case 1 -> "";
            default -> "comment " + i + " ✓ \\ \"q\"\n";
        };
        List<String> eventNames = IntStream.range(0, i % 3).mapToObj(e -> "event-" + e).toList();
        List<Long> eventValues = IntStream.range(0, i % 3).mapToObj(e -> (long) i * (e + 1) % 4_000_000_000L).toList();
        return new TypedRow(new UUID(i * 0x9E3779B97F4A7C15L, ~(long) i), "service-" + i % 7, attributes, tags,
                comment, TypedRow.Status.values()[i % 3], BASE.plusNanos(i * 1_000_003L), eventNames, eventValues,
                i, false);
    }

    @Test
    void the_driver_reports_one_update_per_row() {
        assertThat(updateCounts).hasSize(ROWS);
    }

    @Test
    void per_column_aggregates_match_the_generated_rows() {
        List<TypedRow> rows = IntStream.range(0, ROWS).mapToObj(BatchInsertTest::row).toList();
        long baseNanos = BASE.getEpochSecond() * 1_000_000_000L;
        String expected = String.join("\t",
                Long.toString(ROWS),
                Long.toString(rows.stream().map(TypedRow::id).distinct().count()),
                Long.toString(rows.stream().map(TypedRow::service).distinct().count()),
                Long.toString(rows.stream().mapToLong(r -> r.attributes().size()).sum()),
                Long.toString(rows.stream().flatMap(r -> r.attributes().values().stream())
                        .mapToLong(BatchInsertTest::utf8Length).sum()),
                Long.toString(rows.stream().flatMap(r -> r.tags().stream()).mapToLong(BatchInsertTest::utf8Length).sum()),
                Long.toString(rows.stream().filter(r -> r.comment() == null).count()),
                Long.toString(rows.stream().filter(r -> r.comment() != null).mapToLong(r -> utf8Length(r.comment())).sum()),
                Long.toString(rows.stream().filter(r -> r.status() == TypedRow.Status.error).count()),
                Long.toString(rows.stream().mapToLong(r -> r.timestamp().getEpochSecond() * 1_000_000_000L
                        + r.timestamp().getNano() - baseNanos).sum()),
                Long.toString(rows.stream().mapToLong(r -> r.timestamp().getNano() % 1000).sum()),
                Long.toString(rows.stream().flatMap(r -> r.eventValues().stream()).mapToLong(Long::longValue).sum()),
                Long.toString(rows.stream().mapToLong(TypedRow::version).sum()));

        String actual = clickHouse.directQuery("SELECT count(), uniqExact(id), uniqExact(service), sum(length(attributes)), "
                + "sum(arraySum(arrayMap(v -> length(v), mapValues(attributes)))), "
                + "sum(arraySum(arrayMap(t -> length(t), tags))), countIf(comment IS NULL), sum(length(comment)), "
                + "countIf(status = 'error'), sum(toUnixTimestamp64Nano(ts) - " + baseNanos + "), "
                + "sum(toUnixTimestamp64Nano(ts) % 1000), sum(arraySum(`events.value`)), sum(version) FROM " + TABLE);

        assertThat(actual.strip()).isEqualTo(expected);
    }

    @Test
    void every_row_reads_back_equal_through_the_driver() throws Exception {
        List<TypedRow> read = new ArrayList<>(ROWS);
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT " + TypedTable.COLUMNS + " FROM " + TABLE + " ORDER BY version")) {
            while (rs.next()) {
                read.add(JdbcTypedRows.read(rs));
            }
        }

        assertThat(read).hasSize(ROWS);
        // element-wise, so a failure names the first differing row instead of printing 100 000 of them
        for (int i = 0; i < ROWS; i++) {
            if (!read.get(i).equals(row(i))) {
                assertThat(read.get(i)).as("row %d", i).isEqualTo(row(i));
            }
        }
    }

    @Test
    void spot_checked_rows_hold_null_empty_and_full_values() throws Exception {
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + TypedTable.COLUMNS + " FROM " + TABLE + " WHERE version = ?")) {
            for (int i : new int[] {0, 1, 2, 5, 99_999}) {
                select.setLong(1, i);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).as("row %d exists", i).isTrue();
                    assertThat(JdbcTypedRows.read(rs)).isEqualTo(row(i));
                    assertThat(rs.next()).as("row %d is unique", i).isFalse();
                }
            }
        }
        assertThat(row(0).comment()).isNull();
        assertThat(row(0).attributes()).isEmpty();
        assertThat(row(1).comment()).isEmpty();
        assertThat(row(5).tags()).hasSize(1);
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
