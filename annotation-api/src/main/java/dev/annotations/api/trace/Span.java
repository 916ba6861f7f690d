package dev.annotations.api.trace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One span of {@code otel_traces} as the API shows it: instants keep their nanoseconds, durations are
 * nanoseconds, kind and status code are in their current form ({@code Server}, {@code Error}) whatever
 * exporter generation wrote them. Empty strings the Collector stores for "none" are omitted.
 */
public record Span(String traceId, String spanId, String parentSpanId, String serviceName, String name, String kind,
                   Instant start, long durationNanos, Status status, String traceState, Scope scope,
                   Map<String, String> attributes, Map<String, String> resourceAttributes, List<Event> events,
                   List<Link> links) {

    public record Status(String code, String message) {
    }

    /** The instrumentation library that recorded the span. */
    public record Scope(String name, String version) {
    }

    public record Event(Instant timestamp, String name, Map<String, String> attributes) {
    }

    public record Link(String traceId, String spanId, String traceState, Map<String, String> attributes) {
    }
}
