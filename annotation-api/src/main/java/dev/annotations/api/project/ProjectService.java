package dev.annotations.api.project;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.ExpiringCache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Projects: creation and edits by the bootstrap key, listing, the first-start default project, and which
 * spans each project sees.
 */
public final class ProjectService {
    private static final Logger LOG = Logger.getLogger(ProjectService.class.getName());
    /** Fixed, so that two instances bootstrapping an empty database at once create the same project. */
    static final UUID DEFAULT_PROJECT_ID = UUID.nameUUIDFromBytes("llm-annotations/default-project".getBytes(StandardCharsets.UTF_8));
    static final String BOOTSTRAP_KEY_NAME = "bootstrap-admin";

    private final ProjectRepository projects;
    private final ApiKeyService keys;
    private final Clock clock;
    /** Read on every span read; like keys, reused for {@link #CACHE_TTL} (then reloaded in the background), renewed at once on this instance. */
    private final ExpiringCache<UUID, Optional<SpanVisibility>> visibility;
    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    public ProjectService(ProjectRepository projects, ApiKeyService keys, Clock clock) {
        this.projects = projects;
        this.keys = keys;
        this.clock = clock;
        this.visibility = new ExpiringCache<>(clock, CACHE_TTL, 10_000);
    }

    public Project create(String name, Optional<SpanVisibility> spanVisibility, Principal creator) {
        Project project = new Project(UUID.randomUUID(), name, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                creator.name(), spanVisibility.map(given -> SpanVisibilityRules.check(given, "spanVisibility.")));
        projects.insert(project, Columns.versionAt(clock.instant()));
        return project;
    }

    /** A new name and/or span visibility; {@code resetVisibility} returns it to the default. */
    public Project edit(UUID id, Optional<String> name, Optional<SpanVisibility> spanVisibility, boolean resetVisibility) {
        Project current = get(id);
        Optional<SpanVisibility> visible = resetVisibility ? Optional.empty()
                : spanVisibility.map(given -> SpanVisibilityRules.check(given, "spanVisibility."))
                .or(current::spanVisibility);
        Project edited = new Project(id, name.orElse(current.name()), current.createdAt(), current.createdBy(), visible);
        projects.insert(edited, Columns.versionAt(clock.instant()));
        visibility.invalidate(id);
        return edited;
    }

    /**
     * Which spans {@code projectId} sees: as set, else by default every span for the first project (a
     * deployment with one team keeps seeing what its Collector writes) and only its own for the others.
     */
    public SpanVisibility spanVisibility(UUID projectId) {
        return visibility.get(projectId, id -> Optional.of(resolveVisibility(id))).orElseThrow();
    }

    private SpanVisibility resolveVisibility(UUID projectId) {
        Optional<Project> project = projects.findById(projectId);
        if (project.isEmpty()) {
            return SpanVisibility.OWN;
        }
        if (project.get().spanVisibility().isPresent()) {
            return project.get().spanVisibility().get();
        }
        List<Project> all = projects.listAll();
        return !all.isEmpty() && all.getFirst().id().equals(projectId) ? SpanVisibility.ALL : SpanVisibility.OWN;
    }

    /** The bootstrap key sees every project; any other key sees its own. */
    public List<Project> visibleTo(Principal principal) {
        if (principal.canCreateProjects()) {
            return projects.listAll();
        }
        return projects.findById(principal.projectId()).map(List::of).orElse(List.of());
    }

    public Project get(UUID id) {
        return projects.findById(id).orElseThrow(() -> ApiProblem.notFound("no project " + id));
    }

    /**
     * On an empty database: creates the default project and its admin key, from
     * {@code configuredSecret} when given, else from a generated secret handed to {@code announce} once.
     * Safe to run again after a failure: a default project left without any key (a start that failed between
     * the two writes) gets its key on the next run.
     */
    public void bootstrapIfEmpty(Optional<String> configuredSecret, Consumer<String> announce) {
        boolean empty = projects.isEmpty();
        boolean keyMissing = !empty && projects.findById(DEFAULT_PROJECT_ID).isPresent()
                && keys.list(DEFAULT_PROJECT_ID).isEmpty();
        if (!empty && !keyMissing) {
            return;
        }
        if (empty) {
            projects.insert(new Project(DEFAULT_PROJECT_ID, "default", clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    "bootstrap", Optional.empty()), 1);
        }
        String secret = configuredSecret.orElseGet(keys::newSecret);
        keys.register(DEFAULT_PROJECT_ID, BOOTSTRAP_KEY_NAME, Role.ADMIN, secret, true);
        if (configuredSecret.isPresent()) {
            LOG.info("created the default project with the admin key from ANNOTATION_BOOTSTRAP_ADMIN_KEY");
        } else {
            announce.accept(secret);
        }
    }
}
