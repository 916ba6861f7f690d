package dev.annotations.grafana.expand;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The server-side macro expansion of Grafana's ClickHouse datasource (grafana-clickhouse-datasource 4.20.0,
 * {@code pkg/macros/macros.go}, on grafana/macropro 1.0.1's parser), re-stated in Java so tests can send the
 * exact SQL the plugin sends. What it does, in the plugin's order:
 * <ol>
 *   <li>No {@code $__} anywhere: the query is sent as written (comments included).</li>
 *   <li>Otherwise {@code --} and {@code /* *}{@code /} comments are blanked to spaces (same length); quotes
 *       {@code '…'} and {@code "…"} are respected, with backslash escapes (the plugin's {@code BackslashEscape}).</li>
 *   <li>One forward scan: at each {@code $__}, the longest run of {@code [A-Za-z0-9_]} is the name
 *       ({@code $__interval_s} is never {@code $__interval} + {@code _s}); an unknown name is left as it is; a known
 *       one takes an optional {@code (…)} argument list (balanced parentheses, quotes respected; unbalanced → no
 *       arguments), split at top-level commas and trimmed; macros inside arguments expand first; the handler's
 *       output is spliced in and never rescanned.</li>
 * </ol>
 * Macros ({@code from}/{@code to} are the query's time range, {@code interval} the panel's):
 * {@code $__timeFilter(c)} → {@code c >= toDateTime(from_s) AND c <= toDateTime(to_s)};
 * {@code $__timeFilter_ms(c)} → the same with {@code fromUnixTimestamp64Milli(ms)};
 * {@code $__fromTime}, {@code $__toTime} → {@code toDateTime(s)}; {@code $__fromTime_ms}, {@code $__toTime_ms} →
 * {@code fromUnixTimestamp64Milli(ms)}; {@code $__timeInterval(c)} →
 * {@code toStartOfInterval(toDateTime(c), INTERVAL n second)}; {@code $__timeInterval_ms(c)} →
 * {@code toStartOfInterval(toDateTime64(c, 3), INTERVAL n millisecond)}; {@code $__interval_s} → whole seconds
 * (at least 1); {@code $__timeFrom(c)}, {@code $__timeTo(c)}, {@code $__dateFilter(c)}, {@code $__dateTimeFilter(d, t)}
 * (alias {@code $__dt}), {@code $__interval} (Grafana's duration notation), {@code $__interval_ms}. Frontend-only
 * syntax ({@code $__conditionalAll}, template variables) is {@link TemplateVariables}' job, before this runs.
 */
public final class PluginMacros {
    private static final String PREFIX = "$__";
    private static final int MAX_NESTING = 128;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final Map<String, BiFunction<QueryContext, List<String>, String>> MACROS = Map.ofEntries(
            Map.entry("timeFilter", (ctx, args) -> {
                String column = single("$__timeFilter", args);
                return column + " >= " + dateTime(ctx.from()) + " AND " + column + " <= " + dateTime(ctx.to());
            }),
            Map.entry("timeFilter_ms", (ctx, args) -> {
                String column = single("$__timeFilter_ms", args);
                return column + " >= " + dateTime64(ctx.from()) + " AND " + column + " <= " + dateTime64(ctx.to());
            }),
            Map.entry("timeFrom", (ctx, args) -> single("$__timeFrom", args) + " >= " + dateTime(ctx.from())),
            Map.entry("timeTo", (ctx, args) -> single("$__timeTo", args) + " <= " + dateTime(ctx.to())),
            Map.entry("fromTime", (ctx, args) -> dateTime(ctx.from())),
            Map.entry("toTime", (ctx, args) -> dateTime(ctx.to())),
            Map.entry("fromTime_ms", (ctx, args) -> dateTime64(ctx.from())),
            Map.entry("toTime_ms", (ctx, args) -> dateTime64(ctx.to())),
            Map.entry("dateFilter", (ctx, args) -> {
                String column = single("$__dateFilter", args);
                return column + " >= " + date(ctx.from()) + " AND " + column + " <= " + date(ctx.to());
            }),
            Map.entry("dateTimeFilter", PluginMacros::dateTimeFilter),
            Map.entry("dt", PluginMacros::dateTimeFilter),
            Map.entry("timeInterval", (ctx, args) -> "toStartOfInterval(toDateTime(" + single("$__timeInterval", args)
                    + "), INTERVAL " + intervalSeconds(ctx) + " second)"),
            Map.entry("timeInterval_ms", (ctx, args) -> "toStartOfInterval(toDateTime64(" + single("$__timeInterval_ms", args)
                    + ", 3), INTERVAL " + Math.max(ctx.interval().toMillis(), 1) + " millisecond)"),
            Map.entry("interval_s", (ctx, args) -> String.valueOf(intervalSeconds(ctx))),
            Map.entry("interval", (ctx, args) -> grafanaDuration(ctx.interval())),
            Map.entry("interval_ms", (ctx, args) -> String.valueOf(ctx.interval().toMillis())));

    private PluginMacros() {
    }

    /** The SQL the plugin sends to ClickHouse for {@code sql} (already through the frontend's interpolation). */
    public static String expand(String sql, QueryContext context) {
        if (!sql.contains(PREFIX)) {
            return sql;
        }
        String work = stripComments(sql);
        if (!work.contains(PREFIX)) {
            return work;
        }
        return expand(work, context, 0);
    }

    private static String expand(String work, QueryContext context, int depth) {
        if (depth > MAX_NESTING) {
            throw new MacroException("macro nesting exceeds " + MAX_NESTING + " levels");
        }
        StringBuilder out = new StringBuilder(work.length());
        int i = 0;
        while (i < work.length()) {
            int at = work.indexOf(PREFIX, i);
            if (at < 0) {
                out.append(work, i, work.length());
                break;
            }
            out.append(work, i, at);
            int nameStart = at + PREFIX.length();
            int nameEnd = nameStart;
            while (nameEnd < work.length() && isNameChar(work.charAt(nameEnd))) {
                nameEnd++;
            }
            String name = work.substring(nameStart, nameEnd);
            BiFunction<QueryContext, List<String>, String> macro = MACROS.get(name);
            if (macro == null) {
                // a bare prefix or an unknown macro stays; anything inside a following "(…)" is scanned as text
                out.append(work, at, nameEnd);
                i = nameEnd;
                continue;
            }
            String raw = "";
            int after = nameEnd;
            if (after < work.length() && work.charAt(after) == '(') {
                int close = closingParenthesis(work, after);
                if (close >= 0) {
                    raw = work.substring(after + 1, close);
                    after = close + 1;
                }
            }
            List<String> args = arguments(raw, "$__" + name);
            for (int a = 0; a < args.size(); a++) {
                if (args.get(a).contains(PREFIX)) {
                    args.set(a, expand(args.get(a), context, depth + 1));
                }
            }
            out.append(macro.apply(context, args));
            i = after;
        }
        return out.toString();
    }

    /**
     * Blanks {@code --} line comments and block comments to spaces, keeping quoted text; an unterminated block
     * comment blanks the rest (so nothing hidden in it can expand).
     */
    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipQuotedWithBackslash(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = i;
                while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                    end++;
                }
                out.repeat(' ', end - i);
                i = end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
                out.repeat(' ', end - i);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The ')' closing the '(' at {@code open}, skipping quoted text (doubled quotes only, as macropro's parser); -1 if none. */
    private static int closingParenthesis(String s, int open) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(s, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static List<String> arguments(String raw, String macro) {
        String trimmed = raw.strip();
        List<String> args = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return args;
        }
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(trimmed, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    throw new MacroException("macro " + macro + ": unexpected ')' at position " + i);
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(trimmed.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        if (depth != 0) {
            throw new MacroException("macro " + macro + ": unbalanced parentheses in arguments");
        }
        args.add(trimmed.substring(start).strip());
        return args;
    }

    private static int skipQuoted(String s, int open) {
        char quote = s.charAt(open);
        int j = open + 1;
        while (j < s.length()) {
            if (s.charAt(j) == quote) {
                if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return j;
    }

    private static int skipQuotedWithBackslash(String s, int open) {
        char quote = s.charAt(open);
        int j = open + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return j;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String single(String macro, List<String> args) {
        if (args.size() != 1) {
            throw new MacroException(macro + " expected 1 argument(s), received " + args.size());
        }
        return args.getFirst();
    }

    private static String dateTimeFilter(QueryContext ctx, List<String> args) {
        if (args.size() != 2) {
            throw new MacroException("$__dateTimeFilter expected 2 argument(s), received " + args.size());
        }
        String date = args.get(0);
        String time = args.get(1);
        return "(" + date + " >= " + date(ctx.from()) + " AND " + date + " <= " + date(ctx.to()) + ") AND ("
                + time + " >= " + dateTime(ctx.from()) + " AND " + time + " <= " + dateTime(ctx.to()) + ")";
    }

    private static String dateTime(Instant instant) {
        return "toDateTime(" + instant.getEpochSecond() + ")";
    }

    private static String dateTime64(Instant instant) {
        return "fromUnixTimestamp64Milli(" + instant.toEpochMilli() + ")";
    }

    private static String date(Instant instant) {
        return "toDate('" + DATE.format(instant) + "')";
    }

    /** Whole seconds, at least 1 (Go's int(math.Max(interval.Seconds(), 1)) truncates). */
    private static long intervalSeconds(QueryContext ctx) {
        return Math.max(ctx.interval().toMillis() / 1000, 1);
    }

    /** Grafana's duration notation for an interval, truncating to the largest whole unit (gtime.FormatInterval). */
    static String grafanaDuration(Duration interval) {
        long ms = interval.toMillis();
        long[] units = {365L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600_000L, 60_000L, 1000L, 1L};
        String[] names = {"y", "d", "h", "m", "s", "ms"};
        for (int u = 0; u < units.length; u++) {
            if (ms >= units[u]) {
                return ms / units[u] + names[u];
            }
        }
        return "1ms";
    }
}
