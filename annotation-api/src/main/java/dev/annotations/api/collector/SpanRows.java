package dev.annotations.api.collector;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an OTLP trace export to {@code otel_traces} rows like the Collector's exporter, and refuses
 * (counting them) spans that the exporter would store as garbage: a missing or malformed trace or span
 * id, a malformed parent id, no name, no start time, or an end before the start.
 */
public final class SpanRows {
    private static final String[] KINDS = {"Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"};
    private static final String[] STATUS_CODES = {"Unset", "Ok", "Error"};

    private SpanRows() {
    }

    /**
     * The export's rows, with {@code resourceStamp} put into every row's resource attributes over what the
     * sender sent: the receiver stamps the sending key's project there.
     */
    public static Mapped<SpanRow> map(ExportTraceServiceRequest request, Map<String, String> resourceStamp) {
        List<SpanRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Resource resource = resourceSpans.getResource();
            Map<String, String> resourceAttributes = AttributeStrings.map(resource.getAttributesList());
            resourceAttributes.putAll(resourceStamp);
            String serviceName = resourceAttributes.getOrDefault("service.name", "");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                InstrumentationScope scope = scopeSpans.getScope();
                for (Span span : scopeSpans.getSpansList()) {
                    String problem = problem(span);
                    SpanRow row = problem == null ? row(span, serviceName, resourceAttributes, scope) : null;
                    if (row != null && StorableRows.problem(row) != null) {
                        problem = "span " + row.spanId() + " of trace " + row.traceId() + ": " + StorableRows.problem(row);
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

    private static String problem(Span span) {
        String which = "span '" + span.getName() + "'";
        if (!OtlpIds.valid(span.getTraceId(), OtlpIds.TRACE_ID_BYTES)) {
            return which + ": trace_id must be 16 bytes, not all zero";
        }
        which += " of trace " + OtlpIds.hex(span.getTraceId());
        if (!OtlpIds.valid(span.getSpanId(), OtlpIds.SPAN_ID_BYTES)) {
            return which + ": span_id must be 8 bytes, not all zero";
        }
        if (!OtlpIds.absent(span.getParentSpanId()) && span.getParentSpanId().size() != OtlpIds.SPAN_ID_BYTES) {
            return which + ": parent_span_id must be empty or 8 bytes";
        }
        if (span.getName().isEmpty()) {
            return "span " + OtlpIds.hex(span.getSpanId()) + " of trace " + OtlpIds.hex(span.getTraceId()) + ": name is required";
        }
        if (span.getStartTimeUnixNano() == 0) {
            return which + ": start_time_unix_nano is required";
        }
        if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
            return which + ": end_time_unix_nano is before start_time_unix_nano";
        }
        return null;
    }

    private static SpanRow row(Span span, String serviceName, Map<String, String> resourceAttributes,
                               InstrumentationScope scope) {
        List<SpanRow.Event> events = new ArrayList<>(span.getEventsCount());
        for (Span.Event event : span.getEventsList()) {
            events.add(new SpanRow.Event(event.getTimeUnixNano(), event.getName(),
                    AttributeStrings.map(event.getAttributesList())));
        }
        List<SpanRow.Link> links = new ArrayList<>(span.getLinksCount());
        for (Span.Link link : span.getLinksList()) {
            links.add(new SpanRow.Link(OtlpIds.hex(link.getTraceId()), OtlpIds.hex(link.getSpanId()),
                    link.getTraceState(), AttributeStrings.map(link.getAttributesList())));
        }
        return new SpanRow(span.getStartTimeUnixNano(), OtlpIds.hex(span.getTraceId()), OtlpIds.hex(span.getSpanId()),
                OtlpIds.hex(span.getParentSpanId()), span.getTraceState(), span.getName(), name(KINDS, span.getKindValue()),
                serviceName, resourceAttributes, scope.getName(), scope.getVersion(),
                AttributeStrings.map(span.getAttributesList()), span.getEndTimeUnixNano() - span.getStartTimeUnixNano(),
                name(STATUS_CODES, span.getStatus().getCodeValue()), span.getStatus().getMessage(), events, links);
    }

    /** The exporter's name for an enum value; values it does not know become {@code ""}, as there. */
    private static String name(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : "";
    }
}
