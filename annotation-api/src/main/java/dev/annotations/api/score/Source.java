package dev.annotations.api.score;

/** Where a judgement came from. */
public enum Source {
    /** A human in an annotation queue. */
    ANNOTATION,
    /** Any client of the API. */
    API,
    /** An evaluator: an LLM judge or a code check. */
    EVAL,
    /** An end user of the judged application (thumbs, stars, comments). */
    FEEDBACK
}
