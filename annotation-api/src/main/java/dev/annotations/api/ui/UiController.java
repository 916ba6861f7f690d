package dev.annotations.api.ui;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the annotator web UI, built by the Maven build (esbuild) into {@code ui/} on the classpath and
 * listed in {@code ui/assets.txt}. The assets are public; the data they show comes from the REST API with the
 * user's own key. Every path under {@code /ui} without a file extension is a screen of the single-page app
 * and answers {@code index.html}, so deep links ({@code /ui/queues/{id}}, {@code /ui/traces/{id}}, …) work.
 */
public final class UiController {
    /**
     * No inline script or style, nothing from another origin, never framed: the page runs only the bundle the
     * service ships and talks only to the service. Sent with the other security headers by {@code ApiApp}.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String ROOT = "ui/";

    private final Map<String, Asset> assets;

    /** A built file: hashed names never change content, so they may be cached for good; index.html may not. */
    record Asset(byte[] body, String contentType, boolean immutable) {
    }

    UiController(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** The assets on the classpath; none when the UI was not built (then {@code /ui} says so). */
    public static UiController fromClasspath() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        read("assets.txt").ifPresent(list -> list.lines().map(String::strip).filter(name -> !name.isEmpty())
                .forEach(name -> assets.put(name, new Asset(bytes(name).orElseThrow(() ->
                        new IllegalStateException("ui/assets.txt lists " + name + " but it is not on the classpath")),
                        contentType(name), !name.equals("index.html")))));
        return new UiController(assets);
    }

    /**
     * {@code GET /ui/feedback.js}: the dependency-free browser feedback module (source in
     * {@code src/main/resources/browser/feedback.js}, served as written). Pages of other origins import it as
     * an ES module, which browsers fetch in CORS mode: it is public, so any origin may read it.
     */
    public void feedbackScript(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/javascript; charset=utf-8").result(FEEDBACK_SCRIPT);
    }

    private static final byte[] FEEDBACK_SCRIPT = feedbackScriptBytes();

    private static byte[] feedbackScriptBytes() {
        try (InputStream in = UiController.class.getClassLoader().getResourceAsStream("browser/feedback.js")) {
            if (in == null) {
                throw new IllegalStateException("missing resource browser/feedback.js");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /}: the UI is the front door. */
    public void root(Context ctx) {
        ctx.redirect("/ui");
    }

    /** {@code GET /ui} and {@code GET /ui/*}: an asset by name, else the app for a screen's path. */
    public void page(Context ctx) {
        String path = ctx.path();
        String name = path.length() > "/ui/".length() ? path.substring("/ui/".length()) : "";
        Asset asset = assets.get(name);
        if (asset == null && (name.isEmpty() || !name.substring(name.lastIndexOf('/') + 1).contains("."))) {
            asset = assets.get("index.html");
            if (asset == null) {
                ctx.status(404).contentType("text/plain; charset=utf-8")
                        .result("The annotator UI is not part of this build (run the Maven build with npm available).");
                return;
            }
        }
        if (asset == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("No UI asset " + name);
            return;
        }
        ctx.header("Cache-Control", asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }

    private static Optional<String> read(String name) {
        return bytes(name).map(body -> new String(body, StandardCharsets.UTF_8));
    }

    private static Optional<byte[]> bytes(String name) {
        try (InputStream in = UiController.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
