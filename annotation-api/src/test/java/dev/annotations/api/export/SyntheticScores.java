package dev.annotations.api.export;

import dev.annotations.api.storage.ClickHouseStorage;

import java.util.UUID;

/**
 * Many scores generated inside the engine ({@code INSERT … SELECT FROM numbers(n)}), for exports too large to
 * send through the API in a test: SPAN scores of ~300 bytes each, with comments and metadata, ten authors.
 */
public final class SyntheticScores {
    private SyntheticScores() {
    }

    public static void insert(ClickHouseStorage storage, UUID projectId, long rows) {
        storage.executeStatement("INSERT INTO " + storage.qualified("annotation_scores")
                + " (project_id, id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position,"
                + " name, data_type, value, string_value, labels, comment, metadata, config_id, queue_id, source,"
                + " annotator_kind, author, created_by, timestamp, created_at, updated_at, changed_by, version, is_deleted)"
                + " SELECT toUUID('" + projectId + "'), generateUUIDv4(number), 'SPAN', lower(hex(MD5(toString(number)))),"
                + " substring(lower(hex(MD5(toString(number + 1)))), 1, 16), concat('session-', toString(number % 1000)),"
                + " '', '', -1, 'helpfulness', 'NUMERIC', toFloat64(number % 5 + 1), '', [], "
                + " concat('a comment about answer ', toString(number), ' that is long enough to matter'),"
                + " map('prompt_version', toString(number % 7)), NULL, NULL, 'API', 'HUMAN',"
                + " concat('annotator-', toString(number % 10)), 'bench',"
                + " toDateTime64('2026-11-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(number),"
                + " now64(3), now64(3), 'bench', 1, 0 FROM numbers(" + rows + ")");
    }
}
