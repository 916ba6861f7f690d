package dev.annotations.api.trace;

import java.util.List;

/** What role a span plays in its trace (OpenTelemetry's SpanKind). */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

    static final String LEGACY_PREFIX = "SPAN_KIND_";

    /** Every form a Collector may have stored this kind in. */
    List<String> storedForms() {
        return StoredNames.storedForms(this, LEGACY_PREFIX);
    }

    static String display(String stored) {
        return StoredNames.display(SpanKind.class, stored, LEGACY_PREFIX);
    }
}
