package dev.annotations.api.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotations.api.score.ConsensusQueries;
import dev.annotations.api.score.Score;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.trace.TraceService;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns annotated traffic into dataset rows. For each SPAN or TRACE target (a TRACE target: its root span):
 * {@code input} = the span's GenAI input messages as the trace API extracts them; {@code expectedOutput} =
 * {@code {"output": <its output messages>, "labels": {<score name>: <consensus>}}}, the consensus of the human
 * scores (within the queue, for a queue's items: a reviewer's approval wins) from the view
 * {@code annotation_consensus}; {@code metadata} = the span's service, name and model and every live score of the
 * target (name, value, label, labels, comment, author, source, kind, queue, config); {@code consensus} = each
 * name's consensus in full (method, ratings, ties). The item id is derived from dataset + trace + span, so the
 * same span is one item. Targets whose span is not stored (or not visible to the project) are skipped.
 */
final class DatasetFill {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TraceService traces;
    private final ScoreRepository scores;
    private final ConsensusQueries consensus;

    DatasetFill(TraceService traces, ScoreRepository scores, ConsensusQueries consensus) {
        this.traces = traces;
        this.scores = scores;
        this.consensus = consensus;
    }

    /** The item a span becomes in a dataset. */
    static UUID itemId(UUID datasetId, String traceId, String spanId) {
        return UUID.nameUUIDFromBytes(("dataset:" + datasetId + ":span:" + traceId + ":" + spanId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Rows for up to a few thousand targets (callers chunk larger selections). */
    List<ItemRow> rows(UUID projectId, UUID datasetId, List<Target> targets, Optional<UUID> queueId) {
        Map<Target, TraceService.SpanContent> contents = traces.spanContents(projectId, targets);
        if (contents.isEmpty()) {
            return List.of();
        }
        List<Target> found = targets.stream().filter(contents::containsKey).toList();
        Map<String, List<Score>> scoresByUnit = new HashMap<>();
        for (Score score : scores.liveOnTraces(projectId, found.stream().map(Target::traceId).distinct().toList(),
                List.of(TargetType.TRACE, TargetType.SPAN, TargetType.DOCUMENT))) {
            if (queueId.isEmpty() || queueId.get().equals(score.queueId())) {
                scoresByUnit.computeIfAbsent(unitKey(score.target()), key -> new ArrayList<>()).add(score);
            }
        }
        Map<String, List<ConsensusQueries.Unit>> consensusByUnit = new HashMap<>();
        for (ConsensusQueries.Unit unit : consensus.forTargets(projectId, queueId, found)) {
            String key = unit.targetType().equals("TRACE") ? "TRACE/" + unit.traceId() : unit.traceId() + "/" + unit.spanId();
            consensusByUnit.computeIfAbsent(key, ignored -> new ArrayList<>()).add(unit);
        }
        List<ItemRow> rows = new ArrayList<>();
        for (Target target : found) {
            TraceService.SpanContent span = contents.get(target);
            String key = unitKey(target);
            rows.add(row(datasetId, target, span, scoresByUnit.getOrDefault(key, List.of()),
                    consensusByUnit.getOrDefault(key, List.of()), queueId));
        }
        return rows;
    }

    private static String unitKey(Target target) {
        return target.type() == TargetType.TRACE ? "TRACE/" + target.traceId() : target.traceId() + "/" + target.spanId();
    }

    private static ItemRow row(UUID datasetId, Target target, TraceService.SpanContent span, List<Score> scores,
                               List<ConsensusQueries.Unit> units, Optional<UUID> queueId) {
        JsonNode input = span.llm() == null ? null : span.llm().input();
        JsonNode output = span.llm() == null ? null : span.llm().output();
        ObjectNode expected = NODES.objectNode();
        expected.set("output", output == null ? NODES.nullNode() : output);
        ObjectNode labels = expected.putObject("labels");
        ArrayNode consensusList = NODES.arrayNode();
        for (ConsensusQueries.Unit unit : units) {
            labels.set(unit.name(), consensusValue(unit));
            ObjectNode detail = consensusList.addObject().put("name", unit.name()).put("dataType", unit.dataType())
                    .put("method", unit.method()).put("ratings", unit.ratings()).put("counted", unit.consensusRatings());
            detail.put("configId", unit.configId() == null ? null : unit.configId().toString());
            detail.set("value", consensusValue(unit));
            detail.put("median", unit.median());
            detail.put("tie", unit.tie());
            detail.set("tiedLabels", JSON.valueToTree(unit.tiedLabels()));
        }
        ObjectNode metadata = NODES.objectNode();
        metadata.put("service", span.serviceName()).put("spanName", span.spanName());
        if (span.llm() != null) {
            metadata.put("model", span.llm().responseModel() != null ? span.llm().responseModel() : span.llm().requestModel());
        }
        ArrayNode scoreList = metadata.putArray("scores");
        for (Score score : scores) {
            ObjectNode node = scoreList.addObject().put("id", score.id().toString()).put("name", score.name())
                    .put("dataType", score.dataType().name());
            node.put("value", score.value());
            node.put("label", score.stringValue() == null || score.stringValue().isEmpty() ? null : score.stringValue());
            node.set("labels", JSON.valueToTree(score.labels()));
            node.put("comment", score.comment()).put("author", score.author()).put("source", score.source().name())
                    .put("kind", score.annotatorKind().name());
            node.put("queueId", score.queueId() == null ? null : score.queueId().toString());
            node.put("configId", score.configId() == null ? null : score.configId().toString());
            node.put("timestamp", score.timestamp().toString());
        }
        return new ItemRow(itemId(datasetId, span.traceId(), span.spanId()), text(input), text(expected), text(metadata),
                span.traceId(), span.spanId(), queueId.orElse(null), text(consensusList), false);
    }

    private static JsonNode consensusValue(ConsensusQueries.Unit unit) {
        if ("NUMERIC".equals(unit.dataType())) {
            return unit.value() == null ? NODES.nullNode() : NODES.numberNode(unit.value());
        }
        if (!unit.labels().isEmpty()) {
            return JSON.valueToTree(unit.labels());
        }
        return unit.label() == null ? NODES.nullNode() : NODES.textNode(unit.label());
    }

    static String text(JsonNode node) {
        try {
            return node == null ? "null" : JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
