package dev.annotations.api.scoreconfig;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, editing, archiving and finding score configs; the rules live in {@link ScoreConfigRules}. */
public final class ScoreConfigService {
    private final ScoreConfigRepository configs;
    private final Clock clock;

    public ScoreConfigService(ScoreConfigRepository configs, Clock clock) {
        this.configs = configs;
        this.clock = clock;
    }

    public ScoreConfig create(Principal author, ScoreConfigDraft draft) {
        Instant now = now();
        ScoreConfig config = ScoreConfigRules.build(draft, UUID.randomUUID(), author.projectId(), now, author.name(),
                now, author.name());
        requireNameFree(config);
        configs.save(config);
        return config;
    }

    public ScoreConfig get(UUID projectId, UUID id) {
        return configs.find(projectId, id).orElseThrow(() -> ApiProblem.notFound("no score config " + id));
    }

    public Optional<ScoreConfig> find(UUID projectId, UUID id) {
        return configs.find(projectId, id);
    }

    /** Applies an edit when every stored score stays valid under it; otherwise 409 with the reasons. */
    public ScoreConfig edit(Principal author, UUID id, ScoreConfigDraft.Patch patch) {
        ScoreConfig current = get(author.projectId(), id);
        ScoreConfig updated = ScoreConfigRules.build(patch.applyTo(current), current.id(), current.projectId(),
                current.createdAt(), current.createdBy(), now(), author.name());
        List<String> conflicts = ConfigCompatibility.conflicts(current, updated,
                configs.usage(current.projectId(), current.id()));
        if (!conflicts.isEmpty()) {
            throw ApiProblem.conflict("the edit would invalidate stored scores: " + String.join("; ", conflicts));
        }
        ScoreConfig saved = current.archived() ? updated.withArchived(true, updated.updatedAt(), author.name()) : updated;
        configs.save(saved);
        return saved;
    }

    public ScoreConfig archive(Principal author, UUID id) {
        ScoreConfig current = get(author.projectId(), id);
        if (current.archived()) {
            return current;
        }
        ScoreConfig archived = current.withArchived(true, now(), author.name());
        configs.save(archived);
        return archived;
    }

    public ScoreConfig restore(Principal author, UUID id) {
        ScoreConfig current = get(author.projectId(), id);
        if (!current.archived()) {
            return current;
        }
        requireNameFree(current);
        ScoreConfig restored = current.withArchived(false, now(), author.name());
        configs.save(restored);
        return restored;
    }

    public List<ScoreConfig> list(UUID projectId, Optional<String> name, Optional<DataType> dataType,
                                  Optional<Boolean> archived, Optional<ConfigCursor> after, int limit) {
        return configs.list(projectId, name, dataType, archived, after, limit);
    }

    private void requireNameFree(ScoreConfig config) {
        if (configs.liveNameTaken(config.projectId(), config.name(), config.id())) {
            throw ApiProblem.conflict("a live score config named '" + config.name() + "' already exists; archive it first");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
