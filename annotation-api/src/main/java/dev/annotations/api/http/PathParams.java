package dev.annotations.api.http;

import io.javalin.http.Context;

import java.util.UUID;

/** Typed path parameters; a malformed one answers 400 naming it. */
public final class PathParams {
    private PathParams() {
    }

    public static UUID uuid(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiProblem.invalid(name, "must be a UUID such as 3f2b8c1e-0a4d-4e6f-9b7a-1c2d3e4f5a6b, was '" + value + "'");
    }
}
