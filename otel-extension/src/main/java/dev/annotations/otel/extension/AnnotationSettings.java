package dev.annotations.otel.extension;

import dev.annotations.otel.AnnotationAttributes;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The extension's configuration, read from the {@code otel.annotation.*} properties (system properties,
 * {@code OTEL_ANNOTATION_*} environment variables, or the agent's configuration file) that the SDK's
 * autoconfiguration hands over. Every bad value is reported in one line and replaced by its default or
 * left out; reading never fails.
 */
final class AnnotationSettings {
    static final String ENABLED = "otel.annotation.enabled";
    static final String RULES = "otel.annotation.rules";
    static final String RULES_FILE = "otel.annotation.rules.file";
    static final String BAGGAGE_KEYS = "otel.annotation.baggage.keys";
    static final String SERVER_TIMING = "otel.annotation.response.server-timing.enabled";
    static final String TRACE_RESPONSE = "otel.annotation.response.traceresponse.enabled";
    static final String EXPOSE_HEADERS = "otel.annotation.response.expose-headers.enabled";
    static final List<String> DEFAULT_BAGGAGE_KEYS =
            Collections.unmodifiableList(Arrays.asList(AnnotationAttributes.SESSION_ID, AnnotationAttributes.USER_ID));

    private final boolean enabled;
    private final List<AnnotationRule> rules;
    private final List<String> baggageKeys;
    private final boolean baggageKeysConfigured;
    private final TraceResponseHeaders headers;

    private AnnotationSettings(boolean enabled, List<AnnotationRule> rules, List<String> baggageKeys,
                               boolean baggageKeysConfigured, TraceResponseHeaders headers) {
        this.enabled = enabled;
        this.rules = rules;
        this.baggageKeys = baggageKeys;
        this.baggageKeysConfigured = baggageKeysConfigured;
        this.headers = headers;
    }

    /**
     * @param serviceName this process's {@code service.name}, which rules with {@code match.service} are for
     * @param problems    receives one line per bad setting or rule
     */
    static AnnotationSettings read(ConfigProperties config, String serviceName, Consumer<String> problems) {
        if (!bool(config, ENABLED, true, problems)) {
            return new AnnotationSettings(false, Collections.emptyList(), Collections.emptyList(), false,
                    TraceResponseHeaders.NONE);
        }
        TraceResponseHeaders headers = new TraceResponseHeaders(bool(config, SERVER_TIMING, true, problems),
                bool(config, TRACE_RESPONSE, false, problems), bool(config, EXPOSE_HEADERS, true, problems));

        RuleSource source = new RuleSource(problems);
        RuleParser parser = new RuleParser(serviceName, problems);
        List<AnnotationRule> rules = new ArrayList<>();
        String inline = config.getString(RULES);
        if (inline != null && !inline.trim().isEmpty()) {
            source.inline(inline, RULES).ifPresent(document -> rules.addAll(parser.parse(document, RULES)));
        }
        String file = config.getString(RULES_FILE);
        if (file != null && !file.trim().isEmpty()) {
            String location = file.trim();
            source.file(location, RULES_FILE).ifPresent(document ->
                    rules.addAll(parser.parse(document, RULES_FILE + " (" + location + ")")));
        }

        String keys = config.getString(BAGGAGE_KEYS);
        List<String> baggageKeys = keys == null ? DEFAULT_BAGGAGE_KEYS : split(keys);
        return new AnnotationSettings(true, Collections.unmodifiableList(rules), baggageKeys, keys != null, headers);
    }

    boolean enabled() {
        return enabled;
    }

    List<AnnotationRule> rules() {
        return rules;
    }

    List<String> baggageKeys() {
        return baggageKeys;
    }

    TraceResponseHeaders headers() {
        return headers;
    }

    /**
     * The span processor, when there is work for one: at least one valid rule, or baggage keys set
     * explicitly. With neither, nothing is registered and spans pay nothing.
     */
    Optional<AnnotationSpanProcessor> processor() {
        boolean copiesBaggage = baggageKeysConfigured && !baggageKeys.isEmpty();
        if (!enabled || (rules.isEmpty() && !copiesBaggage)) {
            return Optional.empty();
        }
        return Optional.of(new AnnotationSpanProcessor(rules, baggageKeys));
    }

    /** Read as text: {@code ConfigProperties.getBoolean} takes any word but "true" as false, silently. */
    private static boolean bool(ConfigProperties config, String name, boolean fallback, Consumer<String> problems) {
        String value = config.getString(name);
        if (value == null || value.trim().isEmpty()) {
            return fallback;
        }
        if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.trim());
        }
        problems.accept("otel.annotation: " + name + "='" + value + "' ignored (expected true or false), using " + fallback);
        return fallback;
    }

    private static List<String> split(String keys) {
        List<String> result = new ArrayList<>();
        for (String key : keys.split(",")) {
            if (!key.trim().isEmpty()) {
                result.add(key.trim());
            }
        }
        return Collections.unmodifiableList(result);
    }
}
