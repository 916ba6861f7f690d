package dev.annotations.api.score;

import dev.annotations.api.http.FieldError;
import dev.annotations.api.storage.StorageUnavailableException;

import java.util.List;

/**
 * What became of one score a caller asked to store. Services answer with these; controllers decide what
 * each means in HTTP (the score API: 201, 200, 409, 400, 503).
 */
public sealed interface ScoreOutcome {
    /** Newly stored. */
    record Stored(ScoreView score) implements ScoreOutcome {
    }

    /** The id was already stored with the same content: nothing written, the stored score answers. */
    record AlreadyStored(ScoreView score) implements ScoreOutcome {
    }

    /** The id is taken by a different score: nothing written. */
    record Conflict(String detail) implements ScoreOutcome {
    }

    /** The score breaks a rule: nothing written; {@code errors} name the fields. */
    record Invalid(String detail, List<FieldError> errors) implements ScoreOutcome {
    }

    /**
     * ClickHouse refused the score's data although it passed validation (a gap in the rules): nothing was
     * written and a retry would be refused again.
     */
    record Refused(String detail) implements ScoreOutcome {
    }

    /**
     * Not acknowledged; a retry with the same id is safe. Usually certainly not stored ({@link #NOT_STORED});
     * {@link #UNCONFIRMED} when ClickHouse stopped answering mid-INSERT and reading back could not find it.
     */
    record Unavailable(String detail) implements ScoreOutcome {
        public static final String NOT_STORED = StorageUnavailableException.NOT_STORED;
        public static final String UNCONFIRMED = StorageUnavailableException.UNCONFIRMED;
    }

    /** Stored now or before: the caller's score is in ClickHouse. */
    default boolean isStored() {
        return this instanceof Stored || this instanceof AlreadyStored;
    }
}
