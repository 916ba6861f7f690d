package dev.annotations.api.trace;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The ids the read API takes: trace ids as OpenTelemetry writes them, session ids as applications choose them. */
final class OtelIds {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
    static final int MAX_SESSION_ID_LENGTH = 256;
    static final String TRACE_ID_RULE = "must be 32 hex characters, such as 4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SESSION_ID_RULE = "must be 1 to " + MAX_SESSION_ID_LENGTH + " characters without control characters";

    private OtelIds() {
    }

    /** A trace id in the Collector's form (lowercase hex), or empty when {@code text} is not one. */
    static Optional<String> traceId(String text) {
        return text != null && TRACE_ID.matcher(text).matches()
                ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    static boolean isSessionId(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_SESSION_ID_LENGTH
                && text.chars().noneMatch(Character::isISOControl);
    }
}
