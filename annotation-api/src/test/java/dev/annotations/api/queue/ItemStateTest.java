package dev.annotations.api.queue;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ItemStateTest {
    private static final UUID ITEM = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final List<QueueEvent> log = new ArrayList<>();

    private void event(EventType type, String annotator, int seq, int reviewSeq, long atSeconds) {
        log.add(new QueueEvent(ITEM, T0.plusSeconds(atSeconds), UUID.randomUUID(), type, annotator, annotator, seq,
                reviewSeq, type == EventType.CLAIMED ? T0.plusSeconds(atSeconds + 60) : null, ""));
    }

    private ItemState fold(int needed, boolean review) {
        return ItemState.fold(log, needed, review, false);
    }

    @Test
    void a_fresh_item_is_pending_and_claimable_by_anyone() {
        ItemState state = fold(2, false);
        assertThat(state.status(T0)).isEqualTo(ItemStatus.PENDING);
        assertThat(state.mayClaim("a", T0)).isTrue();
        assertThat(state.nextClaimSeq()).isZero();
    }

    @Test
    void live_claims_take_capacity_and_no_annotator_claims_twice() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        event(EventType.CLAIMED, "b", 1, -1, 1);
        ItemState state = fold(2, false);
        assertThat(state.status(T0.plusSeconds(2))).isEqualTo(ItemStatus.RESERVED);
        assertThat(state.mayClaim("c", T0.plusSeconds(2))).isFalse();
        assertThat(state.mayClaim("a", T0.plusSeconds(2))).isFalse();
        assertThat(state.nextClaimSeq()).isEqualTo(2);
    }

    @Test
    void an_expired_claim_frees_capacity_only_once_it_is_closed() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        Instant later = T0.plusSeconds(61);
        ItemState state = fold(1, false);
        assertThat(state.mayClaim("b", later)).isTrue();
        assertThat(state.mustExpireFirst("b", later)).extracting(ItemState.Claim::seq).containsExactly(0);
        assertThat(state.mustExpireFirst("b", T0.plusSeconds(30))).isEmpty();
        event(EventType.EXPIRED, "a", 0, -1, 61);
        assertThat(fold(1, false).mustExpireFirst("b", later)).isEmpty();
        assertThat(fold(1, false).mayClaim("a", later)).as("an expired holder may take it again").isTrue();
    }

    @Test
    void submissions_complete_the_item_and_never_let_the_submitter_back() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        event(EventType.SUBMITTED, "a", 0, -1, 5);
        assertThat(fold(2, false).mayClaim("a", T0.plusSeconds(6))).isFalse();
        assertThat(fold(2, false).mayClaim("b", T0.plusSeconds(6))).isTrue();
        event(EventType.CLAIMED, "b", 1, -1, 6);
        event(EventType.SUBMITTED, "b", 1, -1, 7);
        assertThat(fold(2, false).status(T0.plusSeconds(8))).isEqualTo(ItemStatus.COMPLETED);
        assertThat(fold(2, true).status(T0.plusSeconds(8))).isEqualTo(ItemStatus.IN_REVIEW);
    }

    @Test
    void a_skip_or_release_ends_the_claim_and_only_the_skip_bars_the_annotator() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        event(EventType.SKIPPED, "a", 0, -1, 1);
        event(EventType.CLAIMED, "b", 1, -1, 2);
        event(EventType.RELEASED, "b", 1, -1, 3);
        ItemState state = fold(1, false);
        assertThat(state.mayClaim("a", T0.plusSeconds(4))).isFalse();
        assertThat(state.mayClaim("b", T0.plusSeconds(4))).isTrue();
        assertThat(state.skipped()).containsExactly("a");
    }

    @Test
    void the_first_end_of_a_claim_counts() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        event(EventType.EXPIRED, "a", 0, -1, 61);
        event(EventType.SUBMITTED, "a", 0, -1, 62);
        ItemState state = fold(1, false);
        assertThat(state.claim(0).orElseThrow().end().type()).isEqualTo(EventType.EXPIRED);
        assertThat(state.validSubmissions()).isEmpty();
    }

    @Test
    void a_returned_submission_stops_counting_and_keeps_the_capacity_for_its_annotator() {
        event(EventType.CLAIMED, "a", 0, -1, 0);
        event(EventType.SUBMITTED, "a", 0, -1, 1);
        event(EventType.RETURNED, "a", 0, 0, 2);
        ItemState state = fold(1, true);
        assertThat(state.status(T0.plusSeconds(3))).isEqualTo(ItemStatus.PENDING);
        assertThat(state.mayClaim("b", T0.plusSeconds(3))).isFalse();
        assertThat(state.mayClaim("a", T0.plusSeconds(3))).isTrue();
        assertThat(state.reservedForReturned()).containsExactly("a");
        event(EventType.CLAIMED, "a", 1, -1, 4);
        event(EventType.SUBMITTED, "a", 1, -1, 5);
        event(EventType.APPROVED, "", -1, 1, 6);
        assertThat(fold(1, true).status(T0.plusSeconds(7))).isEqualTo(ItemStatus.APPROVED);
        assertThat(fold(1, true).reservedForReturned()).isEmpty();
    }
}
