package dev.annotations.api.storage;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiringCacheTest {
    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Background reloads that run only when the test says so. */
    private static final class HeldReloads implements java.util.concurrent.Executor {
        final java.util.List<Runnable> held = new java.util.ArrayList<>();

        @Override
        public void execute(Runnable task) {
            held.add(task);
        }

        void runAll() {
            java.util.List<Runnable> now = new java.util.ArrayList<>(held);
            held.clear();
            now.forEach(Runnable::run);
        }
    }

    /** A fresh clock, held background reloads and a 10 s cache for each test (JUnit makes one instance per test). */
    private final MutableClock clock = new MutableClock();
    private final HeldReloads reloads = new HeldReloads();
    private final ExpiringCache<String, Optional<String>> cache =
            new ExpiringCache<>(clock, Duration.ofSeconds(10), 100, reloads);

    @Test
    void an_entry_is_reused_for_its_ttl_then_answered_while_one_reload_runs_in_the_background() {
        AtomicInteger loads = new AtomicInteger();
        java.util.function.Function<String, Optional<String>> load = key -> Optional.of("v" + loads.incrementAndGet());

        cache.get("k", load);
        clock.now = clock.now.plusSeconds(9);
        assertThat(cache.get("k", load)).contains("v1");
        assertThat(reloads.held).isEmpty();

        clock.now = clock.now.plusSeconds(2);
        assertThat(cache.get("k", load)).as("stale, answered at once").contains("v1");
        assertThat(cache.get("k", load)).contains("v1");
        assertThat(reloads.held).as("one reload per key at a time").hasSize(1);
        assertThat(loads).hasValue(1);

        reloads.runAll();
        assertThat(cache.get("k", load)).contains("v2");
        clock.now = clock.now.plusSeconds(9);
        assertThat(cache.get("k", load)).as("fresh for a TTL from when the reload began").contains("v2");
        assertThat(reloads.held).isEmpty();
    }

    @Test
    void an_entry_twice_its_ttl_old_is_reloaded_by_the_caller_and_a_failed_background_reload_keeps_the_old_one() {
        cache.get("k", key -> Optional.of("v1"));

        clock.now = clock.now.plusSeconds(15);
        assertThat(cache.get("k", key -> {
            throw new IllegalStateException("ClickHouse is away");
        })).contains("v1");
        reloads.runAll();
        assertThat(cache.get("k", key -> Optional.of("unused"))).as("still the old one; its reload is under way again")
                .contains("v1");

        clock.now = clock.now.plusSeconds(5);
        assertThat(cache.get("k", key -> Optional.of("v2"))).as("20 s old: read on the caller's thread").contains("v2");
        assertThatThrownBy(() -> {
            clock.now = clock.now.plusSeconds(20);
            cache.get("k", key -> {
                throw new IllegalStateException("ClickHouse is away");
            });
        }).hasMessage("ClickHouse is away");
    }

    @Test
    void an_invalidation_during_a_background_reload_wins_over_what_the_reload_read() {
        cache.get("k", key -> Optional.of("live"));
        clock.now = clock.now.plusSeconds(11);
        cache.get("k", key -> Optional.of("read before the revocation"));

        cache.invalidate("k");
        reloads.runAll();

        assertThat(cache.get("k", key -> Optional.of("revoked"))).contains("revoked");
    }

    @Test
    void a_background_reload_that_finds_nothing_drops_the_entry() {
        cache.get("k", key -> Optional.of("v1"));
        clock.now = clock.now.plusSeconds(11);
        cache.get("k", key -> Optional.empty());
        reloads.runAll();

        assertThat(cache.get("k", key -> Optional.of("created again"))).contains("created again");
    }

    @Test
    void invalidation_and_empty_answers_force_a_reload() {
        assertThat(cache.get("k", key -> Optional.empty())).isEmpty();
        assertThat(cache.get("k", key -> Optional.of("created"))).contains("created");
        cache.invalidate("k");
        assertThat(cache.get("k", key -> Optional.of("changed"))).contains("changed");
    }

    @Test
    void a_full_cache_starts_over_instead_of_growing() {
        ExpiringCache<Integer, Optional<Integer>> small = new ExpiringCache<>(clock, Duration.ofSeconds(10), 3);
        for (int i = 0; i < 4; i++) {
            small.get(i, Optional::of);
        }
        AtomicInteger loads = new AtomicInteger();

        small.get(0, key -> Optional.of(loads.incrementAndGet()));

        assertThat(loads).hasValue(1);
    }
}
