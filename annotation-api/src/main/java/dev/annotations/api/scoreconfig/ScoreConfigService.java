package dev.annotations.api.scoreconfig;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.ExpiringCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, editing, archiving and finding score configs; the rules live in {@link ScoreConfigRules}. */
public final class ScoreConfigService {
    /**
     * How long a config read for validating scores is reused. An edit or archive takes effect at once on
     * the instance that made it, and within this time plus one background reload on other instances sharing the
     * database ({@link ExpiringCache}: at most twice this time).
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final int CACHE_SIZE = 10_000;

    private final ScoreConfigRepository configs;
    private final ConfigUsageSource usage;
    private final Clock clock;
    private final ExpiringCache<ConfigKey, Optional<ScoreConfig>> cache;

    private record ConfigKey(UUID projectId, UUID id) {
    }

    public ScoreConfigService(ScoreConfigRepository configs, ConfigUsageSource usage, Clock clock) {
        this.configs = configs;
        this.usage = usage;
        this.clock = clock;
        this.cache = new ExpiringCache<>(clock, CACHE_TTL, CACHE_SIZE);
    }

    public ScoreConfig create(Principal author, ScoreConfigDraft draft) {
        Instant now = now();
        ScoreConfig config = ScoreConfigRules.build(draft, UUID.randomUUID(), author.projectId(), now, author.name(),
                now, author.name());
        requireNameFree(config);
        save(config);
        return config;
    }

    public ScoreConfig get(UUID projectId, UUID id) {
        return configs.find(projectId, id).orElseThrow(() -> ApiProblem.notFound("no score config " + id));
    }

    /** For validating scores: may be up to twice {@link #CACHE_TTL} old when another instance changed the config. */
    public Optional<ScoreConfig> find(UUID projectId, UUID id) {
        return cache.get(new ConfigKey(projectId, id), key -> configs.find(key.projectId(), key.id()));
    }

    /** Applies an edit when every stored score stays valid under it; otherwise 409 with the reasons. */
    public ScoreConfig edit(Principal author, UUID id, ScoreConfigDraft.Patch patch) {
        ScoreConfig current = get(author.projectId(), id);
        ScoreConfig updated = ScoreConfigRules.build(patch.applyTo(current), current.id(), current.projectId(),
                current.createdAt(), current.createdBy(), now(), author.name());
        List<String> conflicts = ConfigCompatibility.conflicts(current, updated,
                usage.usage(current.projectId(), current.id()));
        if (!conflicts.isEmpty()) {
            throw ApiProblem.conflict("the edit would invalidate stored scores: " + String.join("; ", conflicts));
        }
        ScoreConfig saved = current.archived() ? updated.withArchived(true, updated.updatedAt(), author.name()) : updated;
        save(saved);
        return saved;
    }

    public ScoreConfig archive(Principal author, UUID id) {
        ScoreConfig current = get(author.projectId(), id);
        if (current.archived()) {
            return current;
        }
        ScoreConfig archived = current.withArchived(true, now(), author.name());
        save(archived);
        return archived;
    }

    public ScoreConfig restore(Principal author, UUID id) {
        ScoreConfig current = get(author.projectId(), id);
        if (!current.archived()) {
            return current;
        }
        requireNameFree(current);
        ScoreConfig restored = current.withArchived(false, now(), author.name());
        save(restored);
        return restored;
    }

    public List<ScoreConfig> list(UUID projectId, Optional<String> name, Optional<DataType> dataType,
                                  Optional<Boolean> archived, Optional<ScoreConfigRepository.After> after, int limit) {
        return list(projectId, name.stream().toList(), dataType.stream().toList(), archived, after, limit);
    }

    /** Configs with any of {@code names} (all when empty) and any of {@code dataTypes} (all when empty). */
    public List<ScoreConfig> list(UUID projectId, List<String> names, List<DataType> dataTypes,
                                  Optional<Boolean> archived, Optional<ScoreConfigRepository.After> after, int limit) {
        return configs.list(projectId, names, dataTypes, archived, after, limit);
    }

    private void save(ScoreConfig config) {
        configs.save(config);
        cache.invalidate(new ConfigKey(config.projectId(), config.id()));
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
