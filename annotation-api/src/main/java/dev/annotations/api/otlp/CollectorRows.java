package dev.annotations.api.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Encodes span and log rows as ClickHouse JSONEachRow in the Collector tables' column names. Times go
 * as {@code "<unix seconds>.<nanoseconds>"}, which ClickHouse reads as an instant whatever the server's
 * time zone; Nested columns go as their parallel arrays ({@code "Events.Name": [...]}).
 */
public final class CollectorRows {
    private static final JsonFactory JSON = new JsonFactory();

    private CollectorRows() {
    }

    public static byte[] spans(Collection<SpanRow> rows) {
        return encode(rows.size(), json -> {
            for (SpanRow row : rows) {
                json.writeStartObject();
                json.writeStringField("Timestamp", unixTime(row.startNanos()));
                json.writeStringField("TraceId", row.traceId());
                json.writeStringField("SpanId", row.spanId());
                json.writeStringField("ParentSpanId", row.parentSpanId());
                json.writeStringField("TraceState", row.traceState());
                json.writeStringField("SpanName", row.spanName());
                json.writeStringField("SpanKind", row.spanKind());
                json.writeStringField("ServiceName", row.serviceName());
                writeMap(json, "ResourceAttributes", row.resourceAttributes());
                json.writeStringField("ScopeName", row.scopeName());
                json.writeStringField("ScopeVersion", row.scopeVersion());
                writeMap(json, "SpanAttributes", row.spanAttributes());
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
                    writeMap(json, null, event.attributes());
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
                    writeMap(json, null, link.attributes());
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    /** Log rows for the table's generation: older tables have {@code TimestampTime}, newer ones {@code EventName}. */
    public static byte[] logs(Collection<LogRow> rows, CollectorTables.LogColumns columns) {
        return encode(rows.size(), json -> {
            for (LogRow row : rows) {
                json.writeStartObject();
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
                writeMap(json, "ResourceAttributes", row.resourceAttributes());
                json.writeStringField("ScopeSchemaUrl", row.scopeSchemaUrl());
                json.writeStringField("ScopeName", row.scopeName());
                json.writeStringField("ScopeVersion", row.scopeVersion());
                writeMap(json, "ScopeAttributes", row.scopeAttributes());
                writeMap(json, "LogAttributes", row.logAttributes());
                if (columns.eventName()) {
                    json.writeStringField("EventName", row.eventName());
                }
                json.writeEndObject();
            }
        });
    }

    /** Nanoseconds since the epoch as {@code seconds.nanoseconds} text. */
    public static String unixTime(long nanos) {
        long seconds = Long.divideUnsigned(nanos, 1_000_000_000L);
        long fraction = Long.remainderUnsigned(nanos, 1_000_000_000L);
        String digits = Long.toString(fraction);
        return seconds + "." + "0".repeat(9 - digits.length()) + digits;
    }

    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] encode(int rows, Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, rows * 1024));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMap(JsonGenerator json, String field, Map<String, String> map) throws IOException {
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
