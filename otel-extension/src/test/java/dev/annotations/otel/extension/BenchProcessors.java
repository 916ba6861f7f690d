package dev.annotations.otel.extension;

import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

import java.util.List;

/** The extension's processor for benchmarks outside this package, built from a rules document as the extension builds it. */
public final class BenchProcessors {
    private BenchProcessors() {
    }

    /** The annotation processor (registered on its own) for these rules, service and baggage keys. */
    public static ExtendedSpanProcessor current(String rules, String service, List<String> baggageKeys) {
        List<AnnotationRule> parsed = rules.isEmpty() ? List.of() : new RuleSource(problem -> {
            throw new IllegalArgumentException(problem);
        }).inline(rules, "benchmark").map(tree -> new RuleParser(service, problem -> {
            throw new IllegalArgumentException(problem);
        }).parse(tree, "benchmark")).orElseThrow(IllegalArgumentException::new);
        return new AnnotationSpanProcessor(parsed, baggageKeys);
    }
}
