package dev.annotations.api.http;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for names people give things: documented in the OpenAPI document and the README. */
public final class Names {
    public static final int MAX_LENGTH = 100;
    /** Key names become authors: letters, digits and {@code . _ @ + -}, like user names and e-mail addresses. */
    private static final Pattern KEY_NAME = Pattern.compile("[\\p{L}\\p{N}._@+-]+");

    private Names() {
    }

    /** A display name: 1..100 characters after trimming, no control characters. */
    public static Optional<String> displayNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (name.strip().length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }

    public static Optional<String> keyNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (!KEY_NAME.matcher(name).matches()) {
            return Optional.of("may contain letters, digits and . _ @ + - only");
        }
        return Optional.empty();
    }
}
