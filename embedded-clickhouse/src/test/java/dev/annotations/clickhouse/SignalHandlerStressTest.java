package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HotSpot turns a null dereference in compiled code into a SIGSEGV that its own handler converts into a
 * NullPointerException, and it polls safepoints (GC) the same way. chDB installs ClickHouse's crash
 * handlers when it boots; if they stayed, the first implicit NPE would kill the JVM. This provokes a
 * million of them, hot enough for the JIT to compile the implicit null check, between GCs and queries.
 * A failure here is the forked test JVM dying ("The forked VM terminated without properly saying goodbye").
 */
class SignalHandlerStressTest {
    private static final int CALLS = 1_000_000;
    private static final int QUERY_EVERY = 50_000;

    /** Never assigned: every call of {@link #heldLength()} dereferences null. */
    private Holder holder;

    private static final class Holder {
        String value = "";
    }

    private int heldLength() {
        return holder.value.length();
    }

    @Test
    void a_million_implicit_null_pointer_exceptions_between_gcs_and_queries_leave_the_jvm_and_counts_intact()
            throws Exception {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        int nullPointerExceptions = 0;
        int queries = 0;
        try (Connection connection = Jdbc.connect(clickHouse, "default");
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < CALLS; i++) {
                try {
                    heldLength();
                } catch (NullPointerException expected) {
                    nullPointerExceptions++;
                }
                if (i % QUERY_EVERY == 0) {
                    System.gc();
                    assertThat(clickHouse.directQuery("SELECT sum(number) FROM numbers(" + i + ")"))
                            .isEqualTo((long) i * (i - 1) / 2 + "\n");
                    try (ResultSet rs = statement.executeQuery("SELECT count() FROM numbers(" + i + ")")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(i);
                    }
                    queries++;
                }
            }
        }

        assertThat(nullPointerExceptions).isEqualTo(CALLS);
        assertThat(queries).isEqualTo(CALLS / QUERY_EVERY);
    }
}
