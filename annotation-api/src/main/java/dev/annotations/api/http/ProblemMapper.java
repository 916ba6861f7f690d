package dev.annotations.api.http;

import dev.annotations.api.storage.StorageUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place errors leave the service: every failure becomes RFC 9457 {@code application/problem+json}
 * with {@code type}, {@code title}, {@code status}, {@code detail} and, for invalid input,
 * {@code errors[{field, message}]}. No stack trace ever reaches a client.
 */
public final class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    /** Seconds a client should wait before retrying when ClickHouse is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final ErrorBodies bodies;

    public ProblemMapper(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.exception(ApiProblem.class, (e, ctx) -> write(ctx, e.status(), e.type(), e.title(), e.getMessage(), e.errors()));
        routes.exception(ValidationException.class, (e, ctx) -> write(ctx, 400, "/problems/validation-error",
                "Invalid request", "invalid request parameters", fieldErrors(e.getErrors())));
        routes.exception(StorageUnavailableException.class, (e, ctx) -> {
            LOG.log(Level.WARNING, "ClickHouse unavailable for " + ctx.method() + " " + ctx.path(), e);
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            write(ctx, 503, "/problems/storage-unavailable", "Storage unavailable", e.undecided()
                    ? StorageUnavailableException.UNCONFIRMED : StorageUnavailableException.NOT_STORED, List.of());
        });
        // Javalin's own answers: no route (404), a route without this method (405, with Allow), a body over
        // ANNOTATION_MAX_REQUEST_BYTES (413)
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405 && e.getDetails().containsKey("availableMethods")) {
                ctx.header("Allow", e.getDetails().get("availableMethods"));
            }
            write(ctx, e.getStatus(), "about:blank", io.javalin.http.HttpStatus.forStatus(e.getStatus()).getMessage(),
                    e.getMessage(), List.of());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "unexpected error " + incident + " on " + ctx.method() + " " + ctx.path(), e);
            write(ctx, 500, "/problems/internal-error", "Internal error",
                    "the service failed unexpectedly; incident " + incident + " is logged", List.of());
        });
        routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                write(ctx, 404, "/problems/not-found", "Not found",
                        "no route for " + ctx.method() + " " + ctx.path(), List.of());
            }
        });
        routes.error(405, ctx -> {
            if (ctx.resultInputStream() == null) {
                write(ctx, 405, "about:blank", "Method not allowed",
                        ctx.method() + " is not allowed on " + ctx.path(), List.of());
            }
        });
    }

    private void write(Context ctx, int status, String type, String title, String detail, List<FieldError> errors) {
        // the header as sent: ctx.contentType() parses the charset and would throw again on a malformed one
        ErrorBodies.Body body = bodies.of(ctx.path(), ctx.header("Content-Type"), status, type, title, detail, errors);
        ctx.status(status).contentType(body.contentType()).result(body.bytes());
    }

    private static List<FieldError> fieldErrors(Map<String, ? extends List<? extends ValidationError<?>>> errors) {
        List<FieldError> result = new ArrayList<>();
        errors.forEach((field, list) -> list.forEach(error -> result.add(new FieldError(field, error.getMessage()))));
        return result;
    }
}
