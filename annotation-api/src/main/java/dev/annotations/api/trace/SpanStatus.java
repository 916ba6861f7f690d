package dev.annotations.api.trace;

import java.util.List;

/** A span's status code (OpenTelemetry's StatusCode). */
public enum SpanStatus {
    UNSET, OK, ERROR;

    static final String LEGACY_PREFIX = "STATUS_CODE_";

    /** Every form a Collector may have stored this status in. */
    List<String> storedForms() {
        return StoredNames.storedForms(this, LEGACY_PREFIX);
    }

    static String display(String stored) {
        return StoredNames.display(SpanStatus.class, stored, LEGACY_PREFIX);
    }
}
