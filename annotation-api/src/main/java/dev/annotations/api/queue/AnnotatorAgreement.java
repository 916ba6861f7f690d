package dev.annotations.api.queue;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How well each annotator of a queue agrees with the others on the queue's configs, for the progress
 * endpoint. The queue feature only asks; the analytics feature answers (the composition root wires it in),
 * so neither package imports the other's internals.
 */
public interface AnnotatorAgreement {
    /** Answers no agreement at all: progress without the analytics feature. */
    AnnotatorAgreement NONE = (projectId, queueId, configIds) -> Map.of();

    /** One annotator on one config: the units with two or more ratings they rated, and how often they matched. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ConfigAgreement(UUID configId, String name, long units, Double agreementWithOthers) {
    }

    /** Per annotator, their agreement with the others on each config, counting only the queue's scores. */
    Map<String, List<ConfigAgreement>> perAnnotator(UUID projectId, UUID queueId, List<UUID> configIds);
}
