package dev.annotations.api.score;

import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

/** The score list's filters read from query parameters, for every route that takes them (the list, exports). */
public final class ScoreFilterParams {
    private ScoreFilterParams() {
    }

    /**
     * The filters of {@code GET /api/v1/scores}; a malformed one is a 400 naming the parameter. Repeatable
     * ones are lists (a repeated parameter, values OR'ed).
     */
    public static ScoreFilter fromQuery(Context ctx) {
        return new ScoreFilter(
                QueryParams.enumValues(ctx, "targetType", TargetType.class),
                QueryParams.strings(ctx, "traceId"),
                QueryParams.strings(ctx, "spanId"),
                QueryParams.strings(ctx, "sessionId"),
                QueryParams.strings(ctx, "datasetId"),
                QueryParams.strings(ctx, "itemId"),
                QueryParams.strings(ctx, "name"),
                QueryParams.uuids(ctx, "configId"),
                QueryParams.enumValues(ctx, "source", Source.class),
                QueryParams.enumValues(ctx, "annotatorKind", AnnotatorKind.class),
                QueryParams.strings(ctx, "author"),
                QueryParams.uuids(ctx, "queueId"),
                QueryParams.number(ctx, "valueMin"),
                QueryParams.number(ctx, "valueMax"),
                QueryParams.strings(ctx, "label"),
                QueryParams.instant(ctx, "from"),
                QueryParams.instant(ctx, "to"));
    }
}
