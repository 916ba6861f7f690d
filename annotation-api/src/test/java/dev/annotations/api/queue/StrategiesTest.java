package dev.annotations.api.queue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StrategiesTest {
    private static final List<String> MEMBERS = List.of("a", "b", "c");
    private static final List<UUID> ITEMS = List.of(new UUID(0, 1), new UUID(0, 2), new UUID(0, 3));

    @Test
    void round_robin_deals_items_in_turn_and_continues_the_rotation() {
        Map<UUID, List<String>> dealt = Strategies.designate(Strategy.ROUND_ROBIN, MEMBERS, 2, ITEMS, 1, Map.of());
        assertThat(dealt.get(ITEMS.get(0))).containsExactly("b", "c");
        assertThat(dealt.get(ITEMS.get(1))).containsExactly("a", "b");
        assertThat(dealt.get(ITEMS.get(2))).containsExactly("c", "a");
    }

    @Test
    void load_balanced_gives_each_item_to_the_least_loaded_annotators() {
        Map<UUID, List<String>> dealt = Strategies.designate(Strategy.LOAD_BALANCED, MEMBERS, 1, ITEMS, 0,
                Map.of("a", 5, "b", 1, "c", 0));
        assertThat(dealt.get(ITEMS.get(0))).containsExactly("c");
        assertThat(dealt.get(ITEMS.get(1))).containsExactly("b");
        assertThat(dealt.get(ITEMS.get(2))).containsExactly("c");
    }

    @Test
    void manual_designates_nobody_and_per_item_is_capped_by_the_members() {
        assertThat(Strategies.designate(Strategy.MANUAL, MEMBERS, 2, ITEMS, 0, Map.of())).isEmpty();
        assertThat(Strategies.designate(Strategy.ROUND_ROBIN, List.of("a"), 3, ITEMS, 0, Map.of()).get(ITEMS.get(0)))
                .containsExactly("a");
    }
}
