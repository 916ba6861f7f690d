package dev.annotations.api.analytics;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.TimeBucket;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/** HTTP in and out for {@code /api/v1/analytics}: any key of the project reads. */
public final class AnalyticsController {
    private final AgreementService agreement;
    private final ConsensusService consensus;
    private final JudgeService judges;
    private final RetrievalService retrieval;
    private final AccessControl access;

    AnalyticsController(AgreementService agreement, ConsensusService consensus, JudgeService judges,
                        RetrievalService retrieval, AccessControl access) {
        this.agreement = agreement;
        this.consensus = consensus;
        this.judges = judges;
        this.retrieval = retrieval;
        this.access = access;
    }

    public void agreement(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(agreement.agreement(principal.projectId(), filters(ctx)));
    }

    public void units(Context ctx) {
        Principal principal = access.principal(ctx);
        UnitSort sort = QueryParams.enumValue(ctx, "sort", UnitSort.class).orElse(UnitSort.DISAGREEMENT);
        ctx.json(consensus.units(principal.projectId(), filters(ctx), sort, QueryParams.string(ctx, "cursor"),
                QueryParams.limit(ctx)));
    }

    public void judges(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(judges.calibration(principal.projectId(), new JudgeService.Request(QueryParams.string(ctx, "name"),
                QueryParams.string(ctx, "humanName"), QueryParams.string(ctx, "judgeName"),
                QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"), authors(ctx),
                QueryParams.enumValue(ctx, "bucket", TimeBucket.class).orElse(TimeBucket.DAY))));
    }

    public void retrieval(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(retrieval.retrieval(principal.projectId(), new RetrievalService.Request(
                QueryParams.string(ctx, "name"), QueryParams.uuid(ctx, "configId"), integer(ctx, "k", 10),
                QueryParams.number(ctx, "relevantAtLeast"), QueryParams.string(ctx, "relevantLabel"),
                QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"),
                QueryParams.enumValue(ctx, "annotatorKind", AnnotatorKind.class), authors(ctx),
                QueryParams.enumValue(ctx, "bucket", TimeBucket.class).orElse(TimeBucket.DAY), QueryParams.limit(ctx))));
    }

    private static Filters filters(Context ctx) {
        return new Filters(QueryParams.uuid(ctx, "configId"), QueryParams.string(ctx, "name"),
                QueryParams.uuid(ctx, "queueId"), QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"),
                QueryParams.enumValue(ctx, "annotatorKind", AnnotatorKind.class), authors(ctx),
                QueryParams.enumValue(ctx, "level", Level.class));
    }

    private static List<String> authors(Context ctx) {
        List<String> authors = ctx.queryParams("authors").stream().filter(author -> !author.isEmpty()).toList();
        if (authors.size() > 100) {
            throw ApiProblem.invalid("authors", "at most 100 authors, were " + authors.size());
        }
        return authors;
    }

    private static int integer(Context ctx, String name, int fallback) {
        Optional<String> text = QueryParams.string(ctx, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(name, "must be a whole number, was '" + text.get() + "'");
        }
    }
}
