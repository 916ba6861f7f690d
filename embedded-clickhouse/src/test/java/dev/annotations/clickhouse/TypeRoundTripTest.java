package dev.annotations.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every column type the schemas use goes in and comes back intact, through JDBC and through jOOQ. */
class TypeRoundTripTest {
    private static final List<String> ENGINES = List.of(TypedTable.MERGE_TREE, TypedTable.REPLACING_MERGE_TREE);

    static Stream<Arguments> clients_and_engines() {
        return Stream.of(RowClient.values())
                .flatMap(client -> ENGINES.stream().map(engine -> Arguments.of(client, engine)));
    }

    @ParameterizedTest(name = "{0} into {1}")
    @MethodSource("clients_and_engines")
    void every_value_reads_back_as_it_was_written(RowClient client, String engine) throws Exception {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        String table = tableName("round_trip", client, engine);
        clickHouse.directQuery(TypedTable.createStatement(table, engine));

        try (TypedRowStore store = client.open(clickHouse, "default")) {
            store.insert(table, TypedTable.sampleRows());

            assertThat(store.readAll(table, false)).containsExactlyInAnyOrderElementsOf(TypedTable.sampleRows());
        }
    }

    @ParameterizedTest
    @EnumSource(RowClient.class)
    void the_engine_stores_the_exact_instant_and_keeps_null_apart_from_empty(RowClient client) throws Exception {
        // A round trip alone would hide a symmetric error (a time-zone shift or a rounding on both
        // ways): this reads what the engine itself holds, bypassing the driver's conversions.
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        String table = tableName("stored_values", client, TypedTable.MERGE_TREE);
        clickHouse.directQuery(TypedTable.createStatement(table, TypedTable.MERGE_TREE));
        try (TypedRowStore store = client.open(clickHouse, "default")) {
            store.insert(table, TypedTable.sampleRows());
        }

        String stored = clickHouse.directQuery("SELECT toString(id), toUnixTimestamp64Nano(ts), comment IS NULL, "
                + "length(comment), toInt8(status), length(attributes), length(`events.name`) FROM " + table
                + " ORDER BY toString(id)");

        StringBuilder expected = new StringBuilder();
        TypedTable.sampleRows().stream()
                .sorted((a, b) -> a.id().toString().compareTo(b.id().toString()))
                .forEach(row -> expected.append(row.id()).append('\t')
                        .append(row.timestamp().getEpochSecond() * 1_000_000_000L + row.timestamp().getNano()).append('\t')
                        .append(row.comment() == null ? 1 : 0).append('\t')
                        .append(row.comment() == null ? "\\N"
                                : Integer.toString(row.comment().getBytes(StandardCharsets.UTF_8).length)).append('\t')
                        .append(row.status().number).append('\t')
                        .append(row.attributes().size()).append('\t')
                        .append(row.eventNames().size()).append('\n'));
        assertThat(stored).isEqualTo(expected.toString());
    }

    static String tableName(String prefix, RowClient client, String engine) {
        return prefix + "_" + client.name().toLowerCase(Locale.ROOT) + "_"
                + (engine.startsWith("Replacing") ? "replacing" : "merge_tree");
    }
}
