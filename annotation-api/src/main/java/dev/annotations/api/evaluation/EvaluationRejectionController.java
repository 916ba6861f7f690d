package dev.annotations.api.evaluation;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.score.ScoreCursor;
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

    public record Page(List<EvaluationRejections.Rejection> items, String nextCursor) {
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        List<EvaluationRejections.Rejection> items = rejections.list(principal.projectId(), principal.role() == Role.ADMIN,
                QueryParams.string(ctx, "cursor").map(ScoreCursor::decode), limit);
        String next = items.size() < limit ? null
                : ScoreCursor.after(items.getLast().rejectedAt(), items.getLast().eventId()).encode();
        ctx.json(new Page(items, next));
    }
}
