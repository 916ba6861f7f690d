package dev.annotations.examples.demo;

import io.javalin.Javalin;
import io.opentelemetry.api.GlobalOpenTelemetry;

/**
 * A small chat service instrumented only by the OpenTelemetry Java agent, plus three lines of
 * feedback-api: the end-to-end test (e2e-tests) and the README's walkthrough run it under the agent with
 * the annotation extension. Configuration: {@code DEMO_HOST} (default 127.0.0.1), {@code DEMO_PORT}
 * (default 8090; 0 picks a free port); {@code DEMO_ANNOTATION_URL} and {@code DEMO_FEEDBACK_KEY} turn on the
 * browser feedback page at {@code /} ({@link FeedbackPage}). Prints {@code demo-app listening on port N} once it serves.
 */
public final class DemoApp {
    private DemoApp() {
    }

    public static Javalin create(ChatController chat, FeedbackController feedback) {
        return create(chat, feedback, new FeedbackPage(null, null));
    }

    static Javalin create(ChatController chat, FeedbackController feedback, FeedbackPage page) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", page::show);
            config.routes.get("/health", ctx -> ctx.result("ok"));
            config.routes.post("/chat", chat::chat);
            config.routes.post("/feedback", feedback::record);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(400).json(new ErrorResponse(e.getMessage())));
        });
    }

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("DEMO_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("DEMO_PORT", "8090"));
        ChatController chat = new ChatController(GlobalOpenTelemetry.getTracer("dev.annotations.examples.demo"), new Assistant());
        FeedbackPage page = new FeedbackPage(System.getenv("DEMO_ANNOTATION_URL"), System.getenv("DEMO_FEEDBACK_KEY"));
        Javalin app = create(chat, new FeedbackController(), page).start(host, port);
        System.out.println("demo-app listening on port " + app.port());
    }

    public record ErrorResponse(String error) {
    }
}
