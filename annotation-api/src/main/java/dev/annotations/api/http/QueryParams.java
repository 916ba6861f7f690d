package dev.annotations.api.http;

import dev.annotations.api.storage.Storable;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Typed, optional query parameters; a malformed one answers 400 naming it. */
public final class QueryParams {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    /** Most values of one repeatable parameter. */
    public static final int MAX_VALUES = 100;

    private QueryParams() {
    }

    public static Optional<String> string(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(value -> !value.isEmpty());
    }

    /**
     * Every value of a repeatable parameter ({@code name=a&name=b}), in order, empty values and repeats
     * dropped: the alternatives of one filter, which the caller ORs.
     */
    public static List<String> strings(Context ctx, String name) {
        List<String> values = ctx.queryParams(name).stream().filter(value -> !value.isEmpty()).distinct().toList();
        if (values.size() > MAX_VALUES) {
            throw ApiProblem.invalid(name, "at most " + MAX_VALUES + " values, was " + values.size());
        }
        return values;
    }

    public static List<UUID> uuids(Context ctx, String name) {
        return strings(ctx, name).stream().map(value -> parseUuid(name, value)).distinct().toList();
    }

    public static <E extends Enum<E>> List<E> enumValues(Context ctx, String name, Class<E> type) {
        return strings(ctx, name).stream().map(value -> parseEnum(name, value, type)).distinct().toList();
    }

    public static Optional<UUID> uuid(Context ctx, String name) {
        return string(ctx, name).map(value -> parseUuid(name, value));
    }

    private static UUID parseUuid(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(name, "must be a UUID, was '" + value + "'");
        }
    }

    public static <E extends Enum<E>> Optional<E> enumValue(Context ctx, String name, Class<E> type) {
        return string(ctx, name).map(value -> parseEnum(name, value, type));
    }

    private static <E extends Enum<E>> E parseEnum(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", was '" + value + "'");
        }
    }

    public static Optional<Boolean> bool(Context ctx, String name) {
        return string(ctx, name).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.invalid(name, "must be true or false, was '" + value + "'");
        });
    }

    public static Optional<Double> number(Context ctx, String name) {
        return string(ctx, name).map(value -> {
            try {
                double number = Double.parseDouble(value);
                if (Double.isFinite(number)) {
                    return number;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ApiProblem.invalid(name, "must be a finite number, was '" + value + "'");
        });
    }

    /** An ISO-8601 instant that ClickHouse's DateTime64 can compare with (1900 to before 2300). */
    public static Optional<Instant> instant(Context ctx, String name) {
        return string(ctx, name).map(value -> {
            Instant instant;
            try {
                instant = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid(name, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z, was '" + value + "'");
            }
            Storable.dateTime64Problem(instant).ifPresent(problem -> {
                throw ApiProblem.invalid(name, problem);
            });
            return instant;
        });
    }

    /** Page size: {@value #DEFAULT_LIMIT} by default, at most {@value #MAX_LIMIT}. */
    public static int limit(Context ctx) {
        return string(ctx, "limit").map(value -> {
            try {
                int limit = Integer.parseInt(value);
                if (limit >= 1 && limit <= MAX_LIMIT) {
                    return limit;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ApiProblem.invalid("limit", "must be 1.." + MAX_LIMIT + ", was '" + value + "'");
        }).orElse(DEFAULT_LIMIT);
    }
}
