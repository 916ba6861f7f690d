package dev.annotations.api.analytics;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.Cursor;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a page of units ended: the sort, the last unit's sort value (its disagreement, or the epoch
 * milliseconds of its latest rating) and its key, as a {@link Cursor} of three parts.
 */
record UnitCursor(UnitSort sort, double position, String unitKey) {

    Cursor cursor() {
        return Cursor.of(sort.name(), position, unitKey);
    }

    static Optional<UnitCursor> from(Optional<String> text, UnitSort expected) {
        return Cursor.from(text, 3).map(cursor -> {
            UnitSort sort;
            double position;
            try {
                sort = UnitSort.valueOf(cursor.text(0));
                position = Double.parseDouble(cursor.text(1));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
            }
            if (sort != expected) {
                throw ApiProblem.invalid("cursor", "belongs to sort=" + sort.name().toLowerCase(Locale.ROOT)
                        + "; keep the sort of the first page");
            }
            return new UnitCursor(sort, position, cursor.text(2));
        });
    }
}
