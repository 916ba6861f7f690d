package dev.annotations.api.score;

/** What became of one submitted score. */
sealed interface WriteOutcome {
    /** Newly stored. */
    record Stored(Score score) implements WriteOutcome {
    }

    /** The id was already stored with the same content: nothing written, the stored score answers. */
    record AlreadyStored(Score score) implements WriteOutcome {
    }

    /** The id is taken in this project by a different score (or a deleted one). */
    record IdConflict(java.util.UUID id) implements WriteOutcome {
    }

    /** ClickHouse refused this row's data (found by splitting the group it came in): nothing stored. */
    record Refused(String reason) implements WriteOutcome {
    }
}
