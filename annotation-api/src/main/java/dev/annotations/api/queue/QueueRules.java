package dev.annotations.api.queue;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.http.Names;
import dev.annotations.api.scoreconfig.ScoreConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Every rule a queue's settings must pass. */
final class QueueRules {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 20_000;
    static final int MAX_MEMBERS = 1_000;
    static final int MAX_CONFIGS = 50;
    static final int MIN_TIMEOUT_SECONDS = 1;
    static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int DEFAULT_TIMEOUT_SECONDS = 600;

    private QueueRules() {
    }

    /** The configs to fill, or a 400 listing every invalid field. */
    static List<Queue.ConfigRef> check(QueueDraft draft, Function<UUID, Optional<ScoreConfig>> configs) {
        List<FieldError> errors = new ArrayList<>();
        checkName(draft.name(), errors);
        checkDescription(draft.description(), errors);
        List<Queue.ConfigRef> refs = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        List<UUID> required = draft.scoreConfigIds() == null ? List.of() : draft.scoreConfigIds();
        List<UUID> optional = draft.optionalScoreConfigIds() == null ? List.of() : draft.optionalScoreConfigIds();
        if (required.isEmpty() && optional.isEmpty()) {
            errors.add(new FieldError("scoreConfigIds", "at least one score config is required"));
        }
        if (required.size() + optional.size() > MAX_CONFIGS) {
            errors.add(new FieldError("scoreConfigIds", "at most " + MAX_CONFIGS + " configs"));
        }
        addConfigs("scoreConfigIds", required, true, configs, seen, refs, errors);
        addConfigs("optionalScoreConfigIds", optional, false, configs, seen, refs, errors);
        checkMembers("annotators", draft.annotators(), errors);
        checkMembers("reviewers", draft.reviewers(), errors);
        if (draft.strategy() == null) {
            errors.add(new FieldError("strategy", "is required: ROUND_ROBIN, LOAD_BALANCED or MANUAL"));
        }
        if (draft.annotatorsPerItem() == null || draft.annotatorsPerItem() < 1 || draft.annotatorsPerItem() > 10) {
            errors.add(new FieldError("annotatorsPerItem", "must be 1 to 10"));
        }
        checkTimeout(draft.reservationTimeoutSeconds(), errors);
        if (Boolean.TRUE.equals(draft.reviewRequired()) && (draft.reviewers() == null || draft.reviewers().isEmpty())) {
            errors.add(new FieldError("reviewers", "a queue with reviewRequired needs at least one reviewer"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return List.copyOf(refs);
    }

    static void checkPatch(QueueDraft.Patch patch, Queue current) {
        List<FieldError> errors = new ArrayList<>();
        if (patch.name() != null) {
            checkName(patch.name(), errors);
        }
        checkDescription(patch.description(), errors);
        checkMembers("annotators", patch.annotators(), errors);
        checkMembers("reviewers", patch.reviewers(), errors);
        checkTimeout(patch.reservationTimeoutSeconds(), errors);
        if (current.reviewRequired() && patch.reviewers() != null && patch.reviewers().isEmpty()) {
            errors.add(new FieldError("reviewers", "a queue with reviewRequired needs at least one reviewer"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static void addConfigs(String field, List<UUID> ids, boolean required,
                                   Function<UUID, Optional<ScoreConfig>> configs, Set<UUID> seen,
                                   List<Queue.ConfigRef> refs, List<FieldError> errors) {
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            String at = field + "[" + i + "]";
            if (id == null) {
                errors.add(new FieldError(at, "must be a config id"));
            } else if (!seen.add(id)) {
                errors.add(new FieldError(at, "config " + id + " is listed twice"));
            } else {
                Optional<ScoreConfig> config = configs.apply(id);
                if (config.isEmpty()) {
                    errors.add(new FieldError(at, "no score config " + id + " in this project"));
                } else if (config.get().archived()) {
                    errors.add(new FieldError(at, "score config '" + config.get().name() + "' is archived"));
                } else {
                    refs.add(new Queue.ConfigRef(id, required));
                }
            }
        }
    }

    private static void checkName(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required and must not be empty"));
        } else if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "1 to " + MAX_NAME_LENGTH + " characters without control characters"));
        }
    }

    private static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
    }

    private static void checkTimeout(Integer seconds, List<FieldError> errors) {
        if (seconds != null && (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError("reservationTimeoutSeconds", "must be " + MIN_TIMEOUT_SECONDS + " to "
                    + MAX_TIMEOUT_SECONDS));
        }
    }

    private static void checkMembers(String field, List<String> members, List<FieldError> errors) {
        if (members == null) {
            return;
        }
        if (members.size() > MAX_MEMBERS) {
            errors.add(new FieldError(field, "at most " + MAX_MEMBERS + " members"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            Optional<String> problem = Names.keyNameProblem(member);
            if (problem.isPresent()) {
                errors.add(new FieldError(field + "[" + i + "]", "a key name: " + problem.get()));
            } else if (!seen.add(member)) {
                errors.add(new FieldError(field + "[" + i + "]", "'" + member + "' is listed twice"));
            }
        }
    }
}
