package dev.annotations.api.score;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.annotations.api.storage.JsonEachRow;

import java.io.IOException;
import java.util.Collection;

/** Encodes score versions as ClickHouse JSONEachRow lines, one per row, in annotation_scores' column names. */
final class ScoreRows {

    private ScoreRows() {
    }

    static byte[] jsonEachRow(Collection<Score> scores) {
        return JsonEachRow.encode(scores, ScoreRows::write);
    }

    private static void write(JsonGenerator json, Score score) throws IOException {
        Target target = score.target();
        json.writeStringField("project_id", score.projectId().toString());
        json.writeStringField("id", score.id().toString());
        json.writeStringField("target_type", target.type().name());
        json.writeStringField("trace_id", orEmpty(target.traceId()));
        json.writeStringField("span_id", orEmpty(target.spanId()));
        json.writeStringField("session_id", orEmpty(target.sessionId()));
        json.writeStringField("dataset_id", orEmpty(target.datasetId()));
        json.writeStringField("item_id", orEmpty(target.itemId()));
        json.writeNumberField("document_position", target.documentPosition() == null ? -1 : target.documentPosition());
        json.writeStringField("name", score.name());
        json.writeStringField("data_type", score.dataType().name());
        if (score.value() == null) {
            json.writeNullField("value");
        } else {
            json.writeNumberField("value", score.value());
        }
        json.writeStringField("string_value", score.stringValue());
        json.writeArrayFieldStart("labels");
        for (String label : score.labels()) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeStringField("comment", score.comment());
        JsonEachRow.writeStringMap(json, "metadata", score.metadata());
        writeNullable(json, "config_id", score.configId());
        writeNullable(json, "queue_id", score.queueId());
        json.writeStringField("source", score.source().name());
        json.writeStringField("annotator_kind", score.annotatorKind().name());
        json.writeStringField("author", score.author());
        json.writeStringField("created_by", score.createdBy());
        json.writeStringField("timestamp", JsonEachRow.dateTime64(score.timestamp()));
        json.writeStringField("created_at", JsonEachRow.dateTime64(score.createdAt()));
        json.writeStringField("updated_at", JsonEachRow.dateTime64(score.updatedAt()));
        json.writeStringField("changed_by", score.changedBy());
        json.writeNumberField("version", score.version());
        json.writeNumberField("is_deleted", score.deleted() ? 1 : 0);
    }

    private static void writeNullable(JsonGenerator json, String field, Object value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value.toString());
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

}
