package dev.annotations.api.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Span kinds and status codes as the exporter writes them ({@code Server}, {@code Ok}) and as older
 * exporters wrote them ({@code SPAN_KIND_SERVER}, {@code STATUS_CODE_OK}); the API shows and accepts the
 * current form and matches both.
 */
final class StoredNames {
    private StoredNames() {
    }

    /** {@code SERVER} → {@code Server}. */
    static String current(Enum<?> value) {
        String name = value.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    static List<String> storedForms(Enum<?> value, String legacyPrefix) {
        return List.of(current(value), legacyPrefix + value.name());
    }

    /** A stored value in its current form; values outside the vocabulary are shown as stored. */
    static <E extends Enum<E>> String display(Class<E> type, String stored, String legacyPrefix) {
        return parse(type, stored, legacyPrefix).map(StoredNames::current).orElse(stored);
    }

    /** Any stored form, case-insensitive. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text, String legacyPrefix) {
        String upper = text.toUpperCase(Locale.ROOT);
        String name = upper.startsWith(legacyPrefix) ? upper.substring(legacyPrefix.length()) : upper;
        return Arrays.stream(type.getEnumConstants()).filter(value -> value.name().equals(name)).findFirst();
    }

    static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(StoredNames::current).collect(Collectors.joining(", "));
    }
}
