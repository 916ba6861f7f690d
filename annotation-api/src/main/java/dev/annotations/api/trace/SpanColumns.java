package dev.annotations.api.trace;

import dev.annotations.api.storage.Columns;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.Map;

/**
 * The columns of the Collector's {@code otel_traces} (and {@code otel_traces_trace_id_ts}) that the read
 * API uses, unqualified. Nested columns are read as parallel arrays; their maps as JSON text, because the
 * driver hands an {@code Array(Map(…))} over as an opaque array object.
 */
final class SpanColumns {
    static final Field<Object> TIMESTAMP = DSL.field(DSL.name("Timestamp"));
    static final Field<Long> START_NANOS = Columns.epochNanos(TIMESTAMP).as("start_nanos");
    static final Field<String> TRACE_ID = Columns.string("TraceId");
    static final Field<String> SPAN_ID = Columns.string("SpanId");
    static final Field<String> PARENT_SPAN_ID = Columns.string("ParentSpanId");
    static final Field<String> TRACE_STATE = Columns.string("TraceState");
    static final Field<String> SPAN_NAME = Columns.string("SpanName");
    static final Field<String> SPAN_KIND = Columns.string("SpanKind");
    static final Field<String> SERVICE_NAME = Columns.string("ServiceName");
    static final Field<Map<String, String>> RESOURCE_ATTRIBUTES = Columns.stringMap("ResourceAttributes");
    static final Field<String> SCOPE_NAME = Columns.string("ScopeName");
    static final Field<String> SCOPE_VERSION = Columns.string("ScopeVersion");
    static final Field<Map<String, String>> SPAN_ATTRIBUTES = Columns.stringMap("SpanAttributes");
    /** UInt64 nanoseconds (Int64 in very old exporters); a span never lasts 292 years, so a long holds it. */
    static final Field<Long> DURATION = Columns.int64("Duration");
    static final Field<String> STATUS_CODE = Columns.string("StatusCode");
    static final Field<String> STATUS_MESSAGE = Columns.string("StatusMessage");
    static final Field<Long[]> EVENT_NANOS = DSL.field("arrayMap(t -> toUnixTimestamp64Nano(t), {0})",
            SQLDataType.BIGINT.array(), DSL.field(DSL.name("Events.Timestamp"))).as("event_nanos");
    static final Field<String[]> EVENT_NAMES = Columns.stringArray("Events.Name");
    static final Field<String> EVENT_ATTRIBUTES = json("Events.Attributes").as("event_attributes");
    static final Field<String[]> LINK_TRACE_IDS = Columns.stringArray("Links.TraceId");
    static final Field<String[]> LINK_SPAN_IDS = Columns.stringArray("Links.SpanId");
    static final Field<String[]> LINK_TRACE_STATES = Columns.stringArray("Links.TraceState");
    static final Field<String> LINK_ATTRIBUTES = json("Links.Attributes").as("link_attributes");

    /** {@code otel_traces_trace_id_ts}: the first and last span start of a trace, in whole seconds. */
    static final Field<Object> BOUND_START = DSL.field(DSL.name("Start"));
    static final Field<Object> BOUND_END = DSL.field(DSL.name("End"));

    private SpanColumns() {
    }

    /** A span attribute's value; {@code ''} when the span lacks the key (see {@link #hasAttribute}). */
    static Field<String> attribute(String key) {
        return DSL.field("{0}[{1}]", SQLDataType.VARCHAR, SPAN_ATTRIBUTES, DSL.val(key));
    }

    static Condition hasAttribute(String key) {
        return DSL.condition("mapContains({0}, {1})", SPAN_ATTRIBUTES, DSL.val(key));
    }

    /** The span's attribute {@code key} is present with exactly {@code value} (which may be empty). */
    static Condition attributeEquals(String key, String value) {
        return hasAttribute(key).and(attribute(key).eq(value));
    }

    private static Field<String> json(String column) {
        return DSL.field("toJSONString({0})", SQLDataType.VARCHAR, DSL.field(DSL.name(column)));
    }
}
