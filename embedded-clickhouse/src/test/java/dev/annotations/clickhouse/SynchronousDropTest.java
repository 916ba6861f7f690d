package dev.annotations.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which SYNC of a DROP is the keyword (blanked) and which is a table called sync (kept). */
class SynchronousDropTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            DROP TABLE t SYNC                                | "DROP TABLE t     "
            drop table if exists db.t sync;                  | "drop table if exists db.t     ;"
            DROP DATABASE d SYNC SETTINGS max_threads = 1    | "DROP DATABASE d      SETTINGS max_threads = 1"
            DROP TABLE t ON CLUSTER 'c' SYNC                 | "DROP TABLE t ON CLUSTER 'c'     "
            DROP TABLE t NO DELAY                            | "DROP TABLE t         "
            DROP TABLE sync SYNC                             | "DROP TABLE sync     "
            DROP TABLE sync                                  | "DROP TABLE sync"
            DROP TABLE db.sync                               | "DROP TABLE db.sync"
            DROP TABLE a, sync                               | "DROP TABLE a, sync"
            DROP TABLE t ON CLUSTER sync                     | "DROP TABLE t ON CLUSTER sync"
            DROP TABLE `t` /* why */ SYNC                    | "DROP TABLE `t` /* why */     "
            SELECT 1 AS sync                                 | "SELECT 1 AS sync"
            DETACH TABLE t SYNC                              | "DETACH TABLE t SYNC"
            """)
    void only_the_keyword_of_a_drop_is_blanked(String sql, String expected) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        MemorySegment query = MemorySegment.ofArray(bytes);

        SynchronousDrop.runWithoutWaiting(query);

        assertThat(new String(query.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
