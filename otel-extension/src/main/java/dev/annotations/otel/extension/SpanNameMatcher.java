package dev.annotations.otel.extension;

import java.util.regex.Pattern;

/**
 * Matches span names by glob ({@code *} any run of characters, {@code ?} one character) or by regular
 * expression (the whole name must match). Globs of the common shapes ({@code chat}, {@code chat*},
 * {@code *chat}, {@code *chat*}) compile to plain string comparisons and the rest to a regex. One final
 * class with a mode, rather than a subclass per shape, keeps the per-span call monomorphic and inlined.
 */
final class SpanNameMatcher {
    private static final int EQUALS = 0;
    private static final int PREFIX = 1;
    private static final int SUFFIX = 2;
    private static final int CONTAINS = 3;
    private static final int REGEX = 4;

    private final int mode;
    private final String text;
    private final Pattern pattern;

    private SpanNameMatcher(int mode, String text, Pattern pattern) {
        this.mode = mode;
        this.text = text;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for an empty glob */
    static SpanNameMatcher glob(String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("an empty span name glob matches nothing");
        }
        boolean leading = glob.startsWith("*");
        boolean trailing = glob.length() > 1 && glob.endsWith("*");
        String inner = glob.substring(leading ? 1 : 0, glob.length() - (trailing ? 1 : 0));
        if (inner.indexOf('*') < 0 && inner.indexOf('?') < 0) {
            int mode = leading && trailing ? CONTAINS : leading ? SUFFIX : trailing ? PREFIX : EQUALS;
            return new SpanNameMatcher(mode, inner, null);
        }
        return new SpanNameMatcher(REGEX, glob, globToRegex(glob));
    }

    /** @throws IllegalArgumentException (a {@link java.util.regex.PatternSyntaxException}) for a bad pattern */
    static SpanNameMatcher regex(String regex) {
        return new SpanNameMatcher(REGEX, regex, Pattern.compile(regex));
    }

    boolean matches(String name) {
        switch (mode) {
            case EQUALS:
                return text.equals(name);
            case PREFIX:
                return name.startsWith(text);
            case SUFFIX:
                return name.endsWith(text);
            case CONTAINS:
                return name.contains(text);
            default:
                return pattern.matcher(name).matches();
        }
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
}
