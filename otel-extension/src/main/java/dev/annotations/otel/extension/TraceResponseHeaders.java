package dev.annotations.otel.extension;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.javaagent.bootstrap.http.HttpServerResponseMutator;

/**
 * Which headers return the server span's trace context to HTTP clients, and how they are written:
 * {@code server-timing: trace;desc=00-<trace-id>-<span-id>-<flags>} (W3C Trace Context Level 3 editor's
 * draft), optionally the older {@code traceresponse: 00-…} (dropped from Level 2), and
 * {@code Access-Control-Expose-Headers} so browser code on another origin may read them. Immutable.
 */
final class TraceResponseHeaders {
    static final TraceResponseHeaders DEFAULTS = new TraceResponseHeaders(true, false, true);
    static final TraceResponseHeaders NONE = new TraceResponseHeaders(false, false, false);

    /**
     * The settings the agent's SDK configuration produced. The agent instantiates the response customizer
     * and the configuration customizer separately (both through ServiceLoader, in the same extension class
     * loader) and offers no way to hand one to the other; the SDK is configured before any request is
     * served, so the customizer reads what was published here.
     */
    private static volatile TraceResponseHeaders configured = DEFAULTS;

    private final boolean serverTiming;
    private final boolean traceResponse;
    private final String exposeHeaders;

    TraceResponseHeaders(boolean serverTiming, boolean traceResponse, boolean expose) {
        this.serverTiming = serverTiming;
        this.traceResponse = traceResponse;
        String exposed = (serverTiming ? "Server-Timing" : "")
                + (serverTiming && traceResponse ? ", " : "") + (traceResponse ? "traceresponse" : "");
        this.exposeHeaders = expose && !exposed.isEmpty() ? exposed : null;
    }

    static TraceResponseHeaders configured() {
        return configured;
    }

    static void configure(TraceResponseHeaders headers) {
        configured = headers;
    }

    <R> void write(SpanContext span, R response, HttpServerResponseMutator<R> mutator) {
        if (!span.isValid() || (!serverTiming && !traceResponse)) {
            return;
        }
        String traceparent = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
        if (serverTiming) {
            mutator.appendHeader(response, "Server-Timing", "trace;desc=" + traceparent);
        }
        if (traceResponse) {
            mutator.appendHeader(response, "traceresponse", traceparent);
        }
        if (exposeHeaders != null) {
            mutator.appendHeader(response, "Access-Control-Expose-Headers", exposeHeaders);
        }
    }

    @Override
    public String toString() {
        return "server-timing=" + serverTiming + ", traceresponse=" + traceResponse + ", expose=" + (exposeHeaders != null);
    }
}
