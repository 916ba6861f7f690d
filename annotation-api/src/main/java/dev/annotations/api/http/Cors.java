package dev.annotations.api.http;

import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin access for the one route a web page calls, {@code POST /api/v1/scores} with a FEEDBACK key:
 * only the configured origins ({@code ANNOTATION_CORS_ORIGINS}) are answered with
 * {@code Access-Control-Allow-Origin}; any other origin gets no CORS header, so the browser keeps the answer
 * from the page. No cookies are involved (the key travels in {@code Authorization}), so credentials are
 * never allowed.
 */
public final class Cors {
    /** How long a browser may reuse a preflight answer. */
    public static final int MAX_AGE_SECONDS = 600;

    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** Before the route: names an allowed origin back; always {@code Vary: Origin}, the answer depends on it. */
    public void headers(Context ctx) {
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin != null && origins.contains(origin.toLowerCase(Locale.ROOT))) {
            ctx.header("Access-Control-Allow-Origin", origin);
        }
    }

    /** {@code OPTIONS}: the preflight of a cross-origin POST with a JSON body and a bearer key. */
    public void preflight(Context ctx) {
        headers(ctx);
        if (ctx.res().getHeader("Access-Control-Allow-Origin") != null) {
            ctx.header("Access-Control-Allow-Methods", "POST");
            ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
            ctx.header("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        }
        ctx.status(204);
    }
}
