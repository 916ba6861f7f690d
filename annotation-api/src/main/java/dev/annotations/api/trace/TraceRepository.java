package dev.annotations.api.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.project.SpanVisibility;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.annotations.api.trace.SpanColumns.BOUND_END;
import static dev.annotations.api.trace.SpanColumns.BOUND_START;
import static dev.annotations.api.trace.SpanColumns.DURATION;
import static dev.annotations.api.trace.SpanColumns.EVENT_ATTRIBUTES;
import static dev.annotations.api.trace.SpanColumns.EVENT_NAMES;
import static dev.annotations.api.trace.SpanColumns.EVENT_NANOS;
import static dev.annotations.api.trace.SpanColumns.LINK_ATTRIBUTES;
import static dev.annotations.api.trace.SpanColumns.LINK_SPAN_IDS;
import static dev.annotations.api.trace.SpanColumns.LINK_TRACE_IDS;
import static dev.annotations.api.trace.SpanColumns.LINK_TRACE_STATES;
import static dev.annotations.api.trace.SpanColumns.PARENT_SPAN_ID;
import static dev.annotations.api.trace.SpanColumns.RESOURCE_ATTRIBUTES;
import static dev.annotations.api.trace.SpanColumns.SCOPE_NAME;
import static dev.annotations.api.trace.SpanColumns.SCOPE_VERSION;
import static dev.annotations.api.trace.SpanColumns.SERVICE_NAME;
import static dev.annotations.api.trace.SpanColumns.SPAN_ATTRIBUTES;
import static dev.annotations.api.trace.SpanColumns.SPAN_ID;
import static dev.annotations.api.trace.SpanColumns.SPAN_KIND;
import static dev.annotations.api.trace.SpanColumns.SPAN_NAME;
import static dev.annotations.api.trace.SpanColumns.START_NANOS;
import static dev.annotations.api.trace.SpanColumns.STATUS_CODE;
import static dev.annotations.api.trace.SpanColumns.STATUS_MESSAGE;
import static dev.annotations.api.trace.SpanColumns.TIMESTAMP;
import static dev.annotations.api.trace.SpanColumns.TRACE_ID;
import static dev.annotations.api.trace.SpanColumns.TRACE_STATE;

/**
 * The only SQL over the Collector's span tables, which it reads and never writes. Lookups by trace id go
 * through {@code otel_traces_trace_id_ts} first, because otel_traces is sorted by service and time, not trace.
 */
