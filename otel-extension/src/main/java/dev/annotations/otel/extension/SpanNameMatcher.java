package dev.annotations.otel.extension;

import java.util.regex.Pattern;

/**
 * Matches span names by glob ({@code *} any run of characters, {@code ?} one character) or by regular
 * expression (the whole name must match). Globs of the common shapes ({@code chat}, {@code chat*},
 * {@code *chat}, {@code *chat*}) compile to plain string comparisons, which keeps the per-span cost of a
 * rule set in the tens of nanoseconds; other globs become a regex.
 */
abstract class SpanNameMatcher {
    abstract boolean matches(String name);

    /** @throws IllegalArgumentException for an empty glob */
    static SpanNameMatcher glob(String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("an empty span name glob matches nothing");
        }
        boolean leading = glob.startsWith("*");
        boolean trailing = glob.length() > 1 && glob.endsWith("*");
        String inner = glob.substring(leading ? 1 : 0, glob.length() - (trailing ? 1 : 0));
        if (inner.indexOf('*') < 0 && inner.indexOf('?') < 0) {
            if (leading && trailing) {
                return new Contains(inner);
            }
            if (leading) {
                return new EndsWith(inner);
            }
            if (trailing) {
                return new StartsWith(inner);
            }
            return new Equals(inner);
        }
        return new Regex(globToRegex(glob));
    }

    /** @throws IllegalArgumentException (a {@link java.util.regex.PatternSyntaxException}) for a bad pattern */
    static SpanNameMatcher regex(String regex) {
        return new Regex(Pattern.compile(regex));
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 16);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static final class Equals extends SpanNameMatcher {
        private final String text;

        Equals(String text) {
            this.text = text;
        }

        @Override
        boolean matches(String name) {
            return text.equals(name);
        }
    }

    private static final class StartsWith extends SpanNameMatcher {
        private final String prefix;

        StartsWith(String prefix) {
            this.prefix = prefix;
        }

        @Override
        boolean matches(String name) {
            return name.startsWith(prefix);
        }
    }

    private static final class EndsWith extends SpanNameMatcher {
        private final String suffix;

        EndsWith(String suffix) {
            this.suffix = suffix;
        }

        @Override
        boolean matches(String name) {
            return name.endsWith(suffix);
        }
    }

    private static final class Contains extends SpanNameMatcher {
        private final String part;

        Contains(String part) {
            this.part = part;
        }

        @Override
        boolean matches(String name) {
            return name.contains(part);
        }
    }

    private static final class Regex extends SpanNameMatcher {
        private final Pattern pattern;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        boolean matches(String name) {
            return pattern.matcher(name).matches();
        }
    }
}
