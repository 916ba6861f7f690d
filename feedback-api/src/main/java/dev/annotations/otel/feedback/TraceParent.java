package dev.annotations.otel.feedback;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * Reads the {@code 00-<trace-id>-<span-id>-<flags>} value that the agent extension returns to clients in
 * {@code server-timing: trace;desc=…} (and {@code traceresponse}), i.e. a W3C {@code traceparent} of
 * version 00. Strict on purpose: the value comes back from a browser, and a typo must fail at the call
 * site rather than produce a score on a span that does not exist.
 */
final class TraceParent {
    private static final int LENGTH = 55;

    private TraceParent() {
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code value} */
    static SpanContext parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("trace context must not be null");
        }
        String text = value.trim();
        if (text.length() != LENGTH || text.charAt(2) != '-' || text.charAt(35) != '-' || text.charAt(52) != '-') {
            throw invalid(value, "expected 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>");
        }
        if (!text.startsWith("00")) {
            throw invalid(value, "only version 00 is supported");
        }
        String traceId = text.substring(3, 35);
        String spanId = text.substring(36, 52);
        String flags = text.substring(53, 55);
        if (!isLowerHex(traceId) || !isLowerHex(spanId) || !isLowerHex(flags)) {
            throw invalid(value, "ids and flags must be lowercase hex");
        }
        SpanContext context = SpanContext.createFromRemoteParent(traceId, spanId,
                TraceFlags.fromByte((byte) Integer.parseInt(flags, 16)), TraceState.getDefault());
        if (!context.isValid()) {
            throw invalid(value, "an all-zero trace id or span id names no span");
        }
        return context;
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String value, String problem) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return new IllegalArgumentException("invalid trace context '" + shown + "': " + problem);
    }
}
