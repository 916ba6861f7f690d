package dev.annotations.api.export;

import dev.annotations.api.score.ScoreFilter;
import dev.annotations.api.storage.ExportFormat;

import java.util.UUID;

/** What one export writes: a dataset version's items, or the scores a score-list filter selects. */
sealed interface ExportRequest {
    ExportFormat format();

    record Dataset(UUID datasetId, int version, ExportFormat format) implements ExportRequest {
    }

    record Scores(ScoreFilter filter, ExportFormat format) implements ExportRequest {
    }
}
