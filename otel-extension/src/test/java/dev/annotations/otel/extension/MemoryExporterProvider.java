package dev.annotations.otel.extension;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;

/**
 * {@code otel.traces.exporter=test-memory}: an exporter the autoconfiguration itself puts behind its batch
 * processor, as the agent does with OTLP. Tests read {@link #EXPORTER} and reset it.
 */
public final class MemoryExporterProvider implements ConfigurableSpanExporterProvider {
    private static volatile InMemorySpanExporter latest;

    static InMemorySpanExporter latest() {
        return latest;
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        latest = exporter;
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return exporter.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }

    @Override
    public String getName() {
        return "test-memory";
    }
}
