package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.scoreconfig.ScoreConfigRules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static dev.annotations.api.trace.SpanFilter.MAX_KEY_LENGTH;
import static dev.annotations.api.trace.SpanFilter.MAX_LIST_SIZE;
import static dev.annotations.api.trace.SpanFilter.MAX_VALUE_LENGTH;

/**
 * Reads a {@link SpanFilter} from query parameters or JSON and checks it one way for both, collecting every
 * error before answering 400. Errors name fields as the caller wrote them ({@code attr} in a query,
 * {@code filter.attributes} in JSON).
 */
final class SpanFilterParser {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/@-]{1," + MAX_KEY_LENGTH + "}");
    private static final List<String> JSON_FIELDS = List.of("from", "to", "service", "name", "kind", "status",
            "attributes", "hasAttributes", "candidate", "queue", "hasScore", "lacksScore", "traceId");
    /** The range of ClickHouse's DateTime64(9), which holds span times. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2262-04-11T00:00:00Z");

    /** The criteria as given, not yet checked. */
    private record Given(Optional<String> from, Optional<String> to, Optional<String> service, Optional<String> name,
                         Optional<String> kind, Optional<String> status, Map<String, String> attributes,
                         List<String> hasAttributes, Optional<Boolean> candidate, Optional<String> queue,
                         List<String> hasScore, List<String> lacksScore, Optional<String> traceId) {
    }

    private static final Given NOTHING = new Given(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Map.of(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(),
            Optional.empty());

    private final UnaryOperator<String> fieldName;
    private final Clock clock;
    private final List<FieldError> errors = new ArrayList<>();

    private SpanFilterParser(UnaryOperator<String> fieldName, Clock clock) {
        this.fieldName = fieldName;
        this.clock = clock;
    }

    static SpanFilter fromQuery(Map<String, List<String>> query, Clock clock) {
        SpanFilterParser parser = new SpanFilterParser(field -> switch (field) {
            case "attributes" -> "attr";
            case "hasAttributes" -> "hasAttr";
            default -> field;
        }, clock);
        return parser.check(new Given(
                first(query, "from"),
                first(query, "to"),
                first(query, "service"),
                first(query, "name"),
                first(query, "kind"),
                first(query, "status"),
                parser.pairs(all(query, "attr")),
                all(query, "hasAttr"),
                parser.bool(first(query, "candidate")),
                first(query, "queue"),
                all(query, "hasScore"),
                all(query, "lacksScore"),
                first(query, "traceId")));
    }

    static SpanFilter fromJson(JsonNode json, String prefix, Clock clock) {
        SpanFilterParser parser = new SpanFilterParser(field -> prefix + field, clock);
        if (json == null || json.isNull() || json.isMissingNode()) {
            return parser.check(NOTHING);
        }
        if (!json.isObject()) {
            throw ApiProblem.invalid(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object");
        }
        json.properties().forEach(field -> {
            if (!JSON_FIELDS.contains(field.getKey())) {
                parser.fail(field.getKey(), "unknown field; allowed: " + String.join(", ", JSON_FIELDS));
            }
        });
        return parser.check(new Given(
                parser.text(json, "from"),
                parser.text(json, "to"),
                parser.text(json, "service"),
                parser.text(json, "name"),
                parser.text(json, "kind"),
                parser.text(json, "status"),
                parser.object(json, "attributes"),
                parser.texts(json, "hasAttributes"),
                parser.bool(json, "candidate"),
                parser.text(json, "queue"),
                parser.texts(json, "hasScore"),
                parser.texts(json, "lacksScore"),
                parser.text(json, "traceId")));
    }

    /** Why {@code instant} cannot be a span time, if it cannot. */
    static Optional<String> instantProblem(Instant instant) {
        return instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)
                ? Optional.of("must be between " + EARLIEST + " and " + LATEST + ", was " + instant)
                : Optional.empty();
    }

    private SpanFilter check(Given given) {
        int before = errors.size();
        Optional<Instant> from = instant("from", given.from());
        Optional<Instant> to = instant("to", given.to());
        Instant end = to.orElseGet(clock::instant);
        Instant start = from.orElse(end.minus(SpanFilter.DEFAULT_WINDOW));
        if (errors.size() == before && !start.isBefore(end)) {
            fail("from", "must be before to (" + end + ")");
        } else if (errors.size() == before && Duration.between(start, end).compareTo(SpanFilter.MAX_WINDOW) > 0) {
            fail("from", "from..to may span at most " + SpanFilter.MAX_WINDOW.toDays() + " days");
        }
        SpanFilter filter = new SpanFilter(start, end,
                text("service", given.service()),
                text("name", given.name()),
                given.kind().flatMap(kind -> vocabulary("kind", SpanKind.class, SpanKind.LEGACY_PREFIX, kind)),
                given.status().flatMap(status -> vocabulary("status", SpanStatus.class, SpanStatus.LEGACY_PREFIX, status)),
                attributes(given.attributes()),
                keys("hasAttributes", given.hasAttributes()),
                given.candidate(),
                text("queue", given.queue()),
                scoreNames("hasScore", given.hasScore()),
                scoreNames("lacksScore", given.lacksScore()),
                given.traceId().flatMap(this::traceId));
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return filter;
    }

    private Optional<Instant> instant(String field, Optional<String> text) {
        return text.flatMap(value -> {
            try {
                Instant instant = Instant.parse(value);
                instantProblem(instant).ifPresent(problem -> fail(field, problem));
                return Optional.of(instant);
            } catch (DateTimeParseException e) {
                fail(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z, was '" + abbreviated(value) + "'");
                return Optional.empty();
            }
        });
    }

    private Optional<String> text(String field, Optional<String> value) {
        value.filter(text -> text.isEmpty() || text.length() > MAX_VALUE_LENGTH)
                .ifPresent(text -> fail(field, "must be 1 to " + MAX_VALUE_LENGTH + " characters"));
        return value;
    }

    private <E extends Enum<E>> Optional<E> vocabulary(String field, Class<E> type, String legacyPrefix, String text) {
        Optional<E> value = StoredNames.parse(type, text, legacyPrefix);
        if (value.isEmpty()) {
            fail(field, "must be one of " + StoredNames.allowed(type) + ", was '" + abbreviated(text) + "'");
        }
        return value;
    }

    private Map<String, String> attributes(Map<String, String> attributes) {
        size("attributes", attributes.size());
        attributes.forEach((key, value) -> {
            key("attributes", key);
            if (value.length() > MAX_VALUE_LENGTH) {
                fail("attributes", "the value of '" + key + "' must be at most " + MAX_VALUE_LENGTH + " characters");
            }
        });
        return attributes;
    }

    private List<String> keys(String field, List<String> keys) {
        size(field, keys.size());
        keys.forEach(key -> key(field, key));
        return keys;
    }

    private void key(String field, String key) {
        if (!KEY.matcher(key).matches()) {
            fail(field, "attribute key '" + abbreviated(key) + "' must be 1 to " + MAX_KEY_LENGTH
                    + " characters of A-Z a-z 0-9 _ . : / @ -");
        }
    }

    private List<String> scoreNames(String field, List<String> names) {
        size(field, names.size());
        names.stream().filter(name -> !ScoreConfigRules.NAME.matcher(name).matches()).forEach(name -> fail(field,
                "score name '" + abbreviated(name) + "' must be 1 to 64 of letters, digits and _ . : -, starting with a letter or digit"));
        return names;
    }

    private Optional<String> traceId(String text) {
        Optional<String> id = OtelIds.traceId(text);
        if (id.isEmpty()) {
            fail("traceId", OtelIds.TRACE_ID_RULE);
        }
        return id;
    }

    private void size(String field, int size) {
        if (size > MAX_LIST_SIZE) {
            fail(field, "at most " + MAX_LIST_SIZE + " entries, was " + size);
        }
    }

    /** {@code attr=<key>=<value>} parameters; the value is everything after the first {@code =} and may be empty. */
    private Map<String, String> pairs(List<String> params) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String param : params) {
            int equals = param.indexOf('=');
            if (equals < 0) {
                fail("attributes", "must be <key>=<value>, was '" + abbreviated(param) + "'");
            } else if (pairs.putIfAbsent(param.substring(0, equals), param.substring(equals + 1)) != null) {
                fail("attributes", "key '" + abbreviated(param.substring(0, equals)) + "' is given twice");
            }
        }
        return pairs;
    }

    private Optional<Boolean> bool(Optional<String> text) {
        return text.flatMap(value -> switch (value) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                fail("candidate", "must be true or false, was '" + abbreviated(value) + "'");
                yield Optional.empty();
            }
        });
    }

    private Optional<String> text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            fail(field, "wrong type: expected a string");
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private Optional<Boolean> bool(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            fail(field, "wrong type: expected true or false");
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    private List<String> texts(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || !node.valueStream().allMatch(JsonNode::isTextual)) {
            fail(field, "wrong type: expected an array of strings");
            return List.of();
        }
        return node.valueStream().map(JsonNode::textValue).toList();
    }

    private Map<String, String> object(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject() || !node.valueStream().allMatch(JsonNode::isTextual)) {
            fail(field, "wrong type: expected an object of string values");
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        node.properties().forEach(entry -> entries.put(entry.getKey(), entry.getValue().textValue()));
        return entries;
    }

    private void fail(String field, String message) {
        errors.add(new FieldError(fieldName.apply(field), message));
    }

    /** A parameter's first value; absent when missing or empty, as for every query parameter of the API. */
    private static Optional<String> first(Map<String, List<String>> query, String name) {
        return all(query, name).stream().findFirst().filter(value -> !value.isEmpty());
    }

    private static List<String> all(Map<String, List<String>> query, String name) {
        return query.getOrDefault(name, List.of());
    }

    /** Echoes a bad value in an error without echoing a huge one. */
    static String abbreviated(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
