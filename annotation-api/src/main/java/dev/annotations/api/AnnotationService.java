package dev.annotations.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.analytics.Analytics;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.FeedbackLimiter;
import dev.annotations.api.automation.Automations;
import dev.annotations.api.http.Cors;
import dev.annotations.api.collector.CollectorRepository;
import dev.annotations.api.config.AppConfig;
import dev.annotations.api.dataset.DatasetDirectory;
import dev.annotations.api.dataset.Datasets;
import dev.annotations.api.evaluation.EvaluationInboxReader;
import dev.annotations.api.evaluation.EvaluationInboxRepository;
import dev.annotations.api.evaluation.EvaluationIngest;
import dev.annotations.api.evaluation.EvaluationRejectionController;
import dev.annotations.api.evaluation.EvaluationRejections;
import dev.annotations.api.export.Exports;
import dev.annotations.api.http.Json;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.migration.MigrationCatalog;
import dev.annotations.api.migration.Migrator;
import dev.annotations.api.otlp.OtlpController;
import dev.annotations.api.otlp.OtlpService;
import dev.annotations.api.project.ApiKeyController;
import dev.annotations.api.project.ApiKeyRepository;
import dev.annotations.api.project.ApiKeySecrets;
import dev.annotations.api.project.ApiKeyService;
import dev.annotations.api.project.ProjectController;
import dev.annotations.api.project.ProjectRepository;
import dev.annotations.api.project.ProjectService;
import dev.annotations.api.queue.QueueDirectory;
import dev.annotations.api.queue.Queues;
import dev.annotations.api.score.ScoreController;
import dev.annotations.api.score.ScoreLog;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.score.ScoreWriter;
import dev.annotations.api.scoreconfig.ScoreConfigController;
import dev.annotations.api.scoreconfig.ScoreConfigRepository;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.system.HealthSource;
import dev.annotations.api.system.Readiness;
import dev.annotations.api.system.StartupSequence;
import dev.annotations.api.system.SystemController;
import dev.annotations.api.trace.TraceController;
import dev.annotations.api.trace.TraceRepository;
import dev.annotations.api.trace.TraceService;
import io.javalin.Javalin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The composition root: builds storage, repositories, services and controllers from one
 * {@link AppConfig}, migrates the schema, bootstraps an empty database and serves HTTP. Tests build the
 * very same graph with their own configuration.
 */
public final class AnnotationService implements AutoCloseable {
    private final ClickHouseStorage storage;
    private final ScoreWriter scoreWriter;
    private final ScoreLog scoreLog;
    private final EvaluationInboxReader inboxReader;
    private final Queues queues;
    private final Datasets datasets;
    private final Exports exports;
    private final Automations automations;
    private final Javalin app;
    private final List<ApiApp.Route> routes;

    private AnnotationService(ClickHouseStorage storage, ScoreWriter scoreWriter, ScoreLog scoreLog,
                              EvaluationInboxReader inboxReader, Queues queues, Datasets datasets, Exports exports,
                              Automations automations, Javalin app, List<ApiApp.Route> routes) {
        this.storage = storage;
        this.scoreWriter = scoreWriter;
        this.scoreLog = scoreLog;
        this.inboxReader = inboxReader;
        this.queues = queues;
        this.datasets = datasets;
        this.exports = exports;
        this.automations = automations;
        this.app = app;
        this.routes = routes;
    }

    /**
     * Starts the service: HTTP first (so {@code /health} answers and {@code /ready} says what start-up waits
     * for), then — each step retried with capped backoff while ClickHouse is unreachable or busy — connect,
     * migrate, bootstrap an empty database and install the evaluation inbox; then {@code /ready} answers 200.
     * Returns once ready.
     *
     * @param announceBootstrapKey receives a generated bootstrap admin key, the only time it is visible
     * @throws StartupSequence.StartupFailedException when start-up cannot proceed (a changed migration, DDL
     *                                                ClickHouse refuses, wrong credentials); nothing is left running
     */
    public static AnnotationService start(AppConfig config, Clock clock, Consumer<String> announceBootstrapKey) {
        return start(config, clock, announceBootstrapKey, Thread::sleep);
    }

