package dev.annotations.api.export;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.dataset.DatasetController;
import dev.annotations.api.dataset.DatasetService;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.score.ScoreFilterParams;
import dev.annotations.api.storage.ExportFormat;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * HTTP for exports: streamed downloads ({@code GET /api/v1/datasets/{id}/export}, {@code GET /api/v1/exports/scores})
 * and export jobs ({@code POST /api/v1/exports} with the query of the export to run). Any key may export.
 * Everything is checked before the first byte; a failure after it cuts the response short.
 */
public final class ExportController {
    private final ExportService exports;
    private final ExportJobs jobs;
    private final DatasetService datasets;
    private final AccessControl access;

    ExportController(ExportService exports, ExportJobs jobs, DatasetService datasets, AccessControl access) {
        this.exports = exports;
        this.jobs = jobs;
        this.datasets = datasets;
        this.access = access;
    }

    public void dataset(Context ctx) {
        Principal principal = access.principal(ctx);
        ExportRequest.Dataset request = datasetRequest(ctx, principal, PathParams.uuid(ctx, "datasetId"));
        stream(ctx, principal, request, "dataset-" + request.datasetId() + "-v" + request.version());
    }

    public void scores(Context ctx) {
        Principal principal = access.principal(ctx);
        stream(ctx, principal, scoresRequest(ctx), "scores");
    }

    /** {@code ?source=dataset&datasetId=…[&version=N]&format=…} or {@code ?source=scores&format=…&<score filters>}. */
    public void create(Context ctx) {
        Principal principal = access.principal(ctx);
        String source = QueryParams.string(ctx, "source")
                .orElseThrow(() -> ApiProblem.invalid("source", "is required: dataset or scores"));
        ExportJob job = switch (source) {
            case "dataset" -> {
                UUID datasetId = QueryParams.uuid(ctx, "datasetId")
                        .orElseThrow(() -> ApiProblem.invalid("datasetId", "is required for source=dataset"));
                yield jobs.start(principal, datasetRequest(ctx, principal, datasetId), "DATASET", ctx.queryString());
            }
            case "scores" -> jobs.start(principal, scoresRequest(ctx), "SCORES", ctx.queryString());
            default -> throw ApiProblem.invalid("source", "must be dataset or scores, was '" + source + "'");
        };
        ctx.status(202).header("Location", "/api/v1/exports/" + job.id()).json(job);
    }

    public void job(Context ctx) {
        ctx.json(jobs.get(access.principal(ctx).projectId(), PathParams.uuid(ctx, "exportId")));
    }

    public void download(Context ctx) {
        Principal principal = access.principal(ctx);
        ExportJob job = jobs.get(principal.projectId(), PathParams.uuid(ctx, "exportId"));
        Path file = jobs.file(job);
        ExportFormat format = ExportFormat.fromParameter(job.format()).orElseThrow();
        ctx.contentType(format.contentType()).header("Content-Disposition",
                "attachment; filename=\"export-" + job.id() + "." + format.extension() + "\"");
        try (InputStream in = Files.newInputStream(file); OutputStream out = ctx.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExportRequest.Dataset datasetRequest(Context ctx, Principal principal, UUID datasetId) {
        ExportFormat format = format(ctx);
        datasets.requireExists(principal.projectId(), datasetId);
        int version = datasets.resolveVersion(principal.projectId(), datasetId, DatasetController.version(ctx));
        return new ExportRequest.Dataset(datasetId, version, format);
    }

    private static ExportRequest.Scores scoresRequest(Context ctx) {
        ExportFormat format = format(ctx);
        if (format == ExportFormat.CHAT_JSONL) {
            throw ApiProblem.invalid("format", "chat-jsonl exports dataset items; scores export as jsonl, csv or parquet");
        }
        return new ExportRequest.Scores(ScoreFilterParams.fromQuery(ctx), format);
    }

    private static ExportFormat format(Context ctx) {
        String value = QueryParams.string(ctx, "format")
                .orElseThrow(() -> ApiProblem.invalid("format", "is required: one of " + ExportFormat.accepted()));
        return ExportFormat.fromParameter(value).orElseThrow(() -> ApiProblem.invalid("format",
                "must be one of " + ExportFormat.accepted() + ", was '" + value + "'"));
    }

    private void stream(Context ctx, Principal principal, ExportRequest request, String name) {
        ctx.contentType(request.format().contentType()).header("Content-Disposition",
                "attachment; filename=\"" + name + "." + request.format().extension() + "\"");
        try (OutputStream out = ctx.outputStream()) {
            exports.write(principal.projectId(), request, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
