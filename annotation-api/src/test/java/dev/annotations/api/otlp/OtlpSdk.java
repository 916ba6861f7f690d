package dev.annotations.api.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenTelemetry Java SDK with its OTLP/HTTP exporters pointed at a running service, as an
 * application would configure it ({@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code OTEL_EXPORTER_OTLP_HEADERS}).
 */
final class OtlpSdk implements AutoCloseable {
    static final Resource RESOURCE = Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "checkout",
            AttributeKey.stringKey("deployment.environment"), "test"));

    final SdkTracerProvider tracerProvider;
    final SdkLoggerProvider loggerProvider;

    OtlpSdk(int port, String key, String compression) {
        String endpoint = "http://127.0.0.1:" + port;
        tracerProvider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(endpoint + "/v1/traces").addHeader("Authorization", "Bearer " + key)
                        .setCompression(compression).build()))
                .build();
        loggerProvider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(endpoint + "/v1/logs").addHeader("Authorization", "Bearer " + key)
                        .setCompression(compression).build()))
                .build();
    }

    Tracer tracer() {
        return tracerProvider.get("test-scope", "1.2.3");
    }

    Logger logger() {
        return loggerProvider.get("feedback-scope");
    }

    /** Waits until everything recorded so far was exported, and fails if an export failed. */
    void flush() {
        CompletableResultCode spans = tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
        CompletableResultCode logs = loggerProvider.forceFlush().join(30, TimeUnit.SECONDS);
        assertThat(spans.isSuccess()).as("span export succeeded").isTrue();
        assertThat(logs.isSuccess()).as("log export succeeded").isTrue();
    }

    @Override
    public void close() {
        tracerProvider.close();
        loggerProvider.close();
    }
}
