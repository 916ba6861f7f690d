package dev.annotations.api.storage;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void an_entry_is_reused_until_it_expires_and_reloaded_after() {
        MutableClock clock = new MutableClock();
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(clock, Duration.ofSeconds(10), 100);
        AtomicInteger loads = new AtomicInteger();

        cache.get("k", key -> Optional.of("v" + loads.incrementAndGet()));
        clock.now = clock.now.plusSeconds(9);
        assertThat(cache.get("k", key -> Optional.of("v" + loads.incrementAndGet()))).contains("v1");
        clock.now = clock.now.plusSeconds(2);
        assertThat(cache.get("k", key -> Optional.of("v" + loads.incrementAndGet()))).contains("v2");
    }

    @Test
    void invalidation_and_empty_answers_force_a_reload() {
        MutableClock clock = new MutableClock();
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(clock, Duration.ofSeconds(10), 100);

        assertThat(cache.get("k", key -> Optional.empty())).isEmpty();
        assertThat(cache.get("k", key -> Optional.of("created"))).contains("created");
        cache.invalidate("k");
        assertThat(cache.get("k", key -> Optional.of("changed"))).contains("changed");
    }

    @Test
    void a_full_cache_starts_over_instead_of_growing() {
        MutableClock clock = new MutableClock();
        ExpiringCache<Integer, Optional<Integer>> cache = new ExpiringCache<>(clock, Duration.ofSeconds(10), 3);
        for (int i = 0; i < 4; i++) {
            cache.get(i, Optional::of);
        }
        AtomicInteger loads = new AtomicInteger();

        cache.get(0, key -> Optional.of(loads.incrementAndGet()));

        assertThat(loads).hasValue(1);
    }
}
