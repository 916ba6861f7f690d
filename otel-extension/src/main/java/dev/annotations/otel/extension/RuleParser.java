package dev.annotations.otel.extension;

import dev.annotations.otel.AnnotationAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.PatternSyntaxException;

/**
 * Builds rules from a parsed rules document (the maps, lists and scalars of a JSON or YAML file; see the
 * README for the format). Strict: an unknown field is an error, because a misspelt condition silently
 * ignored would widen what a rule matches. An invalid rule is reported in one line naming it and the
 * problem, and left out; the other rules still apply.
 */
final class RuleParser {
    private static final Set<String> RULE_FIELDS = set("name", "match", "sampleRate", "queue", "setAttributes");
    private static final Set<String> MATCH_FIELDS =
            set("spanName", "spanNameRegex", "kind", "attributes", "attributesExist", "service");

    private final String serviceName;
    private final Consumer<String> problems;

    /**
     * @param serviceName this process's {@code service.name}: rules for other services are left out here,
     *                    so the span path never looks at the resource
     * @param problems    receives one line per invalid rule or document
     */
    RuleParser(String serviceName, Consumer<String> problems) {
        this.serviceName = serviceName;
        this.problems = problems;
    }

    /** The valid rules of a document that is a list of rules or a mapping with a {@code rules} list. */
    List<AnnotationRule> parse(Object document, String source) {
        Object list = document;
        if (document instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) document;
            if (map.size() != 1 || !map.containsKey("rules")) {
                problems.accept("otel.annotation: " + source + " ignored: expected a list of rules or {\"rules\": [...]}, found fields "
                        + map.keySet());
                return Collections.emptyList();
            }
            list = map.get("rules");
        }
        if (!(list instanceof List)) {
            problems.accept("otel.annotation: " + source + " ignored: expected a list of rules, found " + describe(list));
            return Collections.emptyList();
        }
        List<AnnotationRule> rules = new ArrayList<>();
        List<?> items = (List<?>) list;
        for (int i = 0; i < items.size(); i++) {
            String label = "#" + (i + 1);
            Object item = items.get(i);
            if (item instanceof Map && ((Map<?, ?>) item).get("name") instanceof String) {
                label = "'" + ((Map<?, ?>) item).get("name") + "' (" + label + ")";
            }
            try {
                AnnotationRule rule = rule(item, label);
                if (rule != null) {
                    rules.add(rule);
                }
            } catch (InvalidRule | IllegalArgumentException e) {
                problems.accept("otel.annotation: rule " + label + " in " + source + " disabled: " + e.getMessage());
            }
        }
        return rules;
    }

    /** null when the rule is valid but names another service. */
    private AnnotationRule rule(Object item, String label) {
        Map<?, ?> fields = mapping(item, "a rule");
        checkFields(fields, RULE_FIELDS, "rule");
        String name = fields.containsKey("name") ? text(fields.get("name"), "name") : label;
        Map<?, ?> match = fields.containsKey("match") ? mapping(fields.get("match"), "match") : Collections.emptyMap();
        checkFields(match, MATCH_FIELDS, "match");

        Set<SpanKind> kinds = EnumSet.noneOf(SpanKind.class);
        for (String kind : texts(match.get("kind"), "match.kind")) {
            kinds.add(kind(kind));
        }
        List<SpanNameMatcher> names = new ArrayList<>();
        for (String glob : texts(match.get("spanName"), "match.spanName")) {
            names.add(SpanNameMatcher.glob(glob));
        }
        for (String regex : texts(match.get("spanNameRegex"), "match.spanNameRegex")) {
            names.add(regex(regex));
        }
        List<AttributeCondition> conditions = new ArrayList<>();
        if (match.containsKey("attributes")) {
            for (Map.Entry<?, ?> entry : mapping(match.get("attributes"), "match.attributes").entrySet()) {
                String key = String.valueOf(entry.getKey());
                conditions.add(AttributeCondition.equalTo(key, scalar(entry.getValue(), "match.attributes." + key)));
            }
        }
        for (String key : texts(match.get("attributesExist"), "match.attributesExist")) {
            conditions.add(AttributeCondition.exists(key));
        }
        TraceIdRatio ratio = TraceIdRatio.of(fields.containsKey("sampleRate") ? number(fields.get("sampleRate"), "sampleRate") : 1.0);
        Attributes actions = actions(fields);

        List<String> services = texts(match.get("service"), "match.service");
        if (!services.isEmpty() && !services.contains(serviceName)) {
            return null;
        }
        return new AnnotationRule(name, kinds, names, conditions, ratio, actions);
    }

    private static Attributes actions(Map<?, ?> fields) {
        AttributesBuilder actions = Attributes.builder().put(AnnotationAttributes.CANDIDATE, true);
        if (fields.containsKey("queue")) {
            actions.put(AnnotationAttributes.QUEUE, text(fields.get("queue"), "queue"));
        }
        if (fields.containsKey("setAttributes")) {
            for (Map.Entry<?, ?> entry : mapping(fields.get("setAttributes"), "setAttributes").entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.equals(AnnotationAttributes.CANDIDATE) || key.equals(AnnotationAttributes.QUEUE)) {
                    throw new InvalidRule("setAttributes must not set " + key + " (use queue)");
                }
                actions.put(key, scalar(entry.getValue(), "setAttributes." + key));
            }
        }
        return actions.build();
    }

    private static SpanKind kind(String text) {
        try {
            return SpanKind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRule("unknown span kind '" + text + "' (expected one of " + Arrays.toString(SpanKind.values()) + ")");
        }
    }

    private static SpanNameMatcher regex(String regex) {
        try {
            return SpanNameMatcher.regex(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRule("match.spanNameRegex '" + regex + "' is not a valid regex: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    private static void checkFields(Map<?, ?> fields, Set<String> known, String where) {
        for (Object key : fields.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new InvalidRule("unknown field '" + key + "' in " + where + " (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static Map<?, ?> mapping(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new InvalidRule(what + " must be a mapping, found " + describe(value));
        }
        return (Map<?, ?>) value;
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String) || ((String) value).trim().isEmpty()) {
            throw new InvalidRule(what + " must be a non-empty string, found " + describe(value));
        }
        return (String) value;
    }

    /** A string, number or boolean, as text: rule files write {@code 42} and {@code "42"} alike. */
    private static String scalar(Object value, String what) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new InvalidRule(what + " must be a string, number or boolean, found " + describe(value));
    }

    /** One string or a list of strings; absent is an empty list. */
    private static List<String> texts(Object value, String what) {
        if (value == null) {
            return Collections.emptyList();
        }
        if (value instanceof List) {
            List<String> result = new ArrayList<>();
            for (Object item : (List<?>) value) {
                result.add(text(item, what));
            }
            return result;
        }
        return Collections.singletonList(text(value, what));
    }

    private static double number(Object value, String what) {
        if (!(value instanceof Number)) {
            throw new InvalidRule(what + " must be a number between 0 and 1, found " + describe(value));
        }
        double number = ((Number) value).doubleValue();
        if (!(number >= 0.0 && number <= 1.0)) {
            throw new InvalidRule(what + " must be between 0 and 1, was " + value);
        }
        return number;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }

    private static Set<String> set(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }

    /** Why one rule is invalid; caught per rule, never leaves the parser. */
    private static final class InvalidRule extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRule(String message) {
            super(message, null, false, false);
        }
    }
}
