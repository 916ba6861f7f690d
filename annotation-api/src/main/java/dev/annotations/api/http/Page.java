package dev.annotations.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, as every list answers it: {@code {"items":[…],"nextCursor":…}}. {@code nextCursor}
 * is null on the last page, and always present: every list has the same two fields.
 */
public record Page<T>(List<T> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    /** A list that is never paged (it is bounded by what it lists): one page, no successor. */
    public static <T> Page<T> all(List<T> items) {
        return new Page<>(items, null);
    }

    /**
     * A page of {@code items} read with {@code limit}: a full page may have a successor, so it carries the
     * cursor of its last item; a shorter one is the last.
     */
    public static <T> Page<T> of(List<T> items, int limit, Function<T, Cursor> cursorOf) {
        String next = items.size() == limit && !items.isEmpty() ? cursorOf.apply(items.getLast()).encode() : null;
        return new Page<>(items, next);
    }
}