    /** Like {@link #start(AppConfig, Clock, Consumer)}, pausing between start-up attempts with {@code pause}. */
    static AnnotationService start(AppConfig config, Clock clock, Consumer<String> announceBootstrapKey,
                                   StartupSequence.Pause pause) {
        ClickHouseStorage storage = ClickHouseStorage.open(config);
        ScoreWriter scoreWriter = null;
        ScoreLog scoreLog = null;
        EvaluationInboxReader inboxReader = null;
        Queues queues = null;
        Datasets datasets = null;
        Exports exports = null;
        Automations automations = null;
        Javalin app = null;
        try {
            ObjectMapper mapper = Json.mapper();
            JsonBody json = new JsonBody(mapper);
            Readiness readiness = new Readiness();

            ApiKeyService keys = new ApiKeyService(new ApiKeyRepository(storage, clock),
                    new ApiKeySecrets(new SecureRandom()), clock);
            ProjectRepository projectRepository = new ProjectRepository(storage);
            ProjectService projects = new ProjectService(projectRepository, keys, clock);
            AccessControl access = new AccessControl(keys, new FeedbackLimiter(config.feedback().ratePerMinute(), clock));
            AppConfig.ScoreDurability durability = config.scoreDurability();
            // with a server and durability insert, the server coalesces every instance's score INSERTs
            ScoreRepository scoreRepository = new ScoreRepository(storage, !config.embedded() && !durability.log());
            ScoreConfigService configs = new ScoreConfigService(new ScoreConfigRepository(storage, clock),
                    scoreRepository, clock);
            ScoreLog.Limits limits = new ScoreLog.Limits(durability.maxPendingRows(), durability.maxPendingBytes(),
                    durability.loadInterval());
            boolean appendToLog = durability.log();
            if (appendToLog) {
                // opened before HTTP serves: what the log holds unloaded is visible to the first request
                scoreLog = ScoreLog.open(durability.logDirectory(), scoreRepository, limits);
            } else if (java.nio.file.Files.isDirectory(durability.logDirectory())) {
                // switched from log to insert: what the log still holds was acknowledged, so it is loaded all the same
                scoreLog = ScoreLog.open(durability.logDirectory(), scoreRepository, limits);
                if (scoreLog.statistics().pendingRows() == 0) {
                    scoreLog.close();
                    scoreLog = null;
                }
            }
            scoreWriter = new ScoreWriter(scoreRepository, scoreLog, appendToLog);
            // a score's queueId must name one of its project's queues; the queue feature answers
            ScoreService scores = new ScoreService(scoreWriter, scoreRepository, configs,
                    new QueueDirectory(storage, clock), new DatasetDirectory(storage, clock), clock);
            EvaluationRejections rejections = new EvaluationRejections(storage, clock);
            EvaluationIngest evaluations = new EvaluationIngest(scores, configs, rejections);
            CollectorRepository collector = new CollectorRepository(storage, clock);
            TraceService traces = new TraceService(new TraceRepository(storage, scoreRepository), scoreRepository, projects);
            // each call asks the calling thread's generator: one ThreadLocalRandom shared by threads would not be
            RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
            Analytics analytics = new Analytics(storage, configs);
            // a successor waits out the longest an old owner's INSERT may run before it takes a queue over
            queues = new Queues(storage, scores, traces, configs, analytics.agreement(), access, json, UUID::randomUUID,
                    random, clock, config.queueClaims(),
                    AppConfig.Timeouts.socketTimeout(config.timeouts().writeSeconds()), config.embedded());
            datasets = new Datasets(storage, traces, scoreRepository, queues.service(), access, json, UUID::randomUUID, clock);
            String instance = "annotation-api/" + UUID.randomUUID();
            exports = new Exports(storage, datasets.service(), access, config.dataDirectory().resolve("exports"),
                    instance, UUID::randomUUID, clock);
            automations = new Automations(storage, queues.service(), traces, datasets, access, json, UUID::randomUUID, clock);

            List<ApiApp.Route> routes = ApiApp.routes(
                    new SystemController(storage, readiness, healthSources(scoreLog, queues)),
                    new ProjectController(projects, access, json),
                    new ApiKeyController(keys, projects, access, json),
                    new ScoreConfigController(configs, access, json),
                    new ScoreController(scores, access, json),
                    new TraceController(traces, access, clock),
                    new OtlpController(access, new OtlpService(collector, evaluations), mapper,
                            config.ingest().otlpMaxDecodedBytes()),
                    new EvaluationRejectionController(rejections, access),
                    queues.controller(),
                    analytics.controller(queues.service(), access),
                    datasets.controller(),
                    exports.controller(),
                    automations.controller());
            app = ApiApp.create(mapper, config.maxRequestBytes(), config.timeouts().httpIdleTimeout(), access,
                    new Cors(config.feedback().corsOrigins()), routes);
            app.start(config.host(), config.port());
            int listening = app.port();
            queues.serveAt(config.queueClaims().advertisedUrl().orElseGet(() -> defaultAddress(config.host(), listening)));

            Migrator migrator = new Migrator(storage, MigrationCatalog.load(), "annotation-api/" + UUID.randomUUID(), clock);
            EvaluationInboxRepository inbox = new EvaluationInboxRepository(storage, collector, mapper);
            int[] version = {-1};
            new StartupSequence(readiness, config.timeouts().startupRetryMax(), pause).run(List.of(
                    new StartupSequence.Step("waiting for ClickHouse at " + storage.endpoint(), storage::connect),
                    new StartupSequence.Step("migrating the schema", () -> version[0] = migrator.migrate()),
                    new StartupSequence.Step("creating the default project",
                            () -> projects.bootstrapIfEmpty(config.bootstrapAdminKey(), announceBootstrapKey)),
                    new StartupSequence.Step("installing the evaluation inbox", inbox::install)));
            inboxReader = new EvaluationInboxReader(inbox, scoreRepository, projectRepository, evaluations,
                    config.ingest().eventsProjectId(), config.ingest().eventsPollLag(), clock);
            if (!config.ingest().eventsPollInterval().isZero()) {
                inboxReader.start(config.ingest().eventsPollInterval());
            }
            if (scoreLog != null) {
                scoreLog.startLoading();
            }
            queues.startLoading();
            readiness.migrated(version[0]);
            automations.start();
            return new AnnotationService(storage, scoreWriter, scoreLog, inboxReader, queues, datasets, exports, automations, app,
                    routes);
        } catch (RuntimeException e) {
            if (app != null) {
                app.stop();
            }
            if (automations != null) {
                automations.close();
            }
            if (exports != null) {
                exports.close();
            }
            if (datasets != null) {
                datasets.close();
            }
            if (queues != null) {
                queues.close();
            }
            if (inboxReader != null) {
                inboxReader.close();
            }
            if (scoreWriter != null) {
                scoreWriter.close();
            }
            if (scoreLog != null) {
                scoreLog.close();
            }
            storage.close();
            throw e;
        }
    }

