package dev.annotations.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which output format a query answers in, and the Content-Type that goes with it. */
final class OutputFormats {
    static final String DEFAULT_FORMAT = "TabSeparated";
    /** Only short statements are scanned for a trailing FORMAT clause; long bodies are insert data. */
    private static final int MAX_SCANNED_QUERY_BYTES = 64 * 1024;
    private static final Pattern TRAILING_FORMAT = Pattern.compile("(?is)\\bFORMAT\\s+(\\w+)\\s*;?\\s*$");

    private OutputFormats() {
    }

    /** The format named by a trailing {@code FORMAT x} clause of a SELECT-like statement, else the default. */
    static String effectiveFormat(byte[] queryHead, String defaultFormat) {
        if (queryHead.length == 0 || queryHead.length > MAX_SCANNED_QUERY_BYTES) {
            return defaultFormat;
        }
        String text = new String(queryHead, StandardCharsets.UTF_8);
        if (text.stripLeading().regionMatches(true, 0, "INSERT", 0, 6)) {
            return defaultFormat;
        }
        Matcher matcher = TRAILING_FORMAT.matcher(text);
        return matcher.find() ? matcher.group(1) : defaultFormat;
    }

    static String contentType(String format) {
        String name = format.toLowerCase(Locale.ROOT);
        if (name.startsWith("json") && !name.contains("eachrow") && !name.contains("lines")
                && !name.contains("compact") && !name.contains("stringseachrow")) {
            return "application/json; charset=UTF-8";
        }
        if (name.startsWith("json") || name.equals("ndjson") || name.equals("jsonl")) {
            return "application/x-ndjson; charset=UTF-8";
        }
        if (name.startsWith("tabseparated") || name.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (name.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        }
        if (name.startsWith("pretty") || name.equals("vertical") || name.equals("values") || name.equals("markdown")) {
            return "text/plain; charset=UTF-8";
        }
        if (name.equals("xml")) {
            return "application/xml; charset=UTF-8";
        }
        return "application/octet-stream";
    }
}
