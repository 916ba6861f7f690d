package dev.annotations.api.auth;

import dev.annotations.api.http.ApiProblem;
import io.javalin.http.Context;

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

    private final KeyAuthenticator keys;

    public AccessControl(KeyAuthenticator keys) {
        this.keys = keys;
    }

    /** Before every matched API route: resolves the caller or answers 401. */
    public void authenticate(Context ctx) {
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
        ctx.attribute(PRINCIPAL, principal);
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
