package dev.annotations.api.automation;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/** HTTP for {@code /api/v1/automations}: any key reads; ADMINs create, enable and disable. */
public final class AutomationController {
    private final AutomationService automations;
    private final AccessControl access;
    private final JsonBody json;

    AutomationController(AutomationService automations, AccessControl access, JsonBody json) {
        this.automations = automations;
        this.access = access;
        this.json = json;
    }

    public record Patch(Boolean enabled) {
    }

    public void create(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        Automation automation = automations.create(admin, json.read(ctx, AutomationService.Draft.class));
        ctx.status(201).header("Location", "/api/v1/automations/" + automation.id()).json(automation);
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        List<Automation> all = automations.list(principal.projectId(), QueryParams.uuid(ctx, "queueId"));
        ctx.json(new Page<>(all, null));
    }

    public void get(Context ctx) {
        ctx.json(automations.get(access.principal(ctx).projectId(), PathParams.uuid(ctx, "automationId")));
    }

    public void edit(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        Patch patch = json.read(ctx, Patch.class);
        if (patch.enabled() == null) {
            throw dev.annotations.api.http.ApiProblem.invalid("enabled", "is required: true or false");
        }
        ctx.json(automations.setEnabled(admin, PathParams.uuid(ctx, "automationId"), patch.enabled()));
    }

    public void runs(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        Optional<java.time.Instant> before = Cursor.from(QueryParams.string(ctx, "cursor"), 1).map(cursor -> cursor.instant(0));
        List<AutomationRun> page = automations.runs(principal.projectId(), PathParams.uuid(ctx, "automationId"), before, limit);
        ctx.json(Page.of(page, limit, run -> Cursor.of(run.at().toEpochMilli())));
    }
}
