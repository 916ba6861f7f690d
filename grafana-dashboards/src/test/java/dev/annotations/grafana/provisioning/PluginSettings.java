package dev.annotations.grafana.provisioning;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How grafana-clickhouse-datasource 4.20.0 reads its settings ({@code pkg/plugin/settings.go}, LoadSettings): a
 * port given as a number is taken as is; given as a string it goes through Go's {@code strconv.ParseInt(s, 0, 64)},
 * which refuses an empty string ("could not parse port value"); a port of 0 is invalid.
 */
final class PluginSettings {
    private PluginSettings() {
    }

    static long port(JsonNode value) {
        long port;
        if (value.isNumber()) {
            port = value.asLong();
        } else {
            port = parseGoInt(value.asText());
        }
        if (port == 0) {
            throw new IllegalArgumentException("invalid port");
        }
        return port;
    }

    /** strconv.ParseInt with base 0: an optional sign, then 0x / 0o / 0b / a leading 0 (octal) or decimal digits. */
    private static long parseGoInt(String text) {
        String s = text;
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            s = s.substring(2);
        } else if (s.startsWith("0o") || s.startsWith("0O")) {
            radix = 8;
            s = s.substring(2);
        } else if (s.startsWith("0b") || s.startsWith("0B")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        try {
            if (s.isEmpty()) {
                throw new NumberFormatException("empty");
            }
            long parsed = Long.parseLong(s, radix);
            return negative ? -parsed : parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("could not parse port value: strconv.ParseInt: parsing \"" + text
                    + "\": invalid syntax", e);
        }
    }
}
