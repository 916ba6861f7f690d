package dev.annotations.api.scoreconfig;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

import java.util.List;

/** HTTP in and out for {@code /api/v1/score-configs}. Any key reads; ADMIN creates and edits. */
public final class ScoreConfigController {
    private final ScoreConfigService configs;
    private final AccessControl access;
    private final JsonBody json;

    public ScoreConfigController(ScoreConfigService configs, AccessControl access, JsonBody json) {
        this.configs = configs;
        this.access = access;
        this.json = json;
    }

    public void create(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ScoreConfig config = configs.create(admin, json.read(ctx, ScoreConfigDraft.class));
        ctx.status(201).header("Location", "/api/v1/score-configs/" + config.id()).json(config);
    }

    public void get(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(configs.get(principal.projectId(), PathParams.uuid(ctx, "configId")));
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        List<ScoreConfig> items = configs.list(principal.projectId(),
                QueryParams.strings(ctx, "name"),
                QueryParams.enumValues(ctx, "dataType", DataType.class),
                QueryParams.bool(ctx, "archived"),
                Cursor.from(QueryParams.string(ctx, "cursor"), 2)
                        .map(cursor -> new ScoreConfigRepository.After(cursor.text(0), cursor.uuid(1))),
                limit);
        ctx.json(Page.of(items, limit, config -> Cursor.of(config.name(), config.id())));
    }

    public void edit(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ctx.json(configs.edit(admin, PathParams.uuid(ctx, "configId"), json.read(ctx, ScoreConfigDraft.Patch.class)));
    }

    public void archive(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ctx.json(configs.archive(admin, PathParams.uuid(ctx, "configId")));
    }

    public void restore(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ctx.json(configs.restore(admin, PathParams.uuid(ctx, "configId")));
    }
}
