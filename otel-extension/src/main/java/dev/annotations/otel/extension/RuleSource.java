package dev.annotations.otel.extension;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a rules document, inline or from a file, JSON or YAML, into maps, lists and scalars.
 *
 * <p>One parser serves both formats: snakeyaml-engine (YAML 1.2, whose core schema reads JSON documents;
 * shaded and relocated into the extension jar, so it cannot clash with the app's or the agent's copy).
 * YAML 1.2 rather than SnakeYAML's 1.1 because 1.1 reads {@code yes}, {@code on} and {@code no} as
 * booleans, which would change attribute values such as {@code on} silently.
 */
final class RuleSource {
    /** Rules files are a few kilobytes; a bound keeps a wrong path (a log file, a device) from stalling start-up. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Consumer<String> problems;

    RuleSource(Consumer<String> problems) {
        this.problems = problems;
    }

    /** The document in a property value; empty (and one line logged) when it does not parse. */
    Optional<Object> inline(String text, String property) {
        return parse(text, property, looksLikeJson(text));
    }

    /** The document in a file; empty (and one line logged) when it cannot be read or does not parse. */
    Optional<Object> file(String location, String property) {
        String source = property + " (" + location + ")";
        Path path = Paths.get(location);
        try {
            if (!Files.isRegularFile(path)) {
                problems.accept("otel.annotation: rules file " + source + " ignored: not a readable file");
                return Optional.empty();
            }
            if (Files.size(path) > MAX_BYTES) {
                problems.accept("otel.annotation: rules file " + source + " ignored: larger than " + MAX_BYTES + " bytes");
                return Optional.empty();
            }
            String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
            return parse(text, source, location.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || looksLikeJson(text));
        } catch (IOException | RuntimeException e) {
            problems.accept("otel.annotation: rules file " + source + " ignored: cannot be read: " + e);
            return Optional.empty();
        }
    }

    private Optional<Object> parse(String text, String source, boolean json) {
        // JSON allows tabs wherever it allows spaces; YAML never before a token. Raw tabs inside JSON strings
        // are invalid JSON anyway, so turning every tab into a space changes nothing a valid JSON document means.
        String document = json ? text.replace('\t', ' ') : text;
        try {
            Object tree = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(source).build())
                    .loadFromString(document);
            if (tree == null) {
                problems.accept("otel.annotation: " + source + " ignored: it is empty");
                return Optional.empty();
            }
            return Optional.of(tree);
        } catch (YamlEngineException e) {
            problems.accept("otel.annotation: " + source + " ignored: not valid JSON or YAML: "
                    + e.getMessage().replaceAll("\\s+", " ").trim());
            return Optional.empty();
        }
    }

    private static boolean looksLikeJson(String text) {
        String start = text.trim();
        return start.startsWith("{") || start.startsWith("[");
    }
}
