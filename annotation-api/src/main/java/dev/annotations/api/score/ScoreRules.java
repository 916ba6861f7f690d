package dev.annotations.api.score;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigRules;
import dev.annotations.api.storage.Storable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every rule a score must pass before it is acknowledged: target, name, content against its config (or
 * inferred), the queue it names being the project's, comment and metadata limits, and who may claim to
 * be its author.
 */
final class ScoreRules {
    static final int MAX_COMMENT_LENGTH = 10_000;
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_KEY_LENGTH = 100;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    static final int MAX_AUTHOR_LENGTH = 256;

    private ScoreRules() {
    }

    /** A new score from the request, or a 400 listing every invalid field (prefixed, e.g. {@code scores[2].}). */
    static Score check(ScoreRequest request, Principal principal, Function<UUID, Optional<ScoreConfig>> configs,
                       Predicate<UUID> queueExists, Instant now, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        TargetRules.check(request.target(), prefix, errors);
        if (request.name() == null || !ScoreConfigRules.NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError(prefix + "name", "1 to 64 letters, digits and _ . : -, starting with a letter or digit"));
        }
        Optional<ScoreConfig> config = Optional.empty();
        if (request.configId() != null) {
            config = configs.apply(request.configId());
            if (config.isEmpty()) {
                errors.add(new FieldError(prefix + "configId", "no score config " + request.configId() + " in this project"));
            } else if (config.get().archived()) {
                errors.add(new FieldError(prefix + "configId", "score config '" + config.get().name() + "' is archived"));
            } else if (request.name() != null && !request.name().equals(config.get().name())) {
                errors.add(new FieldError(prefix + "name", "must be the config's name '" + config.get().name() + "'"));
            }
        }
        Optional<ScoreContent> content = config.isPresent() && config.get().archived() ? Optional.empty()
                : ContentRules.check(request.value(), request.label(), request.labels(), config, prefix, errors);
        if (request.queueId() != null && !queueExists.test(request.queueId())) {
            errors.add(new FieldError(prefix + "queueId", "no queue " + request.queueId() + " in this project"));
        }
        checkComment(request.comment(), prefix, errors);
        checkMetadata(request.metadata(), prefix, errors);
        checkStorable(request, prefix, errors);
        Source source = request.source() != null ? request.source()
                : principal.role() == Role.FEEDBACK ? Source.FEEDBACK : Source.API;
        if (principal.role() == Role.FEEDBACK) {
            // a public key in a web page: it records end-user feedback and nothing that looks like a review
            if (source != Source.FEEDBACK) {
                errors.add(new FieldError(prefix + "source", "a FEEDBACK key records FEEDBACK scores only"));
            }
            if (request.queueId() != null) {
                errors.add(new FieldError(prefix + "queueId", "a FEEDBACK key records no queue work"));
            }
        }
        String author = author(request, source, principal, prefix, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        AnnotatorKind kind = request.annotatorKind() != null ? request.annotatorKind()
                : source == Source.EVAL ? AnnotatorKind.LLM : AnnotatorKind.HUMAN;
        Instant timestamp = request.timestamp() != null ? request.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) : now;
        ScoreContent checked = content.orElseThrow();
        return new Score(request.id() != null ? request.id() : UUID.randomUUID(), principal.projectId(),
                request.target(), request.name(), checked.dataType(), checked.value(), checked.stringValue(),
                checked.labels(), request.comment() == null ? "" : request.comment(),
                request.metadata() == null ? Map.of() : Map.copyOf(request.metadata()), request.configId(),
                request.queueId(), source, kind, author, principal.name(), timestamp, now, now, principal.name(), 0, false);
    }

    /** Checks new content for an existing score: same config, same data type. */
    static ScoreContent checkPatch(ScoreRequest.Patch patch, Score current, Optional<ScoreConfig> config) {
        List<FieldError> errors = new ArrayList<>();
        boolean changesContent = patch.value() != null || patch.label() != null || patch.labels() != null;
        ScoreContent content = new ScoreContent(current.dataType(), current.value(), current.stringValue(), current.labels());
        if (changesContent) {
            content = ContentRules.check(patch.value(), patch.label(), patch.labels(), config, "", errors).orElse(null);
            if (content != null && content.dataType() != current.dataType()) {
                errors.add(new FieldError(patch.labels() != null ? "labels" : patch.label() != null ? "label" : "value",
                        "the score is " + current.dataType() + " and stays so"));
            }
        }
        checkComment(patch.comment(), "", errors);
        checkMetadata(patch.metadata(), "", errors);
        checkText("label", patch.label(), errors);
        checkTexts("labels", patch.labels(), errors);
        checkText("comment", patch.comment(), errors);
        checkTexts("metadata", patch.metadata(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return content;
    }

    private static String author(ScoreRequest request, Source source, Principal principal, String prefix,
                                 List<FieldError> errors) {
        if (request.author() == null) {
            return principal.name();
        }
        if (source != Source.EVAL && source != Source.FEEDBACK) {
            if (!request.author().equals(principal.name())) {
                errors.add(new FieldError(prefix + "author", "only EVAL and FEEDBACK scores name their author; "
                        + source + " scores are authored by the API key ('" + principal.name() + "')"));
            }
            return principal.name();
        }
        if (request.author().isBlank() || request.author().length() > MAX_AUTHOR_LENGTH
                || request.author().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(prefix + "author", "1 to " + MAX_AUTHOR_LENGTH + " characters without control characters"));
        }
        return request.author();
    }

    /**
     * What ClickHouse could not store although every other rule passed: unpaired surrogates in any text and
     * timestamps outside DateTime64(3). Refused here, one bad score never reaches a grouped INSERT.
     */
    private static void checkStorable(ScoreRequest request, String prefix, List<FieldError> errors) {
        if (request.target() != null) {
            checkText(prefix + "target.sessionId", request.target().sessionId(), errors);
            checkText(prefix + "target.datasetId", request.target().datasetId(), errors);
            checkText(prefix + "target.itemId", request.target().itemId(), errors);
        }
        checkText(prefix + "label", request.label(), errors);
        checkTexts(prefix + "labels", request.labels(), errors);
        checkText(prefix + "comment", request.comment(), errors);
        checkTexts(prefix + "metadata", request.metadata(), errors);
        checkText(prefix + "author", request.author(), errors);
        Storable.dateTime64Problem(request.timestamp())
                .ifPresent(problem -> errors.add(new FieldError(prefix + "timestamp", problem)));
    }

    private static void checkText(String field, String text, List<FieldError> errors) {
        Storable.textProblem(text).ifPresent(problem -> errors.add(new FieldError(field, problem)));
    }

    private static void checkTexts(String field, List<String> texts, List<FieldError> errors) {
        if (texts != null) {
            for (int i = 0; i < texts.size(); i++) {
                checkText(field + "[" + i + "]", texts.get(i), errors);
            }
        }
    }

    private static void checkTexts(String field, Map<String, String> entries, List<FieldError> errors) {
        if (entries != null) {
            entries.forEach((key, value) -> {
                checkText(field, key, errors);
                checkText(field + "." + key, value, errors);
            });
        }
    }

    private static void checkComment(String comment, String prefix, List<FieldError> errors) {
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            errors.add(new FieldError(prefix + "comment", "must be at most " + MAX_COMMENT_LENGTH + " characters"));
        }
    }

    private static void checkMetadata(Map<String, String> metadata, String prefix, List<FieldError> errors) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            errors.add(new FieldError(prefix + "metadata", "at most " + MAX_METADATA_ENTRIES + " entries"));
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                errors.add(new FieldError(prefix + "metadata." + entry.getKey(), "keys are 1 to " + MAX_METADATA_KEY_LENGTH + " characters"));
            }
            if (entry.getValue() == null) {
                errors.add(new FieldError(prefix + "metadata." + entry.getKey(), "values are strings, not null"));
                continue;
            }
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_METADATA_BYTES) {
            errors.add(new FieldError(prefix + "metadata", "is " + bytes + " bytes; at most " + MAX_METADATA_BYTES));
        }
    }
}
