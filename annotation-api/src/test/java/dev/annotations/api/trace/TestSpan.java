package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotations.api.storage.ClickHouseStorage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A span for tests, written into otel_traces as the Collector writes one (JSONEachRow, so any value is data). */
final class TestSpan {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String traceId;
    final String spanId;
    final Instant start;
    private String parent = "";
    private String name = "span";
    private String service = "svc";
    private String kind = "Internal";
    private long durationNanos = 1_000_000;
    private String status = "Unset";
    private String statusMessage = "";
    private String traceState = "";
    private String scopeName = "";
    private String scopeVersion = "";
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, String> resource = new LinkedHashMap<>();
    private final ArrayNode eventTimes = JSON.createArrayNode();
    private final ArrayNode eventNames = JSON.createArrayNode();
    private final ArrayNode eventAttributes = JSON.createArrayNode();
    private final ArrayNode linkTraceIds = JSON.createArrayNode();
    private final ArrayNode linkSpanIds = JSON.createArrayNode();
    private final ArrayNode linkStates = JSON.createArrayNode();
    private final ArrayNode linkAttributes = JSON.createArrayNode();

    private TestSpan(String traceId, String spanId, Instant start) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.start = start;
    }

    static TestSpan of(String traceId, String spanId, Instant start) {
        return new TestSpan(traceId, spanId, start);
    }

    static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String spanId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    TestSpan parent(String parentSpanId) {
        this.parent = parentSpanId;
        return this;
    }

    TestSpan name(String spanName) {
        this.name = spanName;
        return this;
    }

    TestSpan service(String serviceName) {
        this.service = serviceName;
        return this;
    }

    TestSpan kind(String spanKind) {
        this.kind = spanKind;
        return this;
    }

    TestSpan duration(long nanos) {
        this.durationNanos = nanos;
        return this;
    }

    TestSpan status(String code, String message) {
        this.status = code;
        this.statusMessage = message;
        return this;
    }

    TestSpan traceState(String state) {
        this.traceState = state;
        return this;
    }

    TestSpan scope(String scope, String version) {
        this.scopeName = scope;
        this.scopeVersion = version;
        return this;
    }

    TestSpan attr(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    TestSpan resource(String key, String value) {
        resource.put(key, value);
        return this;
    }

    TestSpan event(String eventName, Instant at, Map<String, String> eventAttributes) {
        eventTimes.add(seconds(at));
        eventNames.add(eventName);
        this.eventAttributes.add(JSON.valueToTree(eventAttributes));
        return this;
    }

    TestSpan link(String linkedTrace, String linkedSpan, String state, Map<String, String> attributes) {
        linkTraceIds.add(linkedTrace);
        linkSpanIds.add(linkedSpan);
        linkStates.add(state);
        linkAttributes.add(JSON.valueToTree(attributes));
        return this;
    }

    /** Inserts spans in one INSERT, as one Collector batch. */
    static void insert(ClickHouseStorage storage, List<TestSpan> spans) {
        StringBuilder rows = new StringBuilder();
        spans.forEach(span -> rows.append(span.json()).append('\n'));
        storage.insertJsonEachRow("otel_traces", rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void insert(ClickHouseStorage storage, TestSpan... spans) {
        insert(storage, List.of(spans));
    }

    private ObjectNode json() {
        ObjectNode row = JSON.createObjectNode();
        row.put("Timestamp", seconds(start));
        row.put("TraceId", traceId);
        row.put("SpanId", spanId);
        row.put("ParentSpanId", parent);
        row.put("TraceState", traceState);
        row.put("SpanName", name);
        row.put("SpanKind", kind);
        row.put("ServiceName", service);
        row.set("ResourceAttributes", JSON.valueToTree(resource));
        row.put("ScopeName", scopeName);
        row.put("ScopeVersion", scopeVersion);
        row.set("SpanAttributes", JSON.valueToTree(attributes));
        row.put("Duration", durationNanos);
        row.put("StatusCode", status);
        row.put("StatusMessage", statusMessage);
        row.set("Events.Timestamp", eventTimes);
        row.set("Events.Name", eventNames);
        row.set("Events.Attributes", eventAttributes);
        row.set("Links.TraceId", linkTraceIds);
        row.set("Links.SpanId", linkSpanIds);
        row.set("Links.TraceState", linkStates);
        row.set("Links.Attributes", linkAttributes);
        return row;
    }

    /** Seconds since the epoch with nine decimals: read exactly, whatever the engine's time zone. */
    private static String seconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9)).toPlainString();
    }
}
