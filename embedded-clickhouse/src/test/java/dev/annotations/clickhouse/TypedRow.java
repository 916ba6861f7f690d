package dev.annotations.clickhouse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One row of the test table {@link TypedTable}: a span-like record that uses every column type the
 * project's schemas rely on. {@code comment} is the Nullable column; the two event lists are the
 * Nested column {@code events} (ClickHouse stores it as two arrays of equal length).
 */
record TypedRow(
        UUID id,
        String service,
        Map<String, String> attributes,
        List<String> tags,
        String comment,
        Status status,
        Instant timestamp,
        List<String> eventNames,
        List<Long> eventValues,
        long version,
        boolean deleted) {

    /** The Enum8 column's values, with the numbers ClickHouse stores. */
    enum Status {
        unset(0), ok(1), error(2);

        final int number;

        Status(int number) {
            this.number = number;
        }
    }

    TypedRow {
        if (eventNames.size() != eventValues.size()) {
            throw new IllegalArgumentException("Nested arrays must have equal length");
        }
    }

    TypedRow withVersion(long newVersion, String newComment, boolean newDeleted) {
        return new TypedRow(id, service, attributes, tags, newComment, status, timestamp, eventNames, eventValues,
                newVersion, newDeleted);
    }
}
