package dev.annotations.otel.extension;

import io.opentelemetry.sdk.trace.IdGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceIdRatioTest {
    private static final int IDS = 100_000;

    @Test
    void the_same_trace_id_gets_the_same_decision_from_every_instance() {
        List<String> ids = randomIds(10_000, 1);
        TraceIdRatio serviceA = TraceIdRatio.of(0.3);
        TraceIdRatio serviceB = TraceIdRatio.of(0.3);
        for (String id : ids) {
            assertThat(serviceB.selects(id)).as(id).isEqualTo(serviceA.selects(id));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.01, 0.1, 0.25, 0.5, 0.9})
    void the_rate_is_honoured_on_100_000_sdk_trace_ids(double rate) {
        TraceIdRatio ratio = TraceIdRatio.of(rate);
        IdGenerator sdkIds = IdGenerator.random();
        int selected = 0;
        for (int i = 0; i < IDS; i++) {
            if (ratio.selects(sdkIds.generateTraceId())) {
                selected++;
            }
        }
        assertThat(selected).isCloseTo((int) (IDS * rate), org.assertj.core.data.Offset.offset(fiveSigmas(rate)));
    }

    /** Ids that differ only in their first half (e.g. time-prefixed ids) are still spread by the hash. */
    @Test
    void ids_that_differ_only_in_their_high_half_are_sampled_at_the_rate_too() {
        TraceIdRatio ratio = TraceIdRatio.of(0.1);
        int selected = 0;
        for (long i = 0; i < IDS; i++) {
            String id = String.format("%016x", i) + "0000000000000001";
            if (ratio.selects(id)) {
                selected++;
            }
        }
        assertThat(selected).isCloseTo(IDS / 10, org.assertj.core.data.Offset.offset(fiveSigmas(0.1)));
    }

    @Test
    void a_trace_selected_at_a_rate_is_selected_at_every_higher_rate() {
        TraceIdRatio low = TraceIdRatio.of(0.1);
        TraceIdRatio high = TraceIdRatio.of(0.2);
        for (String id : randomIds(10_000, 2)) {
            if (low.selects(id)) {
                assertThat(high.selects(id)).as(id).isTrue();
            }
        }
    }

    /** Not the SDK's TraceIdRatioBased rule (low 8 bytes below a bound): the two must not be correlated. */
    @Test
    void the_decision_is_independent_of_the_sdk_ratio_sampler() {
        TraceIdRatio ratio = TraceIdRatio.of(0.1);
        int selectedAmongHeadSampled = 0;
        int headSampled = 0;
        for (String id : randomIds(IDS, 3)) {
            long low = Long.parseUnsignedLong(id.substring(16), 16);
            if (Math.abs(low) < (long) (0.1 * Long.MAX_VALUE)) {
                headSampled++;
                if (ratio.selects(id)) {
                    selectedAmongHeadSampled++;
                }
            }
        }
        assertThat((double) selectedAmongHeadSampled / headSampled).isBetween(0.08, 0.12);
    }

    @Test
    void uppercase_hex_ids_get_the_decision_of_their_lowercase_form() {
        TraceIdRatio ratio = TraceIdRatio.of(0.5);
        for (String id : randomIds(1_000, 5)) {
            assertThat(ratio.selects(id.toUpperCase(java.util.Locale.ROOT))).as(id).isEqualTo(ratio.selects(id));
        }
    }

    @Test
    void rate_zero_selects_nothing_and_rate_one_everything() {
        for (String id : randomIds(1_000, 4)) {
            assertThat(TraceIdRatio.of(0).selects(id)).isFalse();
            assertThat(TraceIdRatio.of(1).selects(id)).isTrue();
        }
    }

    @Test
    void a_published_example_stays_stable() {
        // Other languages reproduce the decision from the documented formula; this pins it.
        assertThat(TraceIdRatio.fmix64(0)).isZero();
        assertThat(Long.toHexString(TraceIdRatio.fmix64(1))).isEqualTo("b456bcfc34c2cb2c");
        String id = "4bf92f3577b34da6a3ce929d0e0e4736";
        long h = TraceIdRatio.fmix64(0x4bf92f3577b34da6L ^ TraceIdRatio.fmix64(0xa3ce929d0e0e4736L));
        long position = h >>> 11;
        assertThat(TraceIdRatio.of((position + 1) / 0x1.0p53).selects(id)).as("just above its position").isTrue();
        assertThat(TraceIdRatio.of(position / 0x1.0p53).selects(id)).as("at its position").isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void a_rate_outside_zero_to_one_is_refused(double rate) {
        assertThatThrownBy(() -> TraceIdRatio.of(rate)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
    }

    private static int fiveSigmas(double rate) {
        return (int) Math.ceil(5 * Math.sqrt(IDS * rate * (1 - rate)));
    }

    private static List<String> randomIds(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("%016x%016x", random.nextLong(), random.nextLong()));
        }
        return ids;
    }
}
