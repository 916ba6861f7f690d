package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;

import java.util.ArrayList;
import java.util.List;

import static dev.annotations.api.score.AnalyticsSql.count;

/**
 * Relevance judgements of retrieved documents (DOCUMENT scores, {@code documentPosition} = rank − 1), one row
 * per retrieval span with the span's service, name and requested model from the view
 * {@code annotation_scores_with_spans}.
 */
public final class DocumentQueries {
    private final ClickHouseStorage storage;

    public DocumentQueries(ClickHouseStorage storage) {
        this.storage = storage;
    }

    /** What makes a judgement say "relevant": a value at least {@code atLeast}, or the label {@code label}. */
    public record Relevance(Double atLeast, String label) {
    }

    /**
     * One retrieval span: the positions judged and those judged relevant (a document is relevant when at least
     * half of its judges — each author's latest score — say so), and the bucket its span started in (or, for a
     * span not stored, its latest judgement).
     */
    public record RetrievalSpan(String traceId, String spanId, String service, String spanName, String model,
                                long bucketStart, List<Integer> judged, List<Integer> relevant) {
    }

    public List<RetrievalSpan> spans(RatingSelection selection, Relevance relevance, TimeBucket bucket) {
        storage.acknowledgedWrites().awaitLoaded();
        List<Object> binds = new ArrayList<>();
        // binds follow the text: the relevance test, the ratings' filters, then the span lookup's
        binds.add(selection.value() == RatingSelection.ValueKind.NUMBER ? relevance.atLeast() : relevance.label());
        String relevant = switch (selection.value()) {
            case NUMBER -> "value >= ?";
            case LABEL -> "label = ?";
            case LABELS -> "has(labels, ?)";
        };
        String ratings = AnalyticsSql.ratings(storage, selection, binds);
        binds.add(selection.projectId());
        binds.add(selection.name());
        String sql = "SELECT d.trace_id AS trace_id, d.span_id AS span_id, any(s.service) AS service_name,"
                + " any(s.span) AS span_name, any(s.model) AS model,"
                + " " + bucket.startOf("if(any(s.found) = 1, any(s.started), max(d.rated_at))") + " AS bucket,"
                + " toJSONString(arraySort(groupArray(d.document_position))) AS judged,"
                + " toJSONString(arraySort(groupArrayIf(d.document_position, d.relevant))) AS relevant"
                + " FROM (SELECT trace_id, span_id, document_position, avg(if(" + relevant + ", 1, 0)) >= 0.5 AS relevant,"
                + "   max(rated_at) AS rated_at FROM (" + ratings + ") WHERE target_type = 'DOCUMENT'"
                + "   GROUP BY trace_id, span_id, document_position) AS d"
                + " LEFT JOIN (SELECT trace_id, span_id, any(service_name) AS service, any(span_name) AS span,"
                + "   any(request_model) AS model, min(span_start) AS started, 1 AS found"
                + "   FROM " + storage.qualified("annotation_scores_with_spans")
                + "   WHERE project_id = ? AND target_type = 'DOCUMENT' AND name = ? AND service_name != ''"
                + "   GROUP BY trace_id, span_id) AS s ON s.trace_id = d.trace_id AND s.span_id = d.span_id"
                + " GROUP BY d.trace_id, d.span_id ORDER BY d.trace_id, d.span_id";
        return storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray()).map(row -> new RetrievalSpan(
                row.get("trace_id").toString(), row.get("span_id").toString(), AnalyticsSql.emptyToNull(row.get("service_name")),
                AnalyticsSql.emptyToNull(row.get("span_name")), AnalyticsSql.emptyToNull(row.get("model")),
                count(row.get("bucket")), integers(row.get("judged")), integers(row.get("relevant")))));
    }

    private static List<Integer> integers(Object json) {
        return AnalyticsSql.strings(json == null ? null : json.toString().replaceAll("(-?\\d+)", "\"$1\"")).stream()
                .map(Integer::valueOf).toList();
    }
}
