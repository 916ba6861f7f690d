package dev.annotations.api.score;

import dev.annotations.api.http.QueryParams;
import io.javalin.http.Context;

/** The score list's filters read from query parameters, for every route that takes them (the list, exports). */
public final class ScoreFilterParams {
    private ScoreFilterParams() {
    }

    /** The filters of {@code GET /api/v1/scores}; a malformed one is a 400 naming the parameter. */
    public static ScoreFilter fromQuery(Context ctx) {
        return new ScoreFilter(
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
    }
}
