package dev.annotations.api.score;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

import java.util.List;

/** HTTP in and out for {@code /api/v1/scores}. Any key reads; every role but VIEWER writes. */
public final class ScoreController {
    private final ScoreService scores;
    private final AccessControl access;
    private final JsonBody json;

    public ScoreController(ScoreService scores, AccessControl access, JsonBody json) {
        this.scores = scores;
        this.access = access;
        this.json = json;
    }

    public record Page(List<ScoreView> items, String nextCursor) {
    }

    public record BatchResult(int stored, int alreadyStored, int failed, List<ScoreService.ItemResult> results) {
    }

    public void create(Context ctx) {
        Principal author = access.requireWriter(ctx);
        ScoreService.ItemResult result = scores.create(author, json.read(ctx, ScoreRequest.class));
        if (result.status() == 409) {
            throw ApiProblem.conflict(result.detail());
        }
        if (result.status() == 201) {
            ctx.header("Location", "/api/v1/scores/" + result.score().id());
        }
        ctx.status(result.status()).json(result.score());
    }

    public void createBatch(Context ctx) {
        Principal author = access.requireWriter(ctx);
        ScoreRequest.Batch batch = json.read(ctx, ScoreRequest.Batch.class);
        List<ScoreService.ItemResult> results = scores.createBatch(author, batch.scores());
        int stored = (int) results.stream().filter(result -> result.status() == 201).count();
        int found = (int) results.stream().filter(result -> result.status() == 200).count();
        ctx.json(new BatchResult(stored, found, results.size() - stored - found, results));
    }

    public void get(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(scores.get(principal.projectId(), PathParams.uuid(ctx, "scoreId")));
    }

    public void edit(Context ctx) {
        Principal editor = access.requireWriter(ctx);
        ctx.json(scores.edit(editor, PathParams.uuid(ctx, "scoreId"), json.read(ctx, ScoreRequest.Patch.class)));
    }

    public void delete(Context ctx) {
        Principal editor = access.requireWriter(ctx);
        scores.delete(editor, PathParams.uuid(ctx, "scoreId"));
        ctx.status(204);
    }

    public void history(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        long after = QueryParams.string(ctx, "cursor").map(ScoreCursor::decode).map(ScoreCursor::position).orElse(0L);
        List<ScoreView> versions = scores.history(principal.projectId(), PathParams.uuid(ctx, "scoreId"), after, limit);
        String next = versions.size() == limit
                ? new ScoreCursor(versions.getLast().version(), versions.getLast().id()).encode() : null;
        ctx.json(new Page(versions, next));
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        ScoreFilter filter = new ScoreFilter(
                QueryParams.enumValue(ctx, "targetType", TargetType.class),
                QueryParams.string(ctx, "traceId"),
                QueryParams.string(ctx, "spanId"),
                QueryParams.string(ctx, "sessionId"),
                QueryParams.string(ctx, "datasetId"),
                QueryParams.string(ctx, "itemId"),
                QueryParams.string(ctx, "name"),
                QueryParams.uuid(ctx, "configId"),
                QueryParams.enumValue(ctx, "source", Source.class),
                QueryParams.enumValue(ctx, "annotatorKind", AnnotatorKind.class),
                QueryParams.string(ctx, "author"),
                QueryParams.uuid(ctx, "queueId"),
                QueryParams.number(ctx, "valueMin"),
                QueryParams.number(ctx, "valueMax"),
                QueryParams.string(ctx, "label"),
                QueryParams.instant(ctx, "from"),
                QueryParams.instant(ctx, "to"));
        List<ScoreView> items = scores.list(principal.projectId(), filter,
                QueryParams.string(ctx, "cursor").map(ScoreCursor::decode), limit);
        String next = items.size() == limit
                ? ScoreCursor.after(items.getLast().timestamp(), items.getLast().id()).encode() : null;
        ctx.json(new Page(items, next));
    }
}
