package dev.annotations.api.system;

import dev.annotations.api.storage.StorageUnavailableException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupSequenceTest {
    private final Readiness readiness = new Readiness();
    private final List<Duration> pauses = new ArrayList<>();
    private final List<String> detailsDuringPauses = new ArrayList<>();
    private final StartupSequence sequence = new StartupSequence(readiness, Duration.ofSeconds(4), pause -> {
        pauses.add(pause);
        detailsDuringPauses.add(readiness.notReadyBecause());
    });

    @Test
    void a_step_failing_while_clickhouse_is_away_is_retried_with_doubling_pauses_up_to_the_cap() {
        AtomicInteger calls = new AtomicInteger();

        sequence.run(List.of(new StartupSequence.Step("waiting for ClickHouse at jdbc:ch://db:8123", () -> {
            if (calls.incrementAndGet() < 7) {
                throw unreachable();
            }
        })));

        assertThat(calls).hasValue(7);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(detailsDuringPauses.get(5))
                .isEqualTo("waiting for ClickHouse at jdbc:ch://db:8123: connection refused; attempt 6, next in 4 s");
        assertThat(detailsDuringPauses.getFirst()).endsWith("attempt 1, next in 0.5 s");
    }

    @Test
    void steps_run_in_order_and_a_later_step_reports_its_own_failure() {
        List<String> ran = new ArrayList<>();
        AtomicInteger migrations = new AtomicInteger();

        sequence.run(List.of(
                new StartupSequence.Step("waiting for ClickHouse", () -> ran.add("connect")),
                new StartupSequence.Step("migrating the schema", () -> {
                    ran.add("migrate");
                    if (migrations.incrementAndGet() == 1) {
                        throw new StorageUnavailableException("migration V4__evaluation_events failed: Code: 241. "
                                + "DB::Exception: Memory limit exceeded", new SQLException("memory", "HY000", 241));
                    }
                })));

        assertThat(ran).containsExactly("connect", "migrate", "migrate");
        assertThat(detailsDuringPauses).containsExactly("migrating the schema: migration V4__evaluation_events failed: "
                + "Code: 241. DB::Exception: Memory limit exceeded; attempt 1, next in 0.5 s");
    }

    @Test
    void a_refusal_that_cannot_pass_ends_the_start_at_once() {
        AtomicInteger calls = new AtomicInteger();
        StartupSequence.Step migrate = new StartupSequence.Step("migrating the schema", () -> {
            calls.incrementAndGet();
            throw new StorageUnavailableException("migration V2__projects failed: Code: 62. Syntax error",
                    new SQLException("syntax", "42000", 62));
        });

        assertThatThrownBy(() -> sequence.run(List.of(migrate)))
                .isInstanceOf(StartupSequence.StartupFailedException.class)
                .hasMessage("cannot start: migrating the schema: migration V2__projects failed: Code: 62. Syntax error");
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
        assertThat(readiness.notReadyBecause()).startsWith("cannot start: ");
    }

    @Test
    void a_failure_that_is_not_clickhouse_being_away_ends_the_start_at_once() {
        StartupSequence.Step migrate = new StartupSequence.Step("migrating the schema", () -> {
            throw new IllegalStateException("migration V1__collector_tables was changed after it was applied");
        });

        assertThatThrownBy(() -> sequence.run(List.of(migrate)))
                .isInstanceOf(StartupSequence.StartupFailedException.class)
                .hasMessageEndingWith("was changed after it was applied");
        assertThat(pauses).isEmpty();
    }

    @Test
    void passwords_in_a_reason_are_not_repeated() {
        AtomicInteger calls = new AtomicInteger();
        sequence.run(List.of(new StartupSequence.Step("waiting for ClickHouse", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new StorageUnavailableException("bad url jdbc:ch://writer:s3cret@db:8123/otel?password=s3cret",
                        new ConnectException("refused"));
            }
        })));

        assertThat(detailsDuringPauses.getFirst()).doesNotContain("s3cret").contains("jdbc:ch://writer:***@db:8123/otel?password=***");
    }

    private static StorageUnavailableException unreachable() {
        return new StorageUnavailableException("connection refused", new ConnectException("Connection refused"));
    }
}
