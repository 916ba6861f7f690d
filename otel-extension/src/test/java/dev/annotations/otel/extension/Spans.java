package dev.annotations.otel.extension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real SDK tracer with the processor under test first (if any) and an in-memory exporter after it, reached
 * through the exporter under test (if any).
 */
final class Spans implements AutoCloseable {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider provider;

    Spans(SpanProcessor processor) {
        this(processor, UnaryOperator.identity());
    }

    /** @param processor null for none; {@code wrap} puts the exporter under test in front of the in-memory one */
    Spans(SpanProcessor processor, UnaryOperator<SpanExporter> wrap) {
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(wrap.apply(exporter)));
        if (processor != null) {
            builder.addSpanProcessorFirst(processor);
        }
        provider = builder.build();
    }

    io.opentelemetry.api.trace.Tracer tracer() {
        return provider.get("test");
    }

    List<SpanData> finished() {
        return exporter.getFinishedSpanItems();
    }

    SpanData only() {
        List<SpanData> spans = finished();
        if (spans.size() != 1) {
            throw new AssertionError("expected one span, got " + spans);
        }
        return spans.get(0);
    }

    @Override
    public void close() {
        provider.close();
    }
}
