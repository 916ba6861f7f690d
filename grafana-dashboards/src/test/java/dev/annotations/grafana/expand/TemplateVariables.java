package dev.annotations.grafana.expand;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Grafana's browser side does to a ClickHouse panel query before sending it (the plugin's
 * {@code applyTemplateVariables} in {@code src/data/CHDatasource.ts}, 4.20.0, then Grafana's template service,
 * {@code @grafana/scenes} interpolation and format registry):
 * <ol>
 *   <li>{@code $__conditionalAll(condition, $var)}, last occurrence first: the arguments are split at commas
 *       directly inside the call's parentheses (quotes are not considered), and the call becomes {@code 1=1} when
 *       {@code $var}'s current value is "All" or empty, else the condition as written. The variable must be written
 *       {@code $var} or {@code ${var}}: with a format ({@code ${var:singlequote}}) no variable is recognised and the
 *       condition always stays. A call without exactly two arguments stops the pass (the rest is left as is).</li>
 *   <li>Variables, in the forms {@code $var}, {@code ${var}}, {@code ${var:format}}, {@code [[var]]}: "All" without
 *       a custom all value means every option; with one, that value as written (unformatted). Without a format the
 *       plugin's own formatter applies: a list becomes {@code 'a','b'} (quotes inside are not escaped), a single
 *       value is inserted raw. {@code :singlequote} quotes each value and escapes {@code '} as {@code \'};
 *       {@code :sqlstring} doubles it; {@code :csv}, {@code :pipe}, {@code :raw}, {@code :doublequote},
 *       {@code :json}, {@code :glob} as Grafana defines them. Built-ins: {@code $__from}, {@code $__to} (epoch ms),
 *       {@code $__interval}, {@code $__interval_ms}. Anything else (e.g. {@code $__timeFilter}) is left for the
 *       plugin's server-side macros.</li>
 * </ol>
 */
public final class TemplateVariables {
    /** Grafana's variable syntax (VARIABLE_REGEX in @grafana/scenes). */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
    private static final Pattern CONDITIONAL_VARIABLE = Pattern.compile("(?<=\\$\\{)\\w+(?=})|(?<=\\$)\\w+");
    private static final String CONDITIONAL_ALL = "$__conditionalAll(";

    private final Map<String, Variable> variables;
    private final QueryContext context;

    public TemplateVariables(List<Variable> variables, QueryContext context) {
        this.variables = variables.stream().collect(Collectors.toMap(Variable::name, Function.identity()));
        this.context = context;
    }

    /** The query as the browser sends it to the plugin's backend. */
    public String apply(String rawSql) {
        return replaceVariables(applyConditionalAll(rawSql));
    }

    String applyConditionalAll(String rawQuery) {
        int macroIndex = rawQuery.lastIndexOf(CONDITIONAL_ALL);
        while (macroIndex != -1) {
            List<String> params = macroArgs(rawQuery, macroIndex + CONDITIONAL_ALL.length() - 1);
            if (params.size() != 2) {
                return rawQuery;
            }
            String phrase = params.get(0);
            Matcher name = CONDITIONAL_VARIABLE.matcher(params.get(1).strip());
            if (name.find()) {
                Variable variable = variables.get(name.group());
                String value = variable == null ? null : variable.currentValueText();
                if ("".equals(value) || Variable.ALL.equals(value)) {
                    phrase = "1=1";
                }
            }
            // String.prototype.replace with a string pattern: the first occurrence only
            String call = CONDITIONAL_ALL + params.get(0) + "," + params.get(1) + ")";
            int at = rawQuery.indexOf(call);
            rawQuery = rawQuery.substring(0, at) + phrase + rawQuery.substring(at + call.length());
            macroIndex = rawQuery.lastIndexOf(CONDITIONAL_ALL);
        }
        return rawQuery;
    }

    /** The plugin's getMacroArgs: from the '(' at {@code open}, split at commas at depth 1 until it closes. */
    private static List<String> macroArgs(String query, int open) {
        List<String> args = new java.util.ArrayList<>();
        int depth = 0;
        int lastArgStart = open + 1;
        for (int i = open; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 1) {
                args.add(query.substring(lastArgStart, i));
                lastArgStart = i + 1;
            }
            if ((c == '(' || c == ')' || c == ',') && depth == 0) {
                args.add(query.substring(lastArgStart, i));
                return args;
            }
        }
        return List.of();
    }

    private String replaceVariables(String target) {
        Matcher matcher = VARIABLE.matcher(target);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = first(matcher.group(1), matcher.group(2), matcher.group(4));
            String format = first(matcher.group(3), matcher.group(6));
            String replacement = lookup(name).map(value -> value.format(format)).orElse(matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Optional<Value> lookup(String name) {
        Variable variable = variables.get(name);
        if (variable != null) {
            if (variable.allSelected()) {
                return Optional.of(variable.allValue().<Value>map(CustomAll::new)
                        .orElseGet(() -> new Values(variable.options())));
            }
            return Optional.of(variable.multi() ? new Values(variable.selected()) : new Single(variable.selected().getFirst()));
        }
        return switch (name) {
            case "__from" -> Optional.of(new Single(String.valueOf(context.from().toEpochMilli())));
            case "__to" -> Optional.of(new Single(String.valueOf(context.to().toEpochMilli())));
            case "__interval" -> Optional.of(new Single(PluginMacros.grafanaDuration(context.interval())));
            case "__interval_ms" -> Optional.of(new Single(String.valueOf(context.interval().toMillis())));
            default -> Optional.empty();
        };
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** A variable's value, formatted as Grafana formats it. */
    private sealed interface Value permits Single, Values, CustomAll {
        String format(String format);
    }

    private record Single(String value) implements Value {
        @Override
        public String format(String format) {
            return Formats.apply(format, List.of(value), false);
        }
    }

    private record Values(List<String> values) implements Value {
        @Override
        public String format(String format) {
            return Formats.apply(format, values, true);
        }
    }

    /** A custom all value is inserted as written, whatever the format (text formats aside). */
    private record CustomAll(String value) implements Value {
        @Override
        public String format(String format) {
            return "text".equals(format) ? "All" : value;
        }
    }

    /** The formats a dashboard here may use; an unknown one falls back to glob, as Grafana does. */
    private static final class Formats {
        static String apply(String format, List<String> values, boolean list) {
            if (format == null) {
                // the plugin's own formatter (CHDatasource.format)
                return list ? "'" + String.join("','", values) + "'" : values.getFirst();
            }
            return switch (format) {
                case "singlequote" -> quoted(values, "'", "\\'");
                case "doublequote" -> quoted(values, "\"", "\\\"");
                case "sqlstring" -> values.stream().map(v -> "'" + v.replace("'", "''").replace("\"", "\\\"") + "'")
                        .collect(Collectors.joining(","));
                case "csv", "raw" -> String.join(",", values);
                case "pipe" -> String.join("|", values);
                case "json" -> list ? values.stream().map(Formats::json).collect(Collectors.joining(",", "[", "]"))
                        : values.getFirst();
                case "text" -> String.join(" + ", values);
                default -> list && values.size() > 1 ? "{" + String.join(",", values) + "}" : String.join(",", values);
            };
        }

        private static String quoted(List<String> values, String quote, String escaped) {
            return values.stream().map(v -> quote + v.replace(quote, escaped) + quote).collect(Collectors.joining(","));
        }

        private static String json(String value) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
