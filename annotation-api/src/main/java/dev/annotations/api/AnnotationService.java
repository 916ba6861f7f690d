package dev.annotations.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.ApiKeyController;
import dev.annotations.api.auth.ApiKeyRepository;
import dev.annotations.api.auth.ApiKeySecrets;
import dev.annotations.api.auth.ApiKeyService;
import dev.annotations.api.config.AppConfig;
import dev.annotations.api.http.ApiApp;
import dev.annotations.api.http.Json;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.migration.MigrationCatalog;
import dev.annotations.api.migration.Migrator;
import dev.annotations.api.project.ProjectController;
import dev.annotations.api.project.ProjectRepository;
import dev.annotations.api.project.ProjectService;
import dev.annotations.api.score.ScoreController;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.score.ScoreWriter;
import dev.annotations.api.scoreconfig.ScoreConfigController;
import dev.annotations.api.scoreconfig.ScoreConfigRepository;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.system.Readiness;
import dev.annotations.api.system.SystemController;
import dev.annotations.api.trace.TraceController;
import dev.annotations.api.trace.TraceRepository;
import dev.annotations.api.trace.TraceService;
import io.javalin.Javalin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The composition root: builds storage, repositories, services and controllers from one
 * {@link AppConfig}, migrates the schema, bootstraps an empty database and serves HTTP. Tests build the
 * very same graph with their own configuration.
 */
public final class AnnotationService implements AutoCloseable {
    private final ClickHouseStorage storage;
    private final ScoreWriter scoreWriter;
    private final Javalin app;
    private final List<ApiApp.Route> routes;

    private AnnotationService(ClickHouseStorage storage, ScoreWriter scoreWriter, Javalin app, List<ApiApp.Route> routes) {
        this.storage = storage;
        this.scoreWriter = scoreWriter;
        this.app = app;
        this.routes = routes;
    }

    /**
     * Starts the service: HTTP first (so {@code /health} answers during start-up), then migrations and
     * bootstrap, after which {@code /ready} answers 200.
     *
     * @param announceBootstrapKey receives a generated bootstrap admin key, the only time it is visible
     */
    public static AnnotationService start(AppConfig config, Clock clock, Consumer<String> announceBootstrapKey) {
        ClickHouseStorage storage = ClickHouseStorage.open(config);
        ScoreWriter scoreWriter = null;
        try {
            ObjectMapper mapper = Json.mapper();
            JsonBody json = new JsonBody(mapper);
            Readiness readiness = new Readiness();

            ApiKeyService keys = new ApiKeyService(new ApiKeyRepository(storage, clock),
                    new ApiKeySecrets(new SecureRandom()), clock);
            ProjectService projects = new ProjectService(new ProjectRepository(storage), keys, clock);
            AccessControl access = new AccessControl(keys);
            ScoreConfigService configs = new ScoreConfigService(new ScoreConfigRepository(storage, clock), clock);
            ScoreRepository scoreRepository = new ScoreRepository(storage);
            scoreWriter = new ScoreWriter(scoreRepository);
            ScoreService scores = new ScoreService(scoreWriter, scoreRepository, configs, json, clock);
            TraceService traces = new TraceService(new TraceRepository(storage), scoreRepository);

            List<ApiApp.Route> routes = ApiApp.routes(
                    new SystemController(storage, readiness),
                    new ProjectController(projects, access, json),
                    new ApiKeyController(keys, projects, access, json),
                    new ScoreConfigController(configs, access, json),
                    new ScoreController(scores, access, json),
                    new TraceController(traces, access, clock));
            Javalin app = ApiApp.create(mapper, config.maxRequestBytes(), access, routes);
            app.start(config.host(), config.port());

            int version = new Migrator(storage, MigrationCatalog.load(), "annotation-api/" + UUID.randomUUID(), clock)
                    .migrate();
            projects.bootstrapIfEmpty(config.bootstrapAdminKey(), announceBootstrapKey);
            readiness.migrated(version);
            return new AnnotationService(storage, scoreWriter, app, routes);
        } catch (RuntimeException e) {
            if (scoreWriter != null) {
                scoreWriter.close();
            }
            storage.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** The routes the app serves, for checking the OpenAPI document against them. */
    public List<ApiApp.Route> routes() {
        return routes;
    }

    public ScoreWriter.Statistics scoreWriterStatistics() {
        return scoreWriter.statistics();
    }

    public ClickHouseStorage storage() {
        return storage;
    }

    /** Stops taking requests, then closes storage (the embedded engine shuts down cleanly, data kept). */
    @Override
    public void close() {
        app.stop();
        scoreWriter.close();
        storage.close();
    }
}
