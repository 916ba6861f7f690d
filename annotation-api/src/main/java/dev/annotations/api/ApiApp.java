package dev.annotations.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.analytics.AnalyticsController;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.automation.AutomationController;
import dev.annotations.api.dataset.DatasetController;
import dev.annotations.api.evaluation.EvaluationRejectionController;
import dev.annotations.api.export.ExportController;
import dev.annotations.api.http.Cors;
import dev.annotations.api.http.DeclaredQueryParams;
import dev.annotations.api.http.ErrorBodies;
import dev.annotations.api.http.JettyErrorHandler;
import dev.annotations.api.http.ProblemMapper;
import dev.annotations.api.http.UnreadBody;
import dev.annotations.api.otlp.OtlpController;
import dev.annotations.api.project.ApiKeyController;
import dev.annotations.api.project.ProjectController;
import dev.annotations.api.queue.QueueController;
import dev.annotations.api.score.ScoreController;
import dev.annotations.api.scoreconfig.ScoreConfigController;
import dev.annotations.api.system.SystemController;
import dev.annotations.api.trace.TraceController;
import dev.annotations.api.ui.UiController;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds the Javalin app from controllers: every route, the auth filter, the security headers and the
 * error mapper (Javalin's and Jetty's own errors included), in one place.
 */
public final class ApiApp {
    /** The OTLP receiver's paths: their errors are {@code google.rpc.Status}, as the OTLP specification wants. */
    static final Predicate<String> OTLP_PATHS = path -> path.equals("/v1") || path.startsWith("/v1/");

    /** One route. Listing them as data keeps the OpenAPI document checkable against the app. */
    public record Route(HandlerType method, String path, Handler handler) {
    }

    private ApiApp() {
    }

