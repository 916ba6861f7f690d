package dev.annotations.api.score;

/** What a score judges. */
public enum TargetType {
    /** A whole trace: {@code traceId}. */
    TRACE,
    /** One span: {@code traceId} + {@code spanId}. */
    SPAN,
    /** A conversation: {@code sessionId} (the spans' {@code session.id} / {@code gen_ai.conversation.id}). */
    SESSION,
    /** An item of a dataset: {@code datasetId} + {@code itemId}. */
    DATASET_ITEM,
    /** One retrieved document: {@code traceId} + {@code spanId} + {@code documentPosition}. */
    DOCUMENT
}
