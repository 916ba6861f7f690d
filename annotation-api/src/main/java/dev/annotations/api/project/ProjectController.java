package dev.annotations.api.project;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Names;
import dev.annotations.api.http.PathParams;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** HTTP in and out for {@code /api/v1/projects}. */
public final class ProjectController {
    private final ProjectService projects;
    private final AccessControl access;
    private final JsonBody json;

    public ProjectController(ProjectService projects, AccessControl access, JsonBody json) {
        this.projects = projects;
        this.access = access;
        this.json = json;
    }

    public record CreateProjectRequest(String name, SpanVisibility spanVisibility) {
    }

    /** The body of {@code PATCH /api/v1/projects/{id}}; {@code "spanVisibility": null} returns it to the default. */
    public record EditProjectRequest(String name, JsonNode spanVisibility) {
    }

    /** A project; {@code spanVisibility} is the one in force, {@code spanVisibilityDefault} whether it is the default. */
    public record ProjectResponse(UUID id, String name, Instant createdAt, String createdBy, SpanVisibility spanVisibility,
                                  boolean spanVisibilityDefault) {
    }

    private ProjectResponse response(Project project) {
        return new ProjectResponse(project.id(), project.name(), project.createdAt(), project.createdBy(),
                projects.spanVisibility(project.id()), project.spanVisibility().isEmpty());
    }

    /**
     * The projects a key sees, in the shape of every list ({@code items}, {@code nextCursor}: never paged).
     * {@code projects} repeats {@code items} for clients of 0.1 and goes in the next release.
     */
    public record ProjectList(List<ProjectResponse> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor,
                              @Deprecated List<ProjectResponse> projects) {
        static ProjectList of(List<ProjectResponse> projects) {
            return new ProjectList(projects, null, projects);
        }
    }

    /** Who the key is: what a client (the annotator UI) needs to show the right screens. */
    public record Me(UUID keyId, String name, Role role, UUID projectId, String projectName,
                     boolean canCreateProjects) {
    }

    public void me(Context ctx) {
        Principal principal = access.principal(ctx);
        Project project = projects.get(principal.projectId());
        ctx.json(new Me(principal.keyId(), principal.name(), principal.role(), project.id(), project.name(),
                principal.canCreateProjects()));
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(ProjectList.of(projects.visibleTo(principal).stream().map(this::response).toList()));
    }

    public void create(Context ctx) {
        Principal creator = access.requireProjectCreator(ctx);
        CreateProjectRequest request = json.read(ctx, CreateProjectRequest.class);
        Names.displayNameProblem(request.name()).ifPresent(problem -> {
            throw ApiProblem.invalid("name", problem);
        });
        Project project = projects.create(request.name().strip(), Optional.ofNullable(request.spanVisibility()), creator);
        ctx.status(201).header("Location", "/api/v1/projects/" + project.id()).json(response(project));
    }

    /** Renames a project or sets which spans it sees: the bootstrap key only, as that widens what a tenant reads. */
    public void edit(Context ctx) {
        access.requireProjectCreator(ctx);
        UUID id = PathParams.uuid(ctx, "projectId");
        EditProjectRequest request = json.read(ctx, EditProjectRequest.class);
        Optional<String> name = Optional.ofNullable(request.name());
        name.flatMap(Names::displayNameProblem).ifPresent(problem -> {
            throw ApiProblem.invalid("name", problem);
        });
        boolean reset = request.spanVisibility() != null && request.spanVisibility().isNull();
        Optional<SpanVisibility> visibility = request.spanVisibility() == null || reset ? Optional.empty()
                : Optional.of(json.convert(request.spanVisibility(), SpanVisibility.class, "spanVisibility."));
        ctx.json(response(projects.edit(id, name.map(String::strip), visibility, reset)));
    }
}
