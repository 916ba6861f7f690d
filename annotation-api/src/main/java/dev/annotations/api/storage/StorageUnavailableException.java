package dev.annotations.api.storage;

/** ClickHouse did not answer or refused a statement; the request may succeed when retried later. */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
