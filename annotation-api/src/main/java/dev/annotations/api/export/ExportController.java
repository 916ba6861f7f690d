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
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * HTTP for exports: streamed downloads ({@code GET /api/v1/datasets/{id}/export}, {@code GET /api/v1/exports/scores})
 * and export jobs ({@code POST /api/v1/exports} with the query of the export to run). Any key may export.
 * Everything is checked before the first byte; a failure after it cuts the response short.
 */
public final class ExportController {
    private static final Logger LOG = Logger.getLogger(ExportController.class.getName());
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

    /** {@code ?kind=dataset&datasetId=…[&version=N]&format=…} or {@code ?kind=scores&format=…&<score filters>}
     * ({@code kind}, not {@code source}: {@code source} is one of the score filters). */
    public void create(Context ctx) {
        Principal principal = access.principal(ctx);
        String kind = QueryParams.string(ctx, "kind")
                .orElseThrow(() -> ApiProblem.invalid("kind", "is required: dataset or scores"));
        ExportJob job = switch (kind) {
            case "dataset" -> {
                UUID datasetId = QueryParams.uuid(ctx, "datasetId")
                        .orElseThrow(() -> ApiProblem.invalid("datasetId", "is required for kind=dataset"));
                yield jobs.start(principal, datasetRequest(ctx, principal, datasetId), "DATASET", ctx.queryString());
            }
            case "scores" -> jobs.start(principal, scoresRequest(ctx), "SCORES", ctx.queryString());
            default -> throw ApiProblem.invalid("kind", "must be dataset or scores, was '" + kind + "'");
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
        Counting out = new Counting(ctx.outputStream());
        try {
            exports.write(principal.projectId(), request, out);
            out.close();
        } catch (IOException | RuntimeException e) {
            if (out.bytes == 0) {
                // nothing sent yet: the one problem mapper answers (503 for storage, …)
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            // Part of the file is on its way: answering a problem now would append it to the file. The connection
            // is cut instead, so the client sees the response end without its last chunk, never a shorter file.
            LOG.log(Level.WARNING, "an export failed after " + out.bytes + " bytes; the response is cut short", e);
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    /** Counts what was handed to the response, to tell whether a failure can still be answered. */
    private static final class Counting extends java.io.FilterOutputStream {
        private long bytes;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }
    }
}
