package dev.annotations.api.trace;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.storage.Columns;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** HTTP in and out for {@code /api/v1/traces}, {@code /api/v1/sessions} and {@code /api/v1/spans}. Any key reads. */
public final class TraceController {
    private final TraceService traces;
    private final AccessControl access;
    private final Clock clock;

    public TraceController(TraceService traces, AccessControl access, Clock clock) {
        this.traces = traces;
        this.access = access;
        this.clock = clock;
    }

    public void trace(Context ctx) {
        Principal principal = access.principal(ctx);
        String given = ctx.pathParam("traceId");
        String traceId = OtelIds.traceId(given).orElseThrow(() ->
                ApiProblem.invalid("traceId", OtelIds.TRACE_ID_RULE + ", was '" + SpanFilterParser.abbreviated(given) + "'"));
        ctx.json(traces.trace(principal.projectId(), traceId));
    }

    public void session(Context ctx) {
        Principal principal = access.principal(ctx);
        String sessionId = ctx.pathParam("sessionId");
        if (!OtelIds.isSessionId(sessionId)) {
            throw ApiProblem.invalid("sessionId", OtelIds.SESSION_ID_RULE);
        }
        Optional<Instant> from = spanTime(ctx, "from");
        Optional<Instant> to = spanTime(ctx, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw ApiProblem.invalid("from", "must be before to (" + to.get() + ")");
        }
        ctx.json(traces.session(principal.projectId(), sessionId, from, to));
    }

    public void spans(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        SpanFilter filter = SpanFilter.fromQuery(ctx.queryParamMap(), clock);
        Optional<TraceRepository.After> after = Cursor.from(QueryParams.string(ctx, "cursor"), 2)
                .map(cursor -> new TraceRepository.After(cursor.number(0), cursor.text(1)));
        List<SpanSummary> items = traces.search(principal.projectId(), filter, after, limit);
        ctx.json(Page.of(items, limit, span -> Cursor.of(Columns.nanos(span.start()), span.spanId())));
    }

    private static Optional<Instant> spanTime(Context ctx, String name) {
        Optional<Instant> instant = QueryParams.instant(ctx, name);
        instant.flatMap(SpanFilterParser::instantProblem).ifPresent(problem -> {
            throw ApiProblem.invalid(name, problem);
        });
        return instant;
    }
}
