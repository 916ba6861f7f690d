package dev.annotations.api.analytics;

import dev.annotations.api.http.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of units ended: the sort, the last unit's sort value (its disagreement, or the epoch
 * milliseconds of its latest rating) and its key. Opaque to clients.
 */
record UnitCursor(UnitSort sort, double position, String unitKey) {

    String encode() {
        String text = sort.name() + ":" + position + ":" + unitKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static UnitCursor decode(String cursor, UnitSort expected) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            UnitSort sort = UnitSort.valueOf(parts[0]);
            if (sort != expected) {
                throw ApiProblem.invalid("cursor", "belongs to sort=" + sort.name().toLowerCase(java.util.Locale.ROOT)
                        + "; keep the sort of the first page");
            }
            return new UnitCursor(sort, Double.parseDouble(parts[1]), parts[2]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
