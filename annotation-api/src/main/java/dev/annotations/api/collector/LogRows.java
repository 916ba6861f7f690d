package dev.annotations.api.collector;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an OTLP logs export to {@code otel_logs} rows like the Collector's exporter, refusing (and
 * counting) records with a malformed trace or span id, with neither a time nor an observed time, or with
 * a value ClickHouse could not store (see {@link StorableRows}).
 */
public final class LogRows {
    private LogRows() {
    }

    /**
     * The export's rows, with {@code resourceStamp} put into every row's resource attributes over what the
     * sender sent: the receiver stamps the sending key's project there.
     */
    public static Mapped<LogRow> map(ExportLogsServiceRequest request, Map<String, String> resourceStamp) {
        List<LogRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, String> resourceAttributes = AttributeStrings.map(resourceLogs.getResource().getAttributesList());
            resourceAttributes.putAll(resourceStamp);
            String serviceName = resourceAttributes.getOrDefault("service.name", "");
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                InstrumentationScope scope = scopeLogs.getScope();
                Map<String, String> scopeAttributes = AttributeStrings.map(scope.getAttributesList());
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    String problem = problem(record);
                    LogRow row = problem == null ? row(record, resourceLogs, scopeLogs, serviceName, resourceAttributes,
                            scopeAttributes) : null;
                    if (row != null && StorableRows.problem(row) != null) {
                        problem = "log record: " + StorableRows.problem(row);
                    }
                    if (problem != null) {
                        rejected++;
                        if (problems.size() < Mapped.MAX_PROBLEMS_NAMED) {
                            problems.add(problem);
                        }
                        continue;
                    }
                    rows.add(row);
                }
            }
        }
        return new Mapped<>(rows, rejected, problems);
    }

    private static LogRow row(LogRecord record, ResourceLogs resourceLogs, ScopeLogs scopeLogs, String serviceName,
                              Map<String, String> resourceAttributes, Map<String, String> scopeAttributes) {
        long timestamp = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        InstrumentationScope scope = scopeLogs.getScope();
        return new LogRow(timestamp, OtlpIds.hex(record.getTraceId()), OtlpIds.hex(record.getSpanId()),
                record.getFlags() & 0xFF, record.getSeverityText(), record.getSeverityNumberValue() & 0xFF,
                serviceName, AttributeStrings.asString(record.getBody()), resourceLogs.getSchemaUrl(),
                resourceAttributes, scopeLogs.getSchemaUrl(), scope.getName(), scope.getVersion(),
                scopeAttributes, AttributeStrings.map(record.getAttributesList()), record.getEventName());
    }

    private static String problem(LogRecord record) {
        if (!OtlpIds.absent(record.getTraceId()) && record.getTraceId().size() != OtlpIds.TRACE_ID_BYTES) {
            return "log record: trace_id must be empty or 16 bytes";
        }
        if (!OtlpIds.absent(record.getSpanId()) && record.getSpanId().size() != OtlpIds.SPAN_ID_BYTES) {
            return "log record: span_id must be empty or 8 bytes";
        }
        if (record.getTimeUnixNano() == 0 && record.getObservedTimeUnixNano() == 0) {
            return "log record: time_unix_nano or observed_time_unix_nano is required";
        }
        return null;
    }
}
