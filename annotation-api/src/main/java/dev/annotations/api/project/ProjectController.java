package dev.annotations.api.project;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Names;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;
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

    public record CreateProjectRequest(String name) {
    }

    public record ProjectResponse(UUID id, String name, Instant createdAt, String createdBy) {
        static ProjectResponse of(Project project) {
            return new ProjectResponse(project.id(), project.name(), project.createdAt(), project.createdBy());
        }
    }

    public record ProjectList(List<ProjectResponse> projects) {
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(new ProjectList(projects.visibleTo(principal).stream().map(ProjectResponse::of).toList()));
    }

    public void create(Context ctx) {
        Principal creator = access.requireProjectCreator(ctx);
        CreateProjectRequest request = json.read(ctx, CreateProjectRequest.class);
        Names.displayNameProblem(request.name()).ifPresent(problem -> {
            throw ApiProblem.invalid("name", problem);
        });
        Project project = projects.create(request.name().strip(), creator);
        ctx.status(201).header("Location", "/api/v1/projects/" + project.id()).json(ProjectResponse.of(project));
    }
}
