package dev.annotations.api.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Names;
import dev.annotations.api.http.PathParams;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** HTTP in and out for {@code /api/v1/projects/{projectId}/keys}. */
public final class ApiKeyController {
    private final ApiKeyService keys;
    private final ProjectService projects;
    private final AccessControl access;
    private final JsonBody json;

    public ApiKeyController(ApiKeyService keys, ProjectService projects, AccessControl access, JsonBody json) {
        this.keys = keys;
        this.projects = projects;
        this.access = access;
        this.json = json;
    }

    public record CreateKeyRequest(String name, Role role) {
    }

    /** The answer to a key's creation: the only time its secret is shown. */
    public record IssuedKeyResponse(UUID id, UUID projectId, String name, Role role, String key, String keyPrefix,
                                    Instant createdAt) {
    }

    public record KeyResponse(UUID id, UUID projectId, String name, Role role, String keyPrefix, Instant createdAt,
                              String createdBy, Instant revokedAt, String revokedBy) {
        static KeyResponse of(ApiKey key) {
            return new KeyResponse(key.id(), key.projectId(), key.name(), key.role(), key.keyPrefix(), key.createdAt(),
                    key.createdBy(), key.revokedAt().orElse(null), key.revokedBy().isEmpty() ? null : key.revokedBy());
        }
    }

    /**
     * A project's keys, in the shape of every list ({@code items}, {@code nextCursor}: never paged).
     * {@code keys} repeats {@code items} for clients of 0.1 and goes in the next release.
     */
    public record KeyList(List<KeyResponse> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor,
                          @Deprecated List<KeyResponse> keys) {
        static KeyList of(List<KeyResponse> keys) {
            return new KeyList(keys, null, keys);
        }
    }

    public void list(Context ctx) {
        UUID projectId = PathParams.uuid(ctx, "projectId");
        access.requireAdminOf(ctx, projectId);
        projects.get(projectId);
        ctx.json(KeyList.of(keys.list(projectId).stream().map(KeyResponse::of).toList()));
    }

    public void create(Context ctx) {
        UUID projectId = PathParams.uuid(ctx, "projectId");
        Principal admin = access.requireAdminOf(ctx, projectId);
        CreateKeyRequest request = json.read(ctx, CreateKeyRequest.class);
        List<FieldError> errors = new ArrayList<>();
        Names.keyNameProblem(request.name()).ifPresent(problem -> errors.add(new FieldError("name", problem)));
        if (request.role() == null) {
            errors.add(new FieldError("role", "is required; one of ADMIN, ANNOTATOR, REVIEWER, VIEWER"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        projects.get(projectId);
        ApiKeyService.IssuedKey issued = keys.issue(projectId, request.name(), request.role(), admin.name());
        ApiKey key = issued.key();
        ctx.status(201)
                .header("Cache-Control", "no-store")
                .json(new IssuedKeyResponse(key.id(), key.projectId(), key.name(), key.role(), issued.secret(),
                        key.keyPrefix(), key.createdAt()));
    }

    public void revoke(Context ctx) {
        UUID projectId = PathParams.uuid(ctx, "projectId");
        UUID keyId = PathParams.uuid(ctx, "keyId");
        Principal admin = access.requireAdminOf(ctx, projectId);
        keys.revoke(projectId, keyId, admin.name());
        ctx.status(204);
    }
}
