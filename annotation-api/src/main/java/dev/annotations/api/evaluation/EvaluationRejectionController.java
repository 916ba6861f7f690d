package dev.annotations.api.evaluation;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

import java.util.List;

/** {@code GET /api/v1/evaluation-rejections}: evaluation events that did not become scores, newest first. */
public final class EvaluationRejectionController {
    private final EvaluationRejections rejections;
    private final AccessControl access;

    public EvaluationRejectionController(EvaluationRejections rejections, AccessControl access) {
        this.rejections = rejections;
        this.access = access;
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        List<EvaluationRejections.Rejection> items = rejections.list(principal.projectId(), principal.role() == Role.ADMIN,
                Cursor.from(QueryParams.string(ctx, "cursor"), 2).map(cursor -> new EvaluationRejections.After(
                        cursor.instant(0), cursor.uuid(1))), limit);
        ctx.json(Page.of(items, limit, rejection -> Cursor.of(rejection.rejectedAt().toEpochMilli(), rejection.eventId())));
    }
}
