package dev.annotations.api.analytics;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.RatingQueries;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Finds what a request rates (a config, or a name scored without one) and checks the filters against it. */
final class Subjects {
    private final ScoreConfigService configs;
    private final RatingQueries ratings;

    Subjects(ScoreConfigService configs, RatingQueries ratings) {
        this.configs = configs;
        this.ratings = ratings;
    }

    /**
     * {@code configId} names a config (404 when unknown); {@code name} the live config of that name or, when
     * there is none, the scores of that name without a config. TEXT has nothing to agree on: 400.
     */
    Subject resolve(UUID projectId, Optional<UUID> configId, Optional<String> name, String field) {
        if (configId.isPresent()) {
            ScoreConfig config = configs.find(projectId, configId.get())
                    .orElseThrow(() -> ApiProblem.notFound("no score config " + configId.get()));
            if (name.isPresent() && !name.get().equals(config.name())) {
                throw ApiProblem.invalid(field.equals("configId") ? "name" : field,
                        "names '" + name.get() + "' but config " + config.id() + " is '" + config.name() + "'");
            }
            return checked(Subject.of(config, field.equals("configId") ? "configId" : field));
        }
        if (name.isEmpty()) {
            throw ApiProblem.invalid(field, "a configId or a name is required");
        }
        String nameField = field.equals("configId") ? "name" : field;
        List<ScoreConfig> named = configs.list(projectId, name, Optional.empty(), Optional.of(false), Optional.empty(), 1);
        if (!named.isEmpty()) {
            return checked(Subject.of(named.getFirst(), nameField));
        }
        RatingQueries.NameShape shape = ratings.shapeOf(projectId, name.get());
        if (shape.dataTypes().isEmpty()) {
            throw ApiProblem.notFound("no score config and no scores named '" + name.get() + "'");
        }
        if (shape.dataTypes().size() > 1) {
            throw ApiProblem.invalid(nameField, "scores named '" + name.get() + "' have several data types "
                    + shape.dataTypes() + "; give them a config");
        }
        return checked(new Subject(Optional.empty(), name.get(), shape.dataTypes().iterator().next(),
                shape.multiSelect(), nameField));
    }

    private static Subject checked(Subject subject) {
        if (subject.dataType() == DataType.TEXT) {
            throw ApiProblem.invalid(subject.field(), "'" + subject.name() + "' is a TEXT config: free text has no agreement, "
                    + "consensus or calibration; use a NUMERIC, CATEGORICAL or BOOLEAN config");
        }
        return subject;
    }

    /** The level asked for, or the subject's default; 400 when it does not fit the data. */
    static Level level(Subject subject, Optional<Level> requested) {
        Level level = requested.orElse(subject.defaultLevel());
        if (!subject.levels().contains(level)) {
            throw ApiProblem.invalid("level", level + " does not fit '" + subject.name() + "' (" + subject.dataType()
                    + (subject.multiSelect() ? ", multi-select" : "") + "); it takes " + subject.levels());
        }
        return level;
    }

    static void checkRange(Optional<Instant> from, Optional<Instant> to) {
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw ApiProblem.invalid("to", "must be after from (" + from.get() + "), was " + to.get());
        }
    }

    /** The selection of ratings a request reads, by default HUMAN ones. */
    static RatingSelection selection(UUID projectId, Subject subject, Filters filters) {
        checkRange(filters.from(), filters.to());
        Set<AnnotatorKind> kinds = Set.of(filters.annotatorKind().orElse(AnnotatorKind.HUMAN));
        return new RatingSelection(projectId, subject.configId(), subject.name(), false, filters.queueId(), filters.from(),
                filters.to(), kinds, filters.authors(), subject.valueKind());
    }
}
