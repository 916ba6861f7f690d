package dev.annotations.api.auth;

/** What a key may do in its project. */
public enum Role {
    /** Everything, including managing the project's keys. */
    ADMIN,
    /** Writes judgements (scores, queue work) and reads. */
    ANNOTATOR,
    /** Reviews annotators' work and reads. */
    REVIEWER,
    /** Reads only. */
    VIEWER,
    /**
     * A public key for a web page: creates FEEDBACK scores ({@code POST /api/v1/scores}) and nothing else —
     * never reads, never edits — at most ANNOTATION_FEEDBACK_RATE_PER_MINUTE per key.
     */
    FEEDBACK
}
