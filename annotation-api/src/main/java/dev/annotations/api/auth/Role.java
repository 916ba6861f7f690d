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
    VIEWER
}
