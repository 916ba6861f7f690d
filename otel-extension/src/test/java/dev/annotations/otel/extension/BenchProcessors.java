package dev.annotations.otel.extension;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

import java.util.List;

/** The extension's processor and exporter for benchmarks outside this package, built from a rules document as the extension builds them. */
public final class BenchProcessors {
    private BenchProcessors() {
    }

    /** The annotation processor (registered on its own) for these rules, service and baggage keys. */
    public static ExtendedSpanProcessor current(String rules, String service, List<String> baggageKeys) {
        return new AnnotationSpanProcessor(parse(rules, service), baggageKeys);
    }

    /**
     * The annotation processor tagging spans itself (as when no exporter can be wrapped) in front of {@code next}, as
     * the extension wraps the exporters' batch processor.
     */
    public static SpanProcessor wrapping(String rules, String service, List<String> baggageKeys, SpanProcessor next) {
        return new AnnotationSpanProcessor(parse(rules, service), baggageKeys).wrapping(next);
    }

    /** The rules tagging ended spans in front of {@code next}, as the extension wraps each autoconfigured exporter. */
    public static SpanExporter taggingExporter(String rules, String service, SpanExporter next) {
        return new TaggingSpanExporter(next, parse(rules, service));
    }

    private static List<AnnotationRule> parse(String rules, String service) {
        return rules.isEmpty() ? List.of() : new RuleSource(problem -> {
            throw new IllegalArgumentException(problem);
        }).inline(rules, "benchmark").map(tree -> new RuleParser(service, problem -> {
            throw new IllegalArgumentException(problem);
        }).parse(tree, "benchmark")).orElseThrow(IllegalArgumentException::new);
    }
}
