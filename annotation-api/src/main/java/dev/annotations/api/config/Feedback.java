package dev.annotations.api.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Feedback from web pages: the origins whose pages may post scores with a FEEDBACK key
 * ({@code ANNOTATION_CORS_ORIGINS}, a comma-separated list of exact origins such as
 * {@code https://shop.example.com}; none by default) and how many scores one FEEDBACK key may create per
 * minute ({@code ANNOTATION_FEEDBACK_RATE_PER_MINUTE}, default {@value #DEFAULT_RATE_PER_MINUTE}).
 */
public record Feedback(List<String> corsOrigins, int ratePerMinute) {
    public static final int DEFAULT_RATE_PER_MINUTE = 60;
    public static final int MAX_RATE_PER_MINUTE = 100_000;

    public Feedback {
        corsOrigins = List.copyOf(corsOrigins);
        if (ratePerMinute < 1 || ratePerMinute > MAX_RATE_PER_MINUTE) {
            throw new IllegalArgumentException("ANNOTATION_FEEDBACK_RATE_PER_MINUTE must be 1.." + MAX_RATE_PER_MINUTE
                    + ", was " + ratePerMinute);
        }
    }

    public static Feedback defaults() {
        return new Feedback(List.of(), DEFAULT_RATE_PER_MINUTE);
    }

    /**
     * Parses the comma-separated list: each entry an origin as browsers send it in {@code Origin}
     * (scheme {@code http} or {@code https}, host, optional port; no path, no {@code *}).
     */
    static List<String> origins(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).map(entry -> {
            URI uri;
            try {
                uri = URI.create(entry);
            } catch (IllegalArgumentException e) {
                throw invalid(entry);
            }
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawPath() == null || !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw invalid(entry);
            }
            return entry.toLowerCase(Locale.ROOT);
        }).distinct().toList();
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("ANNOTATION_CORS_ORIGINS holds origins such as https://shop.example.com "
                + "(scheme, host, optional port; no path, no *), was '" + entry + "'");
    }
}
