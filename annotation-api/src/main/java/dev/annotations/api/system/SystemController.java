package dev.annotations.api.system;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.ClickHouseStorage;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Liveness, readiness, the OpenAPI document and the browsable API page. */
public final class SystemController {
    private final ClickHouseStorage storage;
    private final Readiness readiness;
    private final List<HealthSource> sources;
    private final byte[] openApi;
    private final String docsPage;

    public SystemController(ClickHouseStorage storage, Readiness readiness) {
        this(storage, readiness, List.of());
    }

    public SystemController(ClickHouseStorage storage, Readiness readiness, List<HealthSource> sources) {
        this.storage = storage;
        this.readiness = readiness;
        this.sources = List.copyOf(sources);
        this.openApi = resource("openapi.json");
        this.docsPage = new String(resource("docs.html"), StandardCharsets.UTF_8)
                .replace("${swaggerUiVersion}", swaggerUiVersion());
    }

    public record Health(String status) {
    }

    public record Ready(String status, int schemaVersion) {
    }

    /**
     * The process is alive (always 200); says nothing about ClickHouse. {@code status} is {@code degraded} when a
     * part needs an operator (the score log holds rows ClickHouse refused), with the reasons in {@code degraded};
     * each part's figures are in a field of its own.
     */
    public void health(Context ctx) {
        if (sources.isEmpty()) {
            ctx.json(new Health("ok"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> degraded = new ArrayList<>();
        sources.forEach(source -> source.degradedBecause().ifPresent(degraded::add));
        body.put("status", degraded.isEmpty() ? "ok" : "degraded");
        if (!degraded.isEmpty()) {
            body.put("degraded", String.join("; ", degraded));
        }
        sources.forEach(source -> body.put(source.name(), source.figures()));
        ctx.json(body);
    }

    /**
     * Start-up is done and ClickHouse answers within {@link ClickHouseStorage#PING_SECONDS}; otherwise 503 so
     * load balancers hold traffic back, with the reason in {@code detail} (what start-up waits for, or why
     * ClickHouse does not answer).
     */
    public void ready(Context ctx) {
        if (!readiness.isMigrated()) {
            throw notReady(ctx, readiness.notReadyBecause());
        }
        Optional<String> down = storage.unavailableReason();
        if (down.isPresent()) {
            throw notReady(ctx, "ClickHouse at " + storage.endpoint() + " does not answer: " + down.get());
        }
        ctx.json(new Ready("ready", readiness.schemaVersion()));
    }

    private static ApiProblem notReady(Context ctx, String detail) {
        ctx.header("Retry-After", "5");
        return new ApiProblem(503, "/problems/not-ready", "Not ready", detail, List.of());
    }

    public void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    public void docs(Context ctx) {
        ctx.html(docsPage);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SystemController.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = SystemController.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui webjar missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
