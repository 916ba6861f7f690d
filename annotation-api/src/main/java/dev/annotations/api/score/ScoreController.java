package dev.annotations.api.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.storage.StorageUnavailableException;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

    /** One batch item's answer: the status a single POST would have had, the score or the errors. */
    public record ItemResult(int index, int status, ScoreView score, String detail, List<FieldError> errors) {
        static ItemResult of(int index, ScoreOutcome outcome) {
            return switch (outcome) {
                case ScoreOutcome.Stored stored -> new ItemResult(index, 201, stored.score(), null, List.of());
                case ScoreOutcome.AlreadyStored found -> new ItemResult(index, 200, found.score(), null, List.of());
                case ScoreOutcome.Conflict conflict -> new ItemResult(index, 409, null, conflict.detail(), List.of());
                case ScoreOutcome.Invalid invalid -> new ItemResult(index, 400, null, invalid.detail(), invalid.errors());
                case ScoreOutcome.Refused refused -> new ItemResult(index, 400, null, refused.detail(), List.of());
                case ScoreOutcome.Unavailable unavailable -> new ItemResult(index, 503, null, unavailable.detail(), List.of());
            };
        }
    }

    public record BatchResult(int stored, int alreadyStored, int failed, List<ItemResult> results) {
    }

    public void create(Context ctx) {
        Principal author = access.requireWriter(ctx);
        switch (scores.create(author, json.read(ctx, ScoreRequest.class))) {
            case ScoreOutcome.Stored stored -> ctx.status(201).header("Location", "/api/v1/scores/" + stored.score().id())
                    .json(stored.score());
            case ScoreOutcome.AlreadyStored found -> ctx.status(200).json(found.score());
            case ScoreOutcome.Conflict conflict -> throw ApiProblem.conflict(conflict.detail());
            case ScoreOutcome.Invalid invalid -> throw ApiProblem.invalid(invalid.errors());
            case ScoreOutcome.Refused refused -> throw ApiProblem.refused(refused.detail());
            case ScoreOutcome.Unavailable unavailable -> throw new StorageUnavailableException(unavailable.detail(), null);
        }
    }

    /**
     * Every item is read on its own, so one unreadable item (wrong type, unknown field) is reported with
     * its index and does not stop the others.
     */
    public void createBatch(Context ctx) {
        Principal author = access.requireWriter(ctx);
        List<JsonNode> items = json.read(ctx, ScoreRequest.Batch.class).scores();
        if (items == null) {
            throw ApiProblem.invalid("scores", "is required: an array of scores");
        }
        if (items.isEmpty() || items.size() > ScoreService.MAX_BATCH) {
            throw ApiProblem.invalid("scores", "1 to " + ScoreService.MAX_BATCH + " scores per batch; was " + items.size());
        }
        ItemResult[] results = new ItemResult[items.size()];
        List<ScoreRequest> readable = new ArrayList<>();
        List<Integer> readableIndexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                readable.add(json.convert(items.get(i), ScoreRequest.class, "scores[" + i + "]."));
                readableIndexes.add(i);
            } catch (ApiProblem unreadable) {
                results[i] = new ItemResult(i, unreadable.status(), null, unreadable.getMessage(), unreadable.errors());
            }
        }
        List<ScoreOutcome> outcomes = scores.createAll(author, readable, readableIndexes);
        for (int r = 0; r < outcomes.size(); r++) {
            results[readableIndexes.get(r)] = ItemResult.of(readableIndexes.get(r), outcomes.get(r));
        }
        int stored = (int) Arrays.stream(results).filter(result -> result.status() == 201).count();
        int found = (int) Arrays.stream(results).filter(result -> result.status() == 200).count();
        ctx.json(new BatchResult(stored, found, results.length - stored - found, List.of(results)));
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
        long afterVersion = Cursor.from(QueryParams.string(ctx, "cursor"), 1).map(cursor -> cursor.number(0)).orElse(0L);
        List<ScoreView> versions = scores.history(principal.projectId(), PathParams.uuid(ctx, "scoreId"), afterVersion, limit);
        ctx.json(Page.of(versions, limit, version -> Cursor.of(version.version())));
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        ScoreFilter filter = ScoreFilterParams.fromQuery(ctx);
        Optional<ScoreRepository.After> after = Cursor.from(QueryParams.string(ctx, "cursor"), 2)
                .map(cursor -> new ScoreRepository.After(cursor.instant(0), cursor.uuid(1)));
        List<ScoreView> items = scores.list(principal.projectId(), filter, after, limit);
        ctx.json(Page.of(items, limit, score -> Cursor.of(score.timestamp().toEpochMilli(), score.id())));
    }
}
