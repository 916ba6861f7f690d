package dev.annotations.api.collector;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns OTLP attribute values into the strings the Collector's ClickHouse exporter stores, byte for byte:
 * the exporter calls pdata's {@code Value.AsString()}, so strings stay as they are, booleans and integers
 * print in decimal, doubles print like ES6/Go JSON numbers ({@code 1.0 → "1"}, {@code 1e21 → "1e+21"}),
 * bytes become standard base64, and arrays and key-value lists become Go {@code encoding/json} text
 * (map keys sorted, HTML characters escaped). A nested NaN or infinity makes Go's JSON encoder fail,
 * which leaves the exporter's string empty; we do the same.
 */
public final class AttributeStrings {
    private AttributeStrings() {
    }

    /** Attributes as the exporter's {@code Map(LowCardinality(String), String)}; a repeated key keeps its last value. */
    public static Map<String, String> map(List<KeyValue> attributes) {
        Map<String, String> result = new LinkedHashMap<>(attributes.size() * 2);
        for (KeyValue attribute : attributes) {
            result.put(attribute.getKey(), asString(attribute.getValue()));
        }
        return result;
    }

    /** One value as the exporter stores it. */
    public static String asString(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> topLevelDouble(value.getDoubleValue());
            case BYTES_VALUE -> base64(value.getBytesValue());
            case ARRAY_VALUE, KVLIST_VALUE -> {
                StringBuilder json = new StringBuilder();
                yield appendJson(json, value) ? json.toString() : "";
            }
            // a string-table index only means something inside profiles; traces and logs have no table
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }

    /** pdata prints a non-finite double as the text of Go's JSON error, which is what lands in the column. */
    private static String topLevelDouble(double value) {
        if (Double.isNaN(value)) {
            return "json: unsupported value: NaN";
        }
        if (Double.isInfinite(value)) {
            return "json: unsupported value: " + (value > 0 ? "+Inf" : "-Inf");
        }
        return es6Number(value);
    }

    /**
     * A finite double the way Go's JSON encoder writes it: shortest digits that round-trip, plain
     * notation for 1e-6 ≤ |x| < 1e21 (and zero), otherwise exponent notation without padding.
     */
    static String es6Number(double value) {
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        // Double.toString gives the shortest round-tripping digits (JDK 19+), like Go's strconv with precision -1.
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-6 && magnitude < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder text = new StringBuilder();
        if (value < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        return text.toString();
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Appends Go's JSON for the value; false when Go's encoder would fail (a nested NaN or infinity). */
    private static boolean appendJson(StringBuilder json, AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> appendJsonString(json, value.getStringValue());
            case BOOL_VALUE -> json.append(value.getBoolValue());
            case INT_VALUE -> json.append(value.getIntValue());
            case DOUBLE_VALUE -> {
                if (!Double.isFinite(value.getDoubleValue())) {
                    return false;
                }
                json.append(es6Number(value.getDoubleValue()));
            }
            case BYTES_VALUE -> json.append('"').append(base64(value.getBytesValue())).append('"');
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> json.append("null");
            case ARRAY_VALUE -> {
                json.append('[');
                List<AnyValue> items = value.getArrayValue().getValuesList();
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    if (!appendJson(json, items.get(i))) {
                        return false;
                    }
                }
                json.append(']');
            }
            case KVLIST_VALUE -> {
                // Go's AsRaw builds a map (the last of repeated keys wins) and encoding/json sorts its keys by bytes.
                Map<String, AnyValue> entries = new LinkedHashMap<>();
                for (KeyValue entry : value.getKvlistValue().getValuesList()) {
                    entries.put(entry.getKey(), entry.getValue());
                }
                String[] keys = entries.keySet().toArray(String[]::new);
                Arrays.sort(keys, AttributeStrings::compareUtf8);
                json.append('{');
                for (int i = 0; i < keys.length; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    appendJsonString(json, keys[i]);
                    json.append(':');
                    if (!appendJson(json, entries.get(keys[i]))) {
                        return false;
                    }
                }
                json.append('}');
            }
        }
        return true;
    }

    private static int compareUtf8(String left, String right) {
        return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
    }

    /** Go encoding/json string escaping with its default HTML escaping (Go 1.22+: \b and \f short forms). */
    private static void appendJsonString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> json.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)))) {
                        json.append('\ufffd');
                    } else {
                        json.append(c);
                        if (Character.isHighSurrogate(c)) {
                            json.append(text.charAt(++i));
                        }
                    }
                }
            }
        }
        json.append('"');
    }
}
