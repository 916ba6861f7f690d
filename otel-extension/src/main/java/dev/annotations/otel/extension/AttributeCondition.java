package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * One attribute test of a rule: the attribute exists, or equals a value. Span attributes are typed while
 * rule values are text, so {@code "42"} matches a string {@code "42"}, a long {@code 42} and a double
 * {@code 42.0}, and {@code "true"} a string or a boolean. The typed keys are built once, so a test is a few
 * map lookups and never allocates. Array-valued attributes are not matched (a documented limit).
 */
final class AttributeCondition {
    private final String key;
    /** Each key paired with the value it must have; a null value means "exists". */
    private final AttributeKey<?>[] keys;
    private final Object[] values;

    private AttributeCondition(String key, List<AttributeKey<?>> keys, List<Object> values) {
        this.key = key;
        this.keys = keys.toArray(new AttributeKey<?>[0]);
        this.values = values.toArray();
    }

    static AttributeCondition exists(String key) {
        List<AttributeKey<?>> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        keys.add(AttributeKey.stringKey(key));
        keys.add(AttributeKey.longKey(key));
        keys.add(AttributeKey.booleanKey(key));
        keys.add(AttributeKey.doubleKey(key));
        for (int i = 0; i < keys.size(); i++) {
            values.add(null);
        }
        return new AttributeCondition(key, keys, values);
    }

    static AttributeCondition equalTo(String key, String expected) {
        List<AttributeKey<?>> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        keys.add(AttributeKey.stringKey(key));
        values.add(expected);
        if ("true".equals(expected) || "false".equals(expected)) {
            keys.add(AttributeKey.booleanKey(key));
            values.add(Boolean.valueOf(expected));
        }
        Long whole = parseLong(expected);
        if (whole != null) {
            keys.add(AttributeKey.longKey(key));
            values.add(whole);
        }
        Double number = parseDouble(expected);
        if (number != null) {
            keys.add(AttributeKey.doubleKey(key));
            values.add(number);
        }
        return new AttributeCondition(key, keys, values);
    }

    String key() {
        return key;
    }

    /** The typed keys this test reads, in order; {@link #values()} pairs each with the value it needs. */
    AttributeKey<?>[] keys() {
        return keys;
    }

    /** Per key of {@link #keys()}: the value it must have, or null when being present is enough. */
    Object[] values() {
        return values;
    }

    /** How many typed attribute reads a failing test costs; each takes the span's lock. */
    int lookups() {
        return keys.length;
    }

    boolean test(ReadableSpan span) {
        for (int i = 0; i < keys.length; i++) {
            Object actual = span.getAttribute(keys[i]);
            if (actual != null && (values[i] == null || values[i].equals(actual))) {
                return true;
            }
        }
        return false;
    }

    private static Long parseLong(String text) {
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
