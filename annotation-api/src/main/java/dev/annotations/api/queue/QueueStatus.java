package dev.annotations.api.queue;

/** A queue's life cycle. */
public enum QueueStatus {
    /** Items are added and served. */
    ACTIVE,
    /** Items may be added; {@code next} serves nothing (204); reservations held may still be submitted. */
    PAUSED,
    /** Read-only: adding items answers 409, {@code next} serves nothing. */
    ARCHIVED
}
