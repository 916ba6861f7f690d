package dev.annotations.api.http;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, as every list answers it: {@code {"items":[…],"nextCursor":…}}. {@code nextCursor}
 * is null on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
    /**
     * A page of {@code items} read with {@code limit}: a full page may have a successor, so it carries the
     * cursor of its last item; a shorter one is the last.
     */
    public static <T> Page<T> of(List<T> items, int limit, Function<T, Cursor> cursorOf) {
        String next = items.size() == limit && !items.isEmpty() ? cursorOf.apply(items.getLast()).encode() : null;
        return new Page<>(items, next);
    }
}
