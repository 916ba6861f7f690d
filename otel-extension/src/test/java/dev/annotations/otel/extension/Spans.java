package dev.annotations.otel.extension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.List;

/** A real SDK tracer with the processor under test first and an in-memory exporter after it. */
final class Spans implements AutoCloseable {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider provider;

    Spans(SpanProcessor processor) {
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .addSpanProcessorFirst(processor).build();
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
