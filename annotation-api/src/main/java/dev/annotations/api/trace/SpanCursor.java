package dev.annotations.api.trace;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.Columns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of span search ended, opaque to clients: the last span's sort key (start in nanoseconds,
 * span id). Pages run newest first by that key, so a cursor stays valid while spans arrive.
 */
record SpanCursor(long startNanos, String spanId) {
    static SpanCursor after(SpanSummary span) {
        return new SpanCursor(Columns.nanos(span.start()), span.spanId());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((startNanos + ":" + spanId).getBytes(StandardCharsets.UTF_8));
    }

    static SpanCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new SpanCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