public final class TraceRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> MAPS = new TypeReference<>() {
    };
    private static final List<SelectField<?>> SPAN = List.of(TRACE_ID, SPAN_ID, PARENT_SPAN_ID, TRACE_STATE, SPAN_NAME,
            SPAN_KIND, SERVICE_NAME, RESOURCE_ATTRIBUTES, SCOPE_NAME, SCOPE_VERSION, SPAN_ATTRIBUTES, DURATION,
            STATUS_CODE, STATUS_MESSAGE, START_NANOS, EVENT_NANOS, EVENT_NAMES, EVENT_ATTRIBUTES, LINK_TRACE_IDS,
            LINK_SPAN_IDS, LINK_TRACE_STATES, LINK_ATTRIBUTES);
    private static final List<SelectField<?>> SUMMARY = List.of(TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SERVICE_NAME,
            SPAN_NAME, SPAN_KIND, START_NANOS, DURATION, STATUS_CODE, STATUS_MESSAGE, SPAN_ATTRIBUTES);

    private final ClickHouseStorage storage;
    private final ScoreRepository scores;
    private final Table<Record> traces;
    private final Table<Record> traceTimes;

    public TraceRepository(ClickHouseStorage storage, ScoreRepository scores) {
        this.storage = storage;
        this.scores = scores;
        this.traces = DSL.table(storage.table(storage.collectorTables().traces()));
        this.traceTimes = DSL.table(storage.table(storage.collectorTables().traceIdTs()));
    }

    /**
     * Up to {@code limit} spans of a trace, earliest first, in one statement: the scan is limited to the trace's
     * bounds in otel_traces_trace_id_ts as Grafana does (the lookup table keeps seconds, so the end is widened by
     * one second), read by scalar subqueries that ClickHouse runs before it chooses partitions and granules
     * (the same parts and granules as with the bounds read first: {@code EXPLAIN indexes = 1}), which saves a
     * statement per fetch. Bounds are aggregated with min/max, which reads both table generations alike: the
     * newer AggregatingMergeTree (one row per trace once merged, several before) and the older MergeTree (a row
     * per insert). Without a row there the bounds are the whole table.
     */
    List<Span> spans(Viewer viewer, String traceId, int limit) {
        Field<Object> first = DSL.field("(SELECT if(count() = 0, toDateTime64(0, 9), toDateTime64(min({0}), 9)) FROM {1} WHERE {2} = {3})",
                Object.class, BOUND_START, traceTimes, TRACE_ID, DSL.val(traceId));
        // DateTime64(9) ends in April 2262: the open end of an unbounded lookup stays just inside it
        Field<Object> end = DSL.field("(SELECT if(count() = 0, toDateTime64('2262-01-01 00:00:00', 9), "
                        + "toDateTime64(max({0}) + 1, 9)) FROM {1} WHERE {2} = {3})",
                Object.class, BOUND_END, traceTimes, TRACE_ID, DSL.val(traceId));
        return storage.call(dsl -> dsl.select(SPAN).from(traces)
                .where(TRACE_ID.eq(traceId).and(TIMESTAMP.ge(first)).and(TIMESTAMP.lt(end)).and(visible(viewer)))
                .orderBy(TIMESTAMP, SPAN_ID).limit(limit)
                .fetch(TraceRepository::toSpan));
    }

    /** Where a page of span search ended: the last span's (start in nanoseconds, span id), the sort key. */
    record After(long startNanos, String spanId) {
    }

    /** Spans matching {@code filter}, newest first by (start, span id), after {@code after}. */
    List<SpanSummary> search(Viewer viewer, SpanFilter spanFilter, Optional<After> after, int limit) {
        Condition filter = condition(viewer, spanFilter);
        Condition page = after.map(last -> {
            Field<Object> start = Columns.dateTime64(Columns.fromNanos(last.startNanos()));
            // the plain bound lets ClickHouse prune partitions; the row comparison breaks ties
            return TIMESTAMP.le(start).and(DSL.row(TIMESTAMP, SPAN_ID).lt(start, DSL.val(last.spanId())));
        }).orElse(DSL.noCondition());
        return storage.call(dsl -> dsl.select(SUMMARY).from(traces).where(filter.and(page))
                .orderBy(TIMESTAMP.desc(), SPAN_ID.desc()).limit(limit)
                .fetch(TraceRepository::toSummary));
    }

    /**
     * Up to {@code limit} traces with a span of the session, earliest first. A span belongs to session X when
     * its attribute {@code session.id} or {@code gen_ai.conversation.id} is X; {@code from}/{@code to} bound
     * which such spans count. Every span of those traces is summarised, whether it names the session or not.
     */
    List<SessionTrace> sessionTraces(Viewer viewer, String sessionId, Optional<Instant> from, Optional<Instant> to,
                                     int limit) {
        Condition inSession = SpanColumns.attribute("session.id").eq(sessionId)
                .or(SpanColumns.attribute("gen_ai.conversation.id").eq(sessionId))
                .and(visible(viewer))
                .and(from.map(start -> TIMESTAMP.ge(Columns.dateTime64(start))).orElse(DSL.noCondition()))
                .and(to.map(end -> TIMESTAMP.lt(Columns.dateTime64(end))).orElse(DSL.noCondition()));
        Field<Long> startNanos = Columns.epochNanos(TIMESTAMP);
        Field<Long> first = DSL.min(startNanos).as("first_start");
        Field<Long> last = DSL.max(DSL.field("{0} + toInt64({1})", SQLDataType.BIGINT, startNanos, DURATION)).as("last_end");
        Field<Long> spanCount = DSL.count().cast(SQLDataType.BIGINT).as("span_count");
        // the root: a span without a parent, else the earliest
        Field<?> rootFirst = DSL.field("tuple({0} != '', {1})", PARENT_SPAN_ID, TIMESTAMP);
        List<Field<String>> root = Stream.of(SPAN_ID, SPAN_NAME, SERVICE_NAME, STATUS_CODE, STATUS_MESSAGE)
                .map(column -> DSL.field("argMin({0}, {1})", SQLDataType.VARCHAR, column, rootFirst).as("root_" + column.getName()))
                .toList();
        List<SelectField<?>> columns = new ArrayList<>(List.of(TRACE_ID, first, last, spanCount));
        columns.addAll(root);
        return storage.call(dsl -> dsl.select(columns).from(traces)
                .where(TRACE_ID.in(DSL.selectDistinct(TRACE_ID).from(traces).where(inSession)).and(visible(viewer)))
                .groupBy(TRACE_ID)
                .orderBy(first, TRACE_ID).limit(limit)
                .fetch(row -> new SessionTrace(row.get(TRACE_ID), Columns.fromNanos(row.get(first)),
                        row.get(last) - row.get(first), row.get(spanCount).intValue(),
                        new SessionTrace.Root(row.get(root.get(0)), row.get(root.get(1)), row.get(root.get(2)),
                                status(row.get(root.get(3)), row.get(root.get(4)))),
                        List.of())));
    }

    private static Span toSpan(Record row) {
        return new Span(row.get(TRACE_ID), row.get(SPAN_ID), emptyToNull(row.get(PARENT_SPAN_ID)),
                row.get(SERVICE_NAME), row.get(SPAN_NAME), SpanKind.display(row.get(SPAN_KIND)),
                Columns.fromNanos(row.get(START_NANOS)), row.get(DURATION),
                status(row.get(STATUS_CODE), row.get(STATUS_MESSAGE)), emptyToNull(row.get(TRACE_STATE)),
                new Span.Scope(emptyToNull(row.get(SCOPE_NAME)), emptyToNull(row.get(SCOPE_VERSION))),
                orEmpty(row.get(SPAN_ATTRIBUTES)), orEmpty(row.get(RESOURCE_ATTRIBUTES)), events(row), links(row));
    }

    private static SpanSummary toSummary(Record row) {
        return new SpanSummary(row.get(TRACE_ID), row.get(SPAN_ID), emptyToNull(row.get(PARENT_SPAN_ID)),
                row.get(SERVICE_NAME), row.get(SPAN_NAME), SpanKind.display(row.get(SPAN_KIND)),
                Columns.fromNanos(row.get(START_NANOS)), row.get(DURATION),
                status(row.get(STATUS_CODE), row.get(STATUS_MESSAGE)), orEmpty(row.get(SPAN_ATTRIBUTES)));
    }

    private static List<Span.Event> events(Record row) {
        Long[] times = row.get(EVENT_NANOS);
        String[] names = row.get(EVENT_NAMES);
        List<Map<String, String>> attributes = maps(row.get(EVENT_ATTRIBUTES));
        List<Span.Event> events = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) {
            events.add(new Span.Event(Columns.fromNanos(times[i]), names[i], attributes.get(i)));
        }
        return events;
    }

    private static List<Span.Link> links(Record row) {
        String[] traceIds = row.get(LINK_TRACE_IDS);
        String[] spanIds = row.get(LINK_SPAN_IDS);
        String[] states = row.get(LINK_TRACE_STATES);
        List<Map<String, String>> attributes = maps(row.get(LINK_ATTRIBUTES));
        List<Span.Link> links = new ArrayList<>(traceIds.length);
        for (int i = 0; i < traceIds.length; i++) {
            links.add(new Span.Link(traceIds[i], spanIds[i], emptyToNull(states[i]), attributes.get(i)));
        }
        return links;
    }

    private static Span.Status status(String code, String message) {
        return new Span.Status(SpanStatus.display(code), emptyToNull(message));
    }

    private static List<Map<String, String>> maps(String json) {
        try {
            return JSON.readValue(json, MAPS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ClickHouse's toJSONString answered something else than JSON", e);
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * The spans named by (trace id, span id) that the viewer sees; a span id of {@code ""} names the trace's
     * root span. A span the Collector stored twice is answered once.
     */
    List<Span> spansById(Viewer viewer, Collection<Target> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        Set<String> traceIds = new HashSet<>();
        targets.forEach(target -> traceIds.add(target.traceId()));
        List<Condition> each = new ArrayList<>();
        for (Target target : targets) {
            each.add(target.spanId() == null
                    ? TRACE_ID.eq(target.traceId()).and(PARENT_SPAN_ID.eq(""))
                    : TRACE_ID.eq(target.traceId()).and(SPAN_ID.eq(target.spanId())));
        }
        Condition where = TRACE_ID.in(traceIds).and(DSL.or(each)).and(visible(viewer));
        // a span the Collector stored twice is kept once
        Map<String, Span> unique = new java.util.LinkedHashMap<>();
        storage.call(dsl -> dsl.select(SPAN).from(traces).where(where).fetch(TraceRepository::toSpan))
                .forEach(span -> unique.putIfAbsent(span.traceId() + "/" + span.spanId(), span));
        return List.copyOf(unique.values());
    }

    /** Spans matching {@code filter}, earliest first by (start, span id), with their start in nanoseconds. */
    List<TraceService.TimedSpan> matchingSpansInOrder(Viewer viewer, SpanFilter filter, int limit) {
        return storage.call(dsl -> dsl.select(TRACE_ID, SPAN_ID, START_NANOS).from(traces).where(condition(viewer, filter))
                .orderBy(TIMESTAMP, SPAN_ID).limit(limit)
                .fetch(row -> new TraceService.TimedSpan(new Target(TargetType.SPAN, row.value1(), row.value2(), null, null,
                        null, null), row.value3())));
    }

    /** Distinct spans matching {@code filter} as SPAN targets, at most {@code limit}, in no particular order. */
    List<Target> matchingSpans(Viewer viewer, SpanFilter filter, int limit) {
        return storage.call(dsl -> dsl.selectDistinct(TRACE_ID, SPAN_ID).from(traces).where(condition(viewer, filter))
                .limit(limit)
                .fetch(row -> new Target(TargetType.SPAN, row.value1(), row.value2(), null, null, null, null)));
    }

    /**
     * The filter as a condition on rows of {@code otel_traces}, every value bound. Score criteria read
     * {@code projectId}'s live scores through the score feature's repository.
     */
    private Condition condition(Viewer viewer, SpanFilter filter) {
        UUID projectId = viewer.projectId();
        Condition where = TIMESTAMP.ge(Columns.dateTime64(filter.from())).and(TIMESTAMP.lt(Columns.dateTime64(filter.to())))
                .and(visible(viewer));
        where = where.and(filter.service().map(SERVICE_NAME::eq).orElse(DSL.noCondition()))
                .and(filter.name().map(SPAN_NAME::eq).orElse(DSL.noCondition()))
                .and(filter.kind().map(value -> SPAN_KIND.in(value.storedForms())).orElse(DSL.noCondition()))
                .and(filter.status().map(value -> STATUS_CODE.in(value.storedForms())).orElse(DSL.noCondition()))
                .and(filter.traceId().map(TRACE_ID::eq).orElse(DSL.noCondition()))
                .and(filter.queue().map(value -> SpanColumns.attributeEquals(SpanFilter.QUEUE_ATTRIBUTE, value))
                        .orElse(DSL.noCondition()))
                .and(filter.candidate().map(TraceRepository::candidateCondition).orElse(DSL.noCondition()));
        for (Map.Entry<String, String> entry : filter.attributes().entrySet()) {
            where = where.and(SpanColumns.attributeEquals(entry.getKey(), entry.getValue()));
        }
        for (String key : filter.hasAttributes()) {
            where = where.and(SpanColumns.hasAttribute(key));
        }
        for (String score : filter.hasScore()) {
            where = where.and(scores.spanHasLiveScore(projectId, score, TRACE_ID, SPAN_ID));
        }
        for (String score : filter.lacksScore()) {
            where = where.andNot(scores.spanHasLiveScore(projectId, score, TRACE_ID, SPAN_ID));
        }
        return where;
    }

    /** The spans the viewer's project sees (SpanVisibility): its own stamp, and what its mode adds. */
    private static Condition visible(Viewer viewer) {
        Condition own = resourceAttribute(SpanVisibility.PROJECT_ATTRIBUTE).eq(viewer.projectId().toString());
        SpanVisibility visibility = viewer.visibility();
        return switch (visibility.mode()) {
            case ALL -> DSL.noCondition();
            case OWN -> own;
            case SERVICES -> own.or(SERVICE_NAME.in(visibility.services()));
            case RESOURCE_ATTRIBUTE -> own.or(resourceAttribute(visibility.attributeKey()).eq(visibility.attributeValue()));
        };
    }

    private static Field<String> resourceAttribute(String key) {
        return DSL.field("{0}[{1}]", SQLDataType.VARCHAR, RESOURCE_ATTRIBUTES, DSL.val(key));
    }

    private static Condition candidateCondition(boolean candidate) {
        Condition marked = SpanColumns.attribute(SpanFilter.CANDIDATE_ATTRIBUTE).eq("true");
        return candidate ? marked : DSL.not(marked);
    }
}
