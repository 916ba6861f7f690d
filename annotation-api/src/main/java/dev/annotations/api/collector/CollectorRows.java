package dev.annotations.api.collector;

import dev.annotations.api.storage.JsonEachRow;

import java.util.Collection;

/**
 * Encodes span and log rows as ClickHouse JSONEachRow in the Collector tables' column names. Times go
 * as {@code "<unix seconds>.<nanoseconds>"}, which ClickHouse reads as an instant whatever the server's
 * time zone; Nested columns go as their parallel arrays ({@code "Events.Name": [...]}).
 */
public final class CollectorRows {
    private CollectorRows() {
    }

    public static byte[] spans(Collection<SpanRow> rows) {
        return JsonEachRow.encode(rows, (json, row) -> {
            json.writeStringField("Timestamp", unixTime(row.startNanos()));
            json.writeStringField("TraceId", row.traceId());
            json.writeStringField("SpanId", row.spanId());
            json.writeStringField("ParentSpanId", row.parentSpanId());
            json.writeStringField("TraceState", row.traceState());
            json.writeStringField("SpanName", row.spanName());
            json.writeStringField("SpanKind", row.spanKind());
            json.writeStringField("ServiceName", row.serviceName());
            JsonEachRow.writeStringMap(json, "ResourceAttributes", row.resourceAttributes());
            json.writeStringField("ScopeName", row.scopeName());
            json.writeStringField("ScopeVersion", row.scopeVersion());
            JsonEachRow.writeStringMap(json, "SpanAttributes", row.spanAttributes());
            json.writeFieldName("Duration");
            json.writeNumber(Long.toUnsignedString(row.durationNanos()));
            json.writeStringField("StatusCode", row.statusCode());
            json.writeStringField("StatusMessage", row.statusMessage());
            json.writeArrayFieldStart("Events.Timestamp");
            for (SpanRow.Event event : row.events()) {
                json.writeString(unixTime(event.timestampNanos()));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Events.Name");
            for (SpanRow.Event event : row.events()) {
                json.writeString(event.name());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Events.Attributes");
            for (SpanRow.Event event : row.events()) {
                JsonEachRow.writeStringMap(json, null, event.attributes());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Links.TraceId");
            for (SpanRow.Link link : row.links()) {
                json.writeString(link.traceId());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Links.SpanId");
            for (SpanRow.Link link : row.links()) {
                json.writeString(link.spanId());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Links.TraceState");
            for (SpanRow.Link link : row.links()) {
                json.writeString(link.traceState());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Links.Attributes");
            for (SpanRow.Link link : row.links()) {
                JsonEachRow.writeStringMap(json, null, link.attributes());
            }
            json.writeEndArray();
        });
    }

    /** Log rows for the table's generation: older tables have {@code TimestampTime}, newer ones {@code EventName}. */
    public static byte[] logs(Collection<LogRow> rows, CollectorRepository.LogColumns columns) {
        return JsonEachRow.encode(rows, (json, row) -> {
            json.writeStringField("Timestamp", unixTime(row.timestampNanos()));
            if (columns.timestampTime()) {
                json.writeStringField("TimestampTime", Long.toString(Long.divideUnsigned(row.timestampNanos(), 1_000_000_000L)));
            }
            json.writeStringField("TraceId", row.traceId());
            json.writeStringField("SpanId", row.spanId());
            json.writeNumberField("TraceFlags", row.traceFlags());
            json.writeStringField("SeverityText", row.severityText());
            json.writeNumberField("SeverityNumber", row.severityNumber());
            json.writeStringField("ServiceName", row.serviceName());
            json.writeStringField("Body", row.body());
            json.writeStringField("ResourceSchemaUrl", row.resourceSchemaUrl());
            JsonEachRow.writeStringMap(json, "ResourceAttributes", row.resourceAttributes());
            json.writeStringField("ScopeSchemaUrl", row.scopeSchemaUrl());
            json.writeStringField("ScopeName", row.scopeName());
            json.writeStringField("ScopeVersion", row.scopeVersion());
            JsonEachRow.writeStringMap(json, "ScopeAttributes", row.scopeAttributes());
            JsonEachRow.writeStringMap(json, "LogAttributes", row.logAttributes());
            if (columns.eventName()) {
                json.writeStringField("EventName", row.eventName());
            }
        });
    }

    /** Nanoseconds since the epoch as {@code seconds.nanoseconds} text. */
    public static String unixTime(long nanos) {
        long seconds = Long.divideUnsigned(nanos, 1_000_000_000L);
        long fraction = Long.remainderUnsigned(nanos, 1_000_000_000L);
        // at least ten digits of seconds: ClickHouse reads a shorter number as a date (YYYYMMDD…) and refuses
        // times before 1973-03-03 that way
        return String.format("%010d.%09d", seconds, fraction);
    }
}
