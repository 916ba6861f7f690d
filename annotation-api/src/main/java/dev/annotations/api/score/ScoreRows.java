package dev.annotations.api.score;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.storage.JsonEachRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Encodes score versions as ClickHouse JSONEachRow lines, one per row, in annotation_scores' column names. */
final class ScoreRows {
    private static final ObjectMapper READER = new ObjectMapper();
    private static final DateTimeFormatter DATETIME64_3 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

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

    /** The rows of {@link #jsonEachRow} read back (the score log's records at start-up). */
    static List<Score> read(byte[] jsonEachRow) {
        List<Score> scores = new ArrayList<>();
        for (String line : new String(jsonEachRow, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    scores.add(read(READER.readTree(line)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return scores;
    }

    private static Score read(JsonNode row) {
        Integer position = row.get("document_position").asInt() < 0 ? null : row.get("document_position").asInt();
        Target target = new Target(TargetType.valueOf(row.get("target_type").asText()), emptyToNull(row, "trace_id"),
                emptyToNull(row, "span_id"), emptyToNull(row, "session_id"), emptyToNull(row, "dataset_id"),
                emptyToNull(row, "item_id"), position);
        List<String> labels = new ArrayList<>();
        row.get("labels").forEach(label -> labels.add(label.asText()));
        Map<String, String> metadata = new LinkedHashMap<>();
        row.get("metadata").properties().forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        return new Score(UUID.fromString(row.get("id").asText()), UUID.fromString(row.get("project_id").asText()), target,
                row.get("name").asText(), DataType.valueOf(row.get("data_type").asText()),
                row.get("value").isNull() ? null : row.get("value").asDouble(), row.get("string_value").asText(),
                List.copyOf(labels), row.get("comment").asText(), Map.copyOf(metadata), uuidOrNull(row, "config_id"),
                uuidOrNull(row, "queue_id"), Source.valueOf(row.get("source").asText()),
                AnnotatorKind.valueOf(row.get("annotator_kind").asText()), row.get("author").asText(),
                row.get("created_by").asText(), instant(row, "timestamp"), instant(row, "created_at"),
                instant(row, "updated_at"), row.get("changed_by").asText(), row.get("version").asLong(),
                row.get("is_deleted").asInt() == 1);
    }

    private static String emptyToNull(JsonNode row, String field) {
        String text = row.get(field).asText();
        return text.isEmpty() ? null : text;
    }

    private static UUID uuidOrNull(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : UUID.fromString(value.asText());
    }

    private static Instant instant(JsonNode row, String field) {
        return LocalDateTime.parse(row.get(field).asText(), DATETIME64_3).toInstant(ZoneOffset.UTC);
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