    public static List<Route> routes(SystemController system, ProjectController projects, ApiKeyController keys,
                                     ScoreConfigController configs, ScoreController scores, TraceController traces,
                                     OtlpController otlp, EvaluationRejectionController rejections,
                                     QueueController queues, AnalyticsController analytics,
                                     DatasetController datasets, ExportController exports,
                                     AutomationController automations) {
        return java.util.stream.Stream.concat(List.of(
                new Route(HandlerType.GET, "/health", system::health),
                new Route(HandlerType.GET, "/ready", system::ready),
                new Route(HandlerType.GET, "/openapi.json", system::openApi),
                new Route(HandlerType.GET, "/docs", system::docs),
                new Route(HandlerType.GET, "/api/v1/me", projects::me),
                new Route(HandlerType.GET, "/api/v1/projects", projects::list),
                new Route(HandlerType.POST, "/api/v1/projects", projects::create),
                new Route(HandlerType.PATCH, "/api/v1/projects/{projectId}", projects::edit),
                new Route(HandlerType.GET, "/api/v1/projects/{projectId}/keys", keys::list),
                new Route(HandlerType.POST, "/api/v1/projects/{projectId}/keys", keys::create),
                new Route(HandlerType.DELETE, "/api/v1/projects/{projectId}/keys/{keyId}", keys::revoke),
                new Route(HandlerType.GET, "/api/v1/score-configs", configs::list),
                new Route(HandlerType.POST, "/api/v1/score-configs", configs::create),
                new Route(HandlerType.GET, "/api/v1/score-configs/{configId}", configs::get),
                new Route(HandlerType.PATCH, "/api/v1/score-configs/{configId}", configs::edit),
                new Route(HandlerType.POST, "/api/v1/score-configs/{configId}/archive", configs::archive),
                new Route(HandlerType.POST, "/api/v1/score-configs/{configId}/restore", configs::restore),
                new Route(HandlerType.GET, "/api/v1/scores", scores::list),
                new Route(HandlerType.POST, "/api/v1/scores", scores::create),
                new Route(HandlerType.POST, "/api/v1/scores/batch", scores::createBatch),
                new Route(HandlerType.GET, "/api/v1/scores/{scoreId}", scores::get),
                new Route(HandlerType.PATCH, "/api/v1/scores/{scoreId}", scores::edit),
                new Route(HandlerType.DELETE, "/api/v1/scores/{scoreId}", scores::delete),
                new Route(HandlerType.GET, "/api/v1/scores/{scoreId}/history", scores::history),
                new Route(HandlerType.GET, "/api/v1/traces/{traceId}", traces::trace),
                new Route(HandlerType.GET, "/api/v1/sessions/{sessionId}", traces::session),
                new Route(HandlerType.GET, "/api/v1/spans", traces::spans),
                new Route(HandlerType.GET, "/api/v1/evaluation-rejections", rejections::list),
                new Route(HandlerType.GET, "/api/v1/queues", queues::list),
                new Route(HandlerType.POST, "/api/v1/queues", queues::create),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}", queues::get),
                new Route(HandlerType.PATCH, "/api/v1/queues/{queueId}", queues::edit),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}/progress", queues::progress),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/next", queues::next),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}/items", queues::items),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items", queues::addItems),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}/jobs/{jobId}", queues::job),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}/items/{itemId}", queues::item),
                new Route(HandlerType.DELETE, "/api/v1/queues/{queueId}/items/{itemId}", queues::removeItem),
                new Route(HandlerType.GET, "/api/v1/queues/{queueId}/items/{itemId}/history", queues::history),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/assign", queues::assign),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/release", queues::release),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/skip", queues::skip),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/submit", queues::submit),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/approve", queues::approve),
                new Route(HandlerType.POST, "/api/v1/queues/{queueId}/items/{itemId}/return", queues::returnItem),
                new Route(HandlerType.GET, "/api/v1/analytics/agreement", analytics::agreement),
                new Route(HandlerType.GET, "/api/v1/analytics/agreement/units", analytics::units),
                new Route(HandlerType.GET, "/api/v1/analytics/judges", analytics::judges),
                new Route(HandlerType.GET, "/api/v1/analytics/retrieval", analytics::retrieval),
                new Route(HandlerType.POST, "/v1/traces", otlp::traces),
                new Route(HandlerType.POST, "/v1/logs", otlp::logs)).stream(),
                datasetRoutes(datasets, exports, automations).stream()).toList();
    }

    /** Datasets and exports (issue 16), listed apart so the two lists merge without conflicts. */
    private static List<Route> datasetRoutes(DatasetController datasets, ExportController exports,
                                             AutomationController automations) {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/datasets", datasets::list),
                new Route(HandlerType.POST, "/api/v1/datasets", datasets::create),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}", datasets::get),
                new Route(HandlerType.PATCH, "/api/v1/datasets/{datasetId}", datasets::edit),
                new Route(HandlerType.POST, "/api/v1/datasets/{datasetId}/archive", datasets::archive),
                new Route(HandlerType.POST, "/api/v1/datasets/{datasetId}/restore", datasets::restore),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}/versions", datasets::versions),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}/items", datasets::items),
                new Route(HandlerType.POST, "/api/v1/datasets/{datasetId}/items", datasets::addItems),
                new Route(HandlerType.POST, "/api/v1/datasets/{datasetId}/items:import", datasets::importItems),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}/items/{itemId}", datasets::item),
                new Route(HandlerType.PATCH, "/api/v1/datasets/{datasetId}/items/{itemId}", datasets::editItem),
                new Route(HandlerType.DELETE, "/api/v1/datasets/{datasetId}/items/{itemId}", datasets::removeItem),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}/jobs/{jobId}", datasets::job),
                new Route(HandlerType.GET, "/api/v1/datasets/{datasetId}/export", exports::dataset),
                new Route(HandlerType.GET, "/api/v1/exports/scores", exports::scores),
                new Route(HandlerType.POST, "/api/v1/exports", exports::create),
                new Route(HandlerType.GET, "/api/v1/exports/{exportId}", exports::job),
                new Route(HandlerType.GET, "/api/v1/exports/{exportId}/download", exports::download),
                new Route(HandlerType.GET, "/api/v1/automations", automations::list),
                new Route(HandlerType.POST, "/api/v1/automations", automations::create),
                new Route(HandlerType.GET, "/api/v1/automations/{automationId}", automations::get),
                new Route(HandlerType.PATCH, "/api/v1/automations/{automationId}", automations::edit),
                new Route(HandlerType.GET, "/api/v1/automations/{automationId}/runs", automations::runs));
    }

    /**
     * The security headers of every response to {@code path}, errors Jetty answers itself included. Kept
     * in this one place so each page's policy is read (and extended) together.
     */
    public static Map<String, String> securityHeaders(String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        if (path.equals("/") || path.equals("/ui") || path.startsWith("/ui/")) {
            // the annotator UI: its own bundle only, talking only to this service
            headers.put("Content-Security-Policy", UiController.CONTENT_SECURITY_POLICY);
        } else if (path.equals("/docs") || path.startsWith("/webjars/")) {
            // Swagger UI: an inline start script and inline styles; it only must not be framed
            headers.put("Content-Security-Policy", "frame-ancestors 'none'");
        } else {
            // JSON, protobuf and problem answers are data, never documents: nothing may load or frame them
            headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
        if (path.startsWith("/api/")) {
            // answers carry a project's data and depend on the key: no cache may keep them
            headers.put("Cache-Control", "no-store");
        }
        return headers;
    }

    /** The OpenAPI document the service serves ({@code openapi.json} on the class path). */
    public static JsonNode openApi(ObjectMapper mapper) {
        try (InputStream in = ApiApp.class.getClassLoader().getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource openapi.json");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The app with every route. {@code idleTimeout} is Jetty's limit on a silent connection; Jetty 12 also
     * fails a request whose handler runs longer than it, so it must exceed the slowest request's bound.
     */
    public static Javalin create(ObjectMapper mapper, long maxRequestBytes, Duration idleTimeout, AccessControl access,
                                 Cors cors, List<Route> routes) {
        ErrorBodies errors = new ErrorBodies(mapper, OTLP_PATHS);
        ProblemMapper problems = new ProblemMapper(errors);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Javalin adds its connector just before Jetty starts: set the timeout as the server starts.
            config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector instanceof AbstractConnector network) {
                            network.setIdleTimeout(idleTimeout.toMillis());
                        }
                    }
                }
            }));
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = maxRequestBytes;
            // a known path with another method is 405 (with Allow), not 404
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler(errors, ApiApp::securityHeaders)));
            config.staticFiles.enableWebjars();
            config.routes.before(ctx -> securityHeaders(ctx.path()).forEach(ctx::header));
            // a body the handler did not need is read before the answer, so the connection stays usable
            config.routes.after(ctx -> UnreadBody.drain(ctx, maxRequestBytes));
            // browser feedback: a page of an allowed origin posts scores with a FEEDBACK key
            config.routes.before(AccessControl.FEEDBACK_ROUTE, cors::headers);
            config.routes.addHttpHandler(HandlerType.OPTIONS, AccessControl.FEEDBACK_ROUTE, cors::preflight);
            config.routes.beforeMatched("/api/*", access::authenticate);
            // a query parameter the operation does not declare is refused, as an unknown body field is
            DeclaredQueryParams declared = DeclaredQueryParams.from(openApi(mapper));
            for (Route route : routes) {
                String method = route.method().name();
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> {
                    declared.check(method, route.path(), ctx.queryParamMap());
                    route.handler().handle(ctx);
                });
            }
            // the annotator web UI: public static assets, not part of the API (nor of its OpenAPI document)
            UiController ui = UiController.fromClasspath();
            config.routes.addHttpHandler(HandlerType.GET, "/", ui::root);
            config.routes.addHttpHandler(HandlerType.GET, "/ui", ui::page);
            // the browser feedback module: imported by other origins' pages, so it is CORS-readable
            config.routes.addHttpHandler(HandlerType.GET, "/ui/feedback.js", ui::feedbackScript);
            config.routes.addHttpHandler(HandlerType.GET, "/ui/*", ui::page);
            problems.register(config.routes);
        });
    }
}
