package dev.annotations.api.export;

import dev.annotations.api.dataset.DatasetService;
import dev.annotations.api.score.ScoreExports;

import java.io.OutputStream;
import java.util.UUID;

/** Writes exports as ClickHouse produces them: nothing is held in memory but the copy buffer. */
final class ExportService {
    private final DatasetService datasets;
    private final ScoreExports scores;

    ExportService(DatasetService datasets, ScoreExports scores) {
        this.datasets = datasets;
        this.scores = scores;
    }

    long write(UUID projectId, ExportRequest request, OutputStream out) {
        return switch (request) {
            case ExportRequest.Dataset dataset -> datasets.export(projectId, dataset.datasetId(), dataset.version(),
                    dataset.format(), out);
            case ExportRequest.Scores selection -> scores.export(projectId, selection.filter(), selection.format(), out);
        };
    }

    /** The rows {@link #write} would write now. */
    long rows(UUID projectId, ExportRequest request) {
        return switch (request) {
            case ExportRequest.Dataset dataset -> datasets.itemCount(projectId, dataset.datasetId(), dataset.version());
            case ExportRequest.Scores selection -> scores.count(projectId, selection.filter());
        };
    }
}
