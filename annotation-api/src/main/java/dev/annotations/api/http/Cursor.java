package dev.annotations.api.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page ended, opaque to clients: the last item's sort key, one part per sort column. Every list
 * answers {@code nextCursor} in this form and reads it back from {@code ?cursor=}; lists are ordered by a
 * unique key, so a cursor stays valid while rows are added. Encoded as the base64url of each part,
 * joined by dots, so any text survives as a part.
 */
public record Cursor(List<String> parts) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final long EARLIEST_MILLIS = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
    private static final long END_MILLIS = Instant.parse("2300-01-01T00:00:00Z").toEpochMilli();

    public Cursor {
        parts = List.copyOf(parts);
    }

    public static Cursor of(Object... parts) {
        List<String> text = new ArrayList<>(parts.length);
        for (Object part : parts) {
            text.add(String.valueOf(part));
        }
        return new Cursor(text);
    }

    public String encode() {
        List<String> encoded = new ArrayList<>(parts.size());
        for (String part : parts) {
            encoded.add(ENCODER.encodeToString(part.getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(".", encoded);
    }

    /** The request's {@code cursor} parameter, which must have {@code parts} parts; 400 naming it otherwise. */
    public static Optional<Cursor> from(Optional<String> text, int parts) {
        return text.map(value -> decode(value, parts));
    }

    public static Cursor decode(String text, int parts) {
        String[] encoded = text.split("\\.", -1);
        if (encoded.length != parts) {
            throw invalid();
        }
        List<String> decoded = new ArrayList<>(parts);
        try {
            for (String part : encoded) {
                decoded.add(new String(DECODER.decode(part), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        return new Cursor(decoded);
    }

    public String text(int index) {
        return parts.get(index);
    }

    public long number(int index) {
        try {
            return Long.parseLong(parts.get(index));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /**
     * A part holding epoch milliseconds (a stored DateTime64(3)): only instants ClickHouse can hold,
     * 1900-01-01 to 2299-12-31, are ones this API can have returned.
     */
    public Instant instant(int index) {
        long millis = number(index);
        if (millis < EARLIEST_MILLIS || millis >= END_MILLIS) {
            throw invalid();
        }
        return Instant.ofEpochMilli(millis);
    }

    public UUID uuid(int index) {
        try {
            return UUID.fromString(parts.get(index));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiProblem invalid() {
        return ApiProblem.invalid("cursor", "is not a cursor this API returned");
    }
}
