package dev.annotations.api.auth;

import dev.annotations.api.http.ApiProblem;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Locale;
import java.util.UUID;

/**
 * All authorisation goes through here. Every {@code /api/v1} request carries
 * {@code Authorization: Bearer <key>}; a missing or unknown key answers 401, a key without the
 * needed role or acting outside its project answers 403.
 */
public final class AccessControl {
    private static final String PRINCIPAL = "principal";
    private static final String BEARER = "bearer ";
    /** The one route a FEEDBACK key may call. */
    public static final String FEEDBACK_ROUTE = "/api/v1/scores";

    private final KeyAuthenticator keys;
    private final FeedbackLimiter feedbackLimiter;

    public AccessControl(KeyAuthenticator keys, FeedbackLimiter feedbackLimiter) {
        this.keys = keys;
        this.feedbackLimiter = feedbackLimiter;
    }

    /** Before every matched API route: resolves the caller or answers 401. */
    public void authenticate(Context ctx) {
        if (ctx.method() == HandlerType.OPTIONS) {
            return; // a CORS preflight carries no credentials; it is answered without any data
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiProblem.unauthorized("send an API key as 'Authorization: Bearer <key>'");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER) || header.length() <= BEARER.length()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_request\"");
            throw ApiProblem.unauthorized("the Authorization header must be 'Bearer <key>'");
        }
        String secret = header.substring(BEARER.length()).strip();
        Principal principal = keys.authenticate(secret).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return ApiProblem.unauthorized("the API key is unknown or revoked");
        });
        if (principal.role() == Role.FEEDBACK) {
            admitFeedback(ctx, principal);
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    /** A FEEDBACK key may create scores, within its rate, and do nothing else (it is public in a web page). */
    private void admitFeedback(Context ctx, Principal principal) {
        if (ctx.method() != HandlerType.POST || !ctx.path().equals(FEEDBACK_ROUTE)) {
            throw ApiProblem.forbidden("role FEEDBACK may only POST " + FEEDBACK_ROUTE);
        }
        long retryAfter = feedbackLimiter.acquire(principal.keyId());
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
            throw new ApiProblem(429, "/problems/rate-limited", "Too many requests", "a FEEDBACK key may create "
                    + feedbackLimiter.perMinute() + " scores per minute; retry in " + retryAfter + " s", java.util.List.of());
        }
    }

    public Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.path() + " is not behind authentication");
        }
        return principal;
    }

    /** The caller may create projects (only the bootstrap key may). */
    public Principal requireProjectCreator(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.canCreateProjects()) {
            throw ApiProblem.forbidden("only the bootstrap admin key may create projects");
        }
        return principal;
    }

    /** The caller may write judgements in its project: every role but VIEWER. */
    public Principal requireWriter(Context ctx) {
        Principal principal = principal(ctx);
        if (principal.role() == Role.VIEWER) {
            throw ApiProblem.forbidden("role VIEWER may only read");
        }
        return principal;
    }

    /** The caller is an ADMIN in its own project. */
    public Principal requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (principal.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("role " + principal.role() + " may not do this; ADMIN is required");
        }
        return principal;
    }

    /** The caller is an ADMIN of {@code projectId} (or the bootstrap key, which administers every project). */
    public Principal requireAdminOf(Context ctx, UUID projectId) {
        Principal principal = principal(ctx);
        if (principal.canCreateProjects()) {
            return principal;
        }
        if (!principal.projectId().equals(projectId)) {
            throw ApiProblem.forbidden("this key acts in project " + principal.projectId() + " only");
        }
        if (principal.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("role " + principal.role() + " may not manage keys; ADMIN is required");
        }
        return principal;
    }
}
