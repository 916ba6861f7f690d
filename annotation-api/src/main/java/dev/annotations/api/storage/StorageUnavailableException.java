package dev.annotations.api.storage;

/**
 * ClickHouse did not answer or refused a statement; the request may succeed when retried later.
 *
 * <p>Most failures are decided: the statement did not take effect. A write whose connection broke or timed
 * out after it was sent is <em>undecided</em> ({@link #undecided()}): ClickHouse may still have stored it, so
 * the caller reads back before it answers, and says so when it cannot tell.
 */
public final class StorageUnavailableException extends RuntimeException {
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
