package dev.annotations.otel.extension.bench;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;

/**
 * The benchmark's exporters, found by the autoconfiguration by name ({@code otel.traces.exporter}) as the agent
 * finds its OTLP exporter, so they sit behind the BatchSpanProcessor it builds, with its defaults.
 */
public final class BenchExporters {
    private BenchExporters() {
    }

    /** Marshals every batch to OTLP protobuf bytes: the CPU work of the agent's OTLP exporter minus the network. */
    public static final class Marshaling implements ConfigurableSpanExporterProvider {
        static final String NAME = "bench-otlp";

        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
            return new Exporter(spans -> {
                buffer.reset();
                TraceRequestMarshaler.create(spans).writeBinaryTo(buffer);
            });
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** Drops spans: only the tracer, the batch processor and span processors are measured. */
    public static final class Discarding implements ConfigurableSpanExporterProvider {
        static final String NAME = "bench-discard";

        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            return new Exporter(spans -> {
            });
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private interface Work {
        void export(Collection<SpanData> spans) throws IOException;
    }

    private static final class Exporter implements SpanExporter {
        private final Work work;

        Exporter(Work work) {
            this.work = work;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            try {
                work.export(spans);
                return CompletableResultCode.ofSuccess();
            } catch (IOException e) {
                return CompletableResultCode.ofFailure();
            }
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