    private static List<HealthSource> healthSources(ScoreLog scoreLog, Queues queues) {
        List<HealthSource> sources = new ArrayList<>();
        if (scoreLog != null) {
            sources.add(scoreLog);
        }
        sources.addAll(queues.healthSources());
        return sources;
    }

    /** Where other instances reach this one when no ANNOTATION_ADVERTISED_URL says. */
    private static String defaultAddress(String host, int port) {
        String name = host;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                name = "127.0.0.1";
            }
        }
        return "http://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
    }

    /** Stops as a crash would for the queues (claims not yet stored are lost, no lease given back), then closes (tests). */
    public void crash() {
        app.stop();
        queues.crash();
        inboxReader.close();
        scoreWriter.close();
        if (scoreLog != null) {
            scoreLog.close();
        }
        storage.close();
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

    /** The score log's figures (durability {@code log}); empty with durability {@code insert}. */
    public java.util.Optional<ScoreLog.Statistics> scoreLogStatistics() {
        return java.util.Optional.ofNullable(scoreLog).map(ScoreLog::statistics);
    }

    /** Reads the evaluation-event inbox now (tests; the service also reads it on a timer). */
    public int readEvaluationInbox() {
        return inboxReader.readOnce();
    }

    /** Runs every enabled automation once now (tests; the service also runs them on a timer). */
    public int runAutomations() {
        return automations.service().runOnce();
    }

    /** The dataset feature's service (benchmarks read the SQL of its exports). */
    public dev.annotations.api.dataset.DatasetService datasets() {
        return datasets.service();
    }

    public ClickHouseStorage storage() {
        return storage;
    }

    /** Stops taking requests, then closes storage (the embedded engine shuts down cleanly, data kept). */
    @Override
    public void close() {
        app.stop();
        automations.close();
        exports.close();
        datasets.close();
        queues.close();
        inboxReader.close();
        scoreWriter.close();
        if (scoreLog != null) {
            scoreLog.close();
        }
        storage.close();
    }
}
