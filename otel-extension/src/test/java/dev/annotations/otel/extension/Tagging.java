package dev.annotations.otel.extension;

import java.util.List;

/**
 * The two places where rules tag spans (README, "The extension"), for tests that hold for both: the exporters the
 * autoconfiguration made ({@link TaggingSpanExporter}), or the span processor at {@code onEnding} when there are none.
 */
enum Tagging {
    PROCESSOR {
        @Override
        Spans spans(List<AnnotationRule> rules) {
            return new Spans(new AnnotationSpanProcessor(rules, List.of()));
        }
    },
    EXPORTER {
        @Override
        Spans spans(List<AnnotationRule> rules) {
            return new Spans(null, exporter -> new TaggingSpanExporter(exporter, rules));
        }
    };

    /** A tracer whose spans these rules tag here. */
    abstract Spans spans(List<AnnotationRule> rules);

    Spans spans(String rules) {
        return spans(AnnotationSpanProcessorTest.rules(rules));
    }
}
