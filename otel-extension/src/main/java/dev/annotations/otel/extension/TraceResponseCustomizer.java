package dev.annotations.otel.extension;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.javaagent.bootstrap.http.HttpServerResponseCustomizer;
import io.opentelemetry.javaagent.bootstrap.http.HttpServerResponseMutator;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Returns the server span's trace context to HTTP clients, through the agent's server instrumentations that
 * call {@link HttpServerResponseCustomizer} (Jetty, Tomcat, Undertow, Netty, Servlet and others). Registered
 * with {@code META-INF/services}; switched by {@code otel.annotation.response.*} (see README).
 */
public final class TraceResponseCustomizer implements HttpServerResponseCustomizer {
    private static final Logger LOG = Logger.getLogger(TraceResponseCustomizer.class.getName());

    /** null: the settings published by {@link AnnotationCustomizerProvider}, read per response. */
    private final TraceResponseHeaders fixed;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /** The agent's constructor: settings come from the agent's configuration. */
    public TraceResponseCustomizer() {
        this(null);
    }

    TraceResponseCustomizer(TraceResponseHeaders fixed) {
        this.fixed = fixed;
    }

    @Override
    public <R> void customize(Context serverContext, R response, HttpServerResponseMutator<R> mutator) {
        try {
            TraceResponseHeaders headers = fixed != null ? fixed : TraceResponseHeaders.configured();
            headers.write(Span.fromContext(serverContext).getSpanContext(), response, mutator);
        } catch (RuntimeException e) {
            // a header we could not add must never fail the app's response
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "otel.annotation: could not add trace headers to a response (logged once): " + e, e);
            }
        }
    }
}
