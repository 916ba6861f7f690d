package dev.annotations.api.queue;

/** An item's state, folded from its events. */
public enum ItemStatus {
    /** Waiting for (more) annotators. */
    PENDING,
    /** At least one live reservation and still missing submissions. */
    RESERVED,
    /** Has the submissions it needs; no review step. */
    COMPLETED,
    /** Has the submissions it needs and waits for a reviewer. */
    IN_REVIEW,
    /** A reviewer approved it. */
    APPROVED,
    /** Removed from the queue by an admin. */
    REMOVED
}
