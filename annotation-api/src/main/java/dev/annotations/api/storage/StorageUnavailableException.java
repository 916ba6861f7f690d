package dev.annotations.api.storage;

/**
 * ClickHouse did not answer or refused a statement; the request may succeed when retried later.
 *
 * <p>Most failures are decided: the statement did not take effect. A write whose connection broke or timed
 * out after it was sent is <em>undecided</em> ({@link #undecided()}): ClickHouse may still have stored it, so
 * the caller reads back before it answers, and says so when it cannot tell.
 */
public final class StorageUnavailableException extends RuntimeException {
    /** What a client is told of a decided failure: nothing happened. */
    public static final String NOT_STORED = "ClickHouse did not complete the request; nothing was stored or changed. "
            + "Retry later.";
    /** What a client is told of an undecided write that reading back did not find. */
    public static final String UNCONFIRMED = "ClickHouse did not confirm the write and reading it back did not find it; "
            + "it may still be stored. Nothing was acknowledged. Retry with the same id: if it was stored the retry "
            + "answers 200 and nothing is stored twice.";

    private final boolean undecided;

    public StorageUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StorageUnavailableException(String message, Throwable cause, boolean undecided) {
        super(message, cause);
        this.undecided = undecided;
    }

    /** A write that may or may not have been stored. */
    public static StorageUnavailableException undecided(String message, Throwable cause) {
        return new StorageUnavailableException(message, cause, true);
    }

    /** True when the failed statement was a write that ClickHouse may have applied all the same. */
    public boolean undecided() {
        return undecided;
    }
}
