package dev.annotations.api.collector;

import java.util.Map;

/**
 * One row of {@code otel_logs}, exactly as the Collector's ClickHouse exporter fills it. The timestamp is
 * the record's time, or its observed time when the record has none; absent ids are {@code ""}.
 */
public record LogRow(
        long timestampNanos,
        String traceId,
        String spanId,
        int traceFlags,
        String severityText,
        int severityNumber,
        String serviceName,
        String body,
        String resourceSchemaUrl,
        Map<String, String> resourceAttributes,
        String scopeSchemaUrl,
        String scopeName,
        String scopeVersion,
        Map<String, String> scopeAttributes,
        Map<String, String> logAttributes,
        String eventName) {
}
