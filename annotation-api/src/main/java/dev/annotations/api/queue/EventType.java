package dev.annotations.api.queue;

/** What happened to an item. Claim ends (RELEASED, SKIPPED, EXPIRED, SUBMITTED) close the claim whose number they carry. */
public enum EventType {
    ASSIGNED, CLAIMED, RELEASED, SKIPPED, EXPIRED, SUBMITTED, APPROVED, RETURNED;

    boolean endsClaim() {
        return this == RELEASED || this == SKIPPED || this == EXPIRED || this == SUBMITTED;
    }

    boolean isReview() {
        return this == APPROVED || this == RETURNED;
    }
}
