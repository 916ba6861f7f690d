package dev.annotations.api.trace;

import java.time.Instant;
import java.util.Map;

/** A span as span search lists it: enough to pick it, without events, links or resource attributes. */
public record SpanSummary(String traceId, String spanId, String parentSpanId, String serviceName, String name,
                          String kind, Instant start, long durationNanos, Span.Status status,
                          Map<String, String> attributes) {
}
