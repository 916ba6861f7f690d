package dev.annotations.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits and deletes are new versions and tombstones (DESIGN.md, "Tables"): FINAL must fold them into
 * the latest live row, through JDBC and through jOOQ.
 */
class ReplacingMergeTreeFinalTest {

    @ParameterizedTest
    @EnumSource(RowClient.class)
    void FINAL_keeps_the_highest_version_and_drops_rows_whose_latest_version_is_deleted(RowClient client)
            throws Exception {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        String table = TypeRoundTripTest.tableName("final", client, TypedTable.REPLACING_MERGE_TREE);
        clickHouse.directQuery(TypedTable.createStatement(table, TypedTable.REPLACING_MERGE_TREE));
        // Without merges the versions stay in separate parts, so the collapsing seen below is FINAL's work
        // and not a background merge that happened to run.
        clickHouse.directQuery("SYSTEM STOP MERGES " + table);
        List<TypedRow> samples = TypedTable.sampleRows();
        TypedRow edited = samples.get(0);
        TypedRow deleted = samples.get(1);
        TypedRow untouched = samples.get(2);

        try (TypedRowStore store = client.open(clickHouse, "default")) {
            store.insert(table, List.of(edited.withVersion(1, "v1", false), deleted.withVersion(1, "v1", false),
                    untouched.withVersion(1, "v1", false)));
            store.insert(table, List.of(edited.withVersion(3, "v3", false)));
            store.insert(table, List.of(edited.withVersion(2, "v2 arrives late", false),
                    deleted.withVersion(2, "gone", true)));

            assertThat(store.readAll(table, true)).containsExactlyInAnyOrder(
                    edited.withVersion(3, "v3", false), untouched.withVersion(1, "v1", false));
            assertThat(store.readAll(table, false)).hasSize(6);
        }
    }
}
