package dev.annotations.api.queue;

/**
 * How a queue hands out items. Designations are made when items are added (ROUND_ROBIN, LOAD_BALANCED) or
 * by an admin ({@code POST …/items/{itemId}/assign}); {@code next} serves the caller's designated items first.
 */
public enum Strategy {
    /** Each added item is designated to the next {@code annotatorsPerItem} annotators in turn. */
    ROUND_ROBIN,
    /** Each added item is designated to the annotators holding the least open work at that moment. */
    LOAD_BALANCED,
    /** Only items an admin assigned to the caller are served. */
    MANUAL
}
