package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.ExportFormat;
import dev.annotations.api.storage.JsonEachRow;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Score exports, written by ClickHouse: the live scores the score list's filters select, oldest first by
 * (timestamp, id), each with the span it judges (a TRACE score: its trace's root span) — service, span name,
 * model, session and the GenAI input / output as recorded in the span attributes {@code gen_ai.input.messages} /
 * {@code gen_ai.output.messages} (or the {@code gen_ai.content.prompt} / {@code .completion} events). Every value
 * is a ClickHouse query parameter.
 */
public final class ScoreExports {
    private final ClickHouseStorage storage;

    public ScoreExports(ClickHouseStorage storage) {
        this.storage = storage;
    }

    /** Writes the export to {@code out} as it arrives; returns the bytes written. */
    public long export(UUID projectId, ScoreFilter filter, ExportFormat format, OutputStream out) {
        storage.acknowledgedWrites().awaitLoaded();
        Map<String, Object> parameters = new HashMap<>();
        String sql = rows(projectId, filter, parameters);
        // JSON lines of scores are flat rows: ClickHouse's own JSONEachRow
        return storage.streamFormatted(sql, parameters, clickHouseFormat(format), format.settings(), out);
    }

    /**
     * The SQL {@link #export} runs, its parameters added to {@code parameters}, and the ClickHouse format it is
     * written in: for measuring the engine writing the same rows to a file itself ({@code ./bench exports}).
     */
    public String sql(UUID projectId, ScoreFilter filter, Map<String, Object> parameters) {
        return rows(projectId, filter, parameters);
    }

    /** The ClickHouse output format an export in {@code format} is written in. */
    public static com.clickhouse.data.ClickHouseFormat clickHouseFormat(ExportFormat format) {
        return format == ExportFormat.JSONL ? com.clickhouse.data.ClickHouseFormat.JSONEachRow : format.clickHouseFormat();
    }

    /** How many rows {@link #export} writes for the filter now. */
    public long count(UUID projectId, ScoreFilter filter) {
        storage.acknowledgedWrites().awaitLoaded();
        Map<String, Object> parameters = new HashMap<>();
        String sql = "SELECT count() FROM (" + rows(projectId, filter, parameters) + ")";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        storage.readFormatted(sql, parameters, com.clickhouse.data.ClickHouseFormat.TabSeparated, out);
        return Long.parseLong(out.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
    }

    private String rows(UUID projectId, ScoreFilter filter, Map<String, Object> parameters) {
        parameters.put("project", projectId.toString());
        String where = where(filter, parameters);
        String scores = storage.qualified("annotation_scores");
        return "SELECT toString(s.id) AS id, s.timestamp AS timestamp, s.name AS name, toString(s.data_type) AS data_type,"
                + " s.value AS value, s.string_value AS label, s.labels AS labels, s.comment AS comment,"
                + " s.metadata AS metadata, s.author AS author, toString(s.source) AS source,"
                + " toString(s.annotator_kind) AS annotator_kind, ifNull(toString(s.queue_id), '') AS queue_id,"
                + " ifNull(toString(s.config_id), '') AS config_id, toString(s.target_type) AS target_type,"
                + " s.trace_id AS trace_id, s.span_id AS span_id,"
                + " if(s.session_id != '', s.session_id, t.session_id) AS session_id, s.dataset_id AS dataset_id,"
                + " s.item_id AS item_id, s.document_position AS document_position, t.service_name AS service_name,"
                + " t.span_name AS span_name, t.model AS model, t.input AS input, t.output AS output,"
                + " s.created_at AS created_at, s.updated_at AS updated_at"
                + " FROM (SELECT * FROM " + scores + " FINAL WHERE project_id = {project:UUID} AND is_deleted = 0" + where
                + ") AS s"
                + " LEFT JOIN (SELECT TraceId, arrayJoin(if(ParentSpanId = '', [SpanId, ''], [SpanId])) AS join_span_id,"
                + " any(ServiceName) AS service_name, any(SpanName) AS span_name,"
                + " any(if(SpanAttributes['gen_ai.response.model'] != '', SpanAttributes['gen_ai.response.model'],"
                + " SpanAttributes['gen_ai.request.model'])) AS model,"
                + " any(SpanAttributes['session.id']) AS session_id,"
                + " any(if(SpanAttributes['gen_ai.input.messages'] != '', SpanAttributes['gen_ai.input.messages'],"
                + " `Events.Attributes`[indexOf(`Events.Name`, 'gen_ai.content.prompt')]['gen_ai.prompt'])) AS input,"
                + " any(if(SpanAttributes['gen_ai.output.messages'] != '', SpanAttributes['gen_ai.output.messages'],"
                + " `Events.Attributes`[indexOf(`Events.Name`, 'gen_ai.content.completion')]['gen_ai.completion'])) AS output"
                + " FROM " + storage.qualified(storage.collectorTables().traces())
                + " WHERE TraceId IN (SELECT trace_id FROM " + scores + " WHERE project_id = {project:UUID}"
                + " AND trace_id != ''" + where + ")"
                + " GROUP BY TraceId, join_span_id) AS t ON t.TraceId = s.trace_id AND t.join_span_id = s.span_id"
                + " ORDER BY s.timestamp, s.id";
    }

    private static String where(ScoreFilter filter, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        anyOf(where, parameters, "target_type", "String", "targetType", filter.targetType().stream().map(TargetType::name).toList());
        anyOf(where, parameters, "trace_id", "String", "traceId", filter.traceId());
        anyOf(where, parameters, "span_id", "String", "spanId", filter.spanId());
        anyOf(where, parameters, "session_id", "String", "sessionId", filter.sessionId());
        anyOf(where, parameters, "dataset_id", "String", "datasetId", filter.datasetId());
        anyOf(where, parameters, "item_id", "String", "itemId", filter.itemId());
        anyOf(where, parameters, "name", "String", "name", filter.name());
        anyOf(where, parameters, "config_id", "UUID", "configId", filter.configId().stream().map(UUID::toString).toList());
        anyOf(where, parameters, "source", "String", "source", filter.source().stream().map(Source::name).toList());
        anyOf(where, parameters, "annotator_kind", "String", "kind", filter.annotatorKind().stream().map(AnnotatorKind::name).toList());
        anyOf(where, parameters, "author", "String", "author", filter.author());
        anyOf(where, parameters, "queue_id", "UUID", "queueId", filter.queueId().stream().map(UUID::toString).toList());
        filter.valueMin().ifPresent(value -> bind(where, parameters, "value >= {valueMin:Float64}", "valueMin", value));
        filter.valueMax().ifPresent(value -> bind(where, parameters, "value <= {valueMax:Float64}", "valueMax", value));
        if (!filter.label().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (int index = 0; index < filter.label().size(); index++) {
                String parameter = "label" + index;
                alternatives.add("string_value = {" + parameter + ":String} OR has(labels, {" + parameter + ":String})");
                parameters.put(parameter, filter.label().get(index));
            }
            where.append(" AND (").append(String.join(" OR ", alternatives)).append(")");
        }
        filter.from().ifPresent(value -> bind(where, parameters, "timestamp >= {from:DateTime64(3, 'UTC')}", "from",
                JsonEachRow.dateTime64(value)));
        filter.to().ifPresent(value -> bind(where, parameters, "timestamp < {to:DateTime64(3, 'UTC')}", "to",
                JsonEachRow.dateTime64(value)));
        return where.toString();
    }

    /** {@code column IN (…)} over a repeatable filter's values, one bound parameter each; nothing when empty. */
    private static void anyOf(StringBuilder where, Map<String, Object> parameters, String column, String type,
                              String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<String> placeholders = new ArrayList<>();
        for (int index = 0; index < values.size(); index++) {
            placeholders.add("{" + name + index + ":" + type + "}");
            parameters.put(name + index, values.get(index));
        }
        where.append(" AND ").append(column).append(" IN (").append(String.join(", ", placeholders)).append(")");
    }

    private static void bind(StringBuilder where, Map<String, Object> parameters, String condition, String name, Object value) {
        where.append(" AND ").append(condition);
        parameters.put(name, value);
    }
}
