package dev.annotations.api.project;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** Projects: creation by the bootstrap key, listing, and the first-start default project. */
public final class ProjectService {
    private static final Logger LOG = Logger.getLogger(ProjectService.class.getName());
    /** Fixed, so that two instances bootstrapping an empty database at once create the same project. */
    static final UUID DEFAULT_PROJECT_ID = UUID.nameUUIDFromBytes("llm-annotations/default-project".getBytes(StandardCharsets.UTF_8));
    static final String BOOTSTRAP_KEY_NAME = "bootstrap-admin";

    private final ProjectRepository projects;
    private final ApiKeyService keys;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, ApiKeyService keys, Clock clock) {
        this.projects = projects;
        this.keys = keys;
        this.clock = clock;
    }

    public Project create(String name, Principal creator) {
        Project project = new Project(UUID.randomUUID(), name, clock.instant().truncatedTo(ChronoUnit.MILLIS), creator.name());
        projects.insert(project);
        return project;
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
     */
    public void bootstrapIfEmpty(Optional<String> configuredSecret, Consumer<String> announce) {
        if (!projects.isEmpty()) {
            return;
        }
        projects.insert(new Project(DEFAULT_PROJECT_ID, "default", clock.instant().truncatedTo(ChronoUnit.MILLIS), "bootstrap"));
        String secret = configuredSecret.orElseGet(keys::newSecret);
        keys.register(DEFAULT_PROJECT_ID, BOOTSTRAP_KEY_NAME, Role.ADMIN, secret, true);
        if (configuredSecret.isPresent()) {
            LOG.info("created the default project with the admin key from ANNOTATION_BOOTSTRAP_ADMIN_KEY");
        } else {
            announce.accept(secret);
        }
    }
}
