package dev.annotations.api.score;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.storage.ClickHouseStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The SQL text shared by the analytics queries of this package: the latest live rating per author per unit,
 * with every value bound. Arrays come back as JSON text, which every ClickHouse version and driver returns
 * alike.
 */
final class AnalyticsSql {
    /** The columns that identify a target: a unit of analysis. */
    static final List<String> UNIT_COLUMNS = List.of("target_type", "trace_id", "span_id", "session_id", "dataset_id",
            "item_id", "document_position");
    static final String UNIT = String.join(", ", UNIT_COLUMNS);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final DateTimeFormatter DATETIME64_3 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private AnalyticsSql() {
    }

    /**
     * One row per (unit, author): the author's latest live score as {@code score_id, value, label, labels
     * (array), queue_id, source, rated_at} and its content as {@code key} (see {@link RatingSelection.ValueKind}).
     *
     * <p>Without FINAL, which merges every part of the project (seconds for a million scores): a deleted score's
     * id has a tombstone row and is left out, and among the remaining rows the newest by (timestamp, id,
     * version) is the author's latest score in its newest version — what a score judges, its name, config,
     * queue, source, kind, author and timestamp never change between versions, so filtering on them before
     * picking is exact. The filters reach the table's skip indexes (config, name, author, time).
     */
    static String ratings(ClickHouseStorage storage, RatingSelection selection, List<Object> binds) {
        return ratings(storage, selection, binds, ignored -> "");
    }

    /**
     * Like {@link #ratings(ClickHouseStorage, RatingSelection, List)}, with {@code filter}'s condition (text
     * starting with " AND ", its values appended to the binds when it is called) on the scanned scores.
     */
    static String ratings(ClickHouseStorage storage, RatingSelection selection, List<Object> binds,
                          java.util.function.Function<List<Object>, String> filter) {
        String key = switch (selection.value()) {
            case NUMBER -> "toString(latest.2)";
            case LABEL -> "latest.3";
            case LABELS -> "toJSONString(arraySort(latest.4))";
        };
        String shape = switch (selection.value()) {
            case NUMBER -> "latest.2 IS NOT NULL";
            case LABEL -> "latest.3 != ''";
            case LABELS -> "notEmpty(latest.4)";
        };
        String where = where(selection, binds) + filter.apply(binds);
        binds.add(selection.projectId());
        return "SELECT " + UNIT + ", author, latest.1 AS score_id, latest.2 AS value, latest.3 AS label,"
                + " latest.4 AS labels, latest.5 AS queue_id, latest.6 AS source, latest.7 AS rated_at, " + key + " AS key"
                + " FROM (SELECT " + UNIT + ", author,"
                + " argMax((id, value, string_value, labels, queue_id, toString(source), timestamp), (timestamp, id, version))"
                + " AS latest FROM " + storage.qualified("annotation_scores")
                + " WHERE " + where + " AND id NOT IN (SELECT id FROM " + storage.qualified("annotation_scores")
                + " WHERE project_id = ? AND is_deleted = 1)"
                + " GROUP BY " + UNIT + ", author)"
                + " WHERE " + shape;
    }

    /**
     * Like {@link #ratings}, but only {@code UNIT, author, key}: the lighter form agreement counts from (the
     * latest version's content alone travels through the aggregation).
     */
    static String keys(ClickHouseStorage storage, RatingSelection selection, List<Object> binds) {
        return keys(storage, selection, binds, ignored -> "");
    }

    /** {@link #keys(ClickHouseStorage, RatingSelection, List)} with a filter, as for {@link #ratings}. */
    static String keys(ClickHouseStorage storage, RatingSelection selection, List<Object> binds,
                       java.util.function.Function<List<Object>, String> filter) {
        String content = switch (selection.value()) {
            case NUMBER -> "value";
            case LABEL -> "string_value";
            case LABELS -> "arraySort(labels)";
        };
        String key = switch (selection.value()) {
            case NUMBER -> "toString(latest)";
            case LABEL -> "latest";
            case LABELS -> "toJSONString(latest)";
        };
        String shape = switch (selection.value()) {
            case NUMBER -> "latest IS NOT NULL";
            case LABEL -> "latest != ''";
            case LABELS -> "notEmpty(latest)";
        };
        String where = where(selection, binds) + filter.apply(binds);
        binds.add(selection.projectId());
        return "SELECT " + UNIT + ", author, " + key + " AS key FROM (SELECT " + UNIT + ", author, argMax(" + content
                + ", (timestamp, id, version)) AS latest FROM " + storage.qualified("annotation_scores")
                + " WHERE " + where + " AND id NOT IN (SELECT id FROM " + storage.qualified("annotation_scores")
                + " WHERE project_id = ? AND is_deleted = 1)"
                + " GROUP BY " + UNIT + ", author) WHERE " + shape;
    }

    /** The filter of a selection on annotation_scores columns, its values appended to {@code binds}. */
    static String where(RatingSelection selection, List<Object> binds) {
        StringBuilder where = new StringBuilder("project_id = ?");
        binds.add(selection.projectId());
        if (selection.anyConfig()) {
            where.append(" AND name = ?");
            binds.add(selection.name());
        } else if (selection.configId().isPresent()) {
            where.append(" AND config_id = ?");
            binds.add(selection.configId().get());
        } else {
            where.append(" AND name = ? AND config_id IS NULL");
            binds.add(selection.name());
        }
        selection.queueId().ifPresent(queue -> {
            where.append(" AND queue_id = ?");
            binds.add(queue);
        });
        selection.from().ifPresent(from -> {
            where.append(" AND timestamp >= toDateTime64(?, 3, 'UTC')");
            binds.add(datetime(from));
        });
        selection.to().ifPresent(to -> {
            where.append(" AND timestamp < toDateTime64(?, 3, 'UTC')");
            binds.add(datetime(to));
        });
        if (!selection.kinds().isEmpty()) {
            where.append(" AND annotator_kind IN (").append(placeholders(selection.kinds().size())).append(")");
            selection.kinds().stream().map(Enum::name).sorted().forEach(binds::add);
        }
        if (!selection.authors().isEmpty()) {
            where.append(" AND author IN (").append(placeholders(selection.authors().size())).append(")");
            binds.addAll(selection.authors());
        }
        return where.toString();
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    static String datetime(Instant instant) {
        return DATETIME64_3.format(instant);
    }

    static List<String> strings(Object json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json.toString(), STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse returned an array that is not JSON: " + json, e);
        }
    }

    /** A ClickHouse Bool or UInt8 as a boolean (null is false). */
    static boolean flag(Object value) {
        if (value == null) {
            return false;
        }
        return value instanceof Boolean bool ? bool : ((Number) value).intValue() != 0;
    }

    static long count(Object value) {
        return ((Number) value).longValue();
    }

    static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    static String emptyToNull(Object text) {
        return text == null || text.toString().isEmpty() ? null : text.toString();
    }

    /** A target from the unit columns of a row. */
    static Target target(org.jooq.Record row) {
        Object position = row.get("document_position");
        int documentPosition = position == null ? -1 : ((Number) position).intValue();
        return new Target(TargetType.valueOf(row.get("target_type").toString()), emptyToNull(row.get("trace_id")),
                emptyToNull(row.get("span_id")), emptyToNull(row.get("session_id")), emptyToNull(row.get("dataset_id")),
                emptyToNull(row.get("item_id")), documentPosition < 0 ? null : documentPosition);
    }

    static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
