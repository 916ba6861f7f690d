package dev.annotations.api.score;

import dev.annotations.api.http.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ended, opaque to clients: the last item's sort key. Pages are ordered newest first by
 * (timestamp, id) for lists and by version for history, so a cursor stays valid while rows are added.
 * Other newest-first lists keyed by (time, id) use it too.
 */
public record ScoreCursor(long position, UUID id) {
    public static ScoreCursor after(Instant timestamp, UUID id) {
        return new ScoreCursor(timestamp.toEpochMilli(), id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((position + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static ScoreCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new ScoreCursor(Long.parseLong(text.substring(0, colon)), UUID.fromString(text.substring(colon + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
