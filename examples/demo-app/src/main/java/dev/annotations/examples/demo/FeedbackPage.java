package dev.annotations.examples.demo;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code GET /}: a chat page with thumbs up / down that records the click as a FEEDBACK score on the span
 * that answered, straight from the browser, with annotation-api's {@code /ui/feedback.js} and a public
 * FEEDBACK key. {@code DEMO_ANNOTATION_URL} is the service's base URL (its {@code ANNOTATION_CORS_ORIGINS}
 * must name this app's origin), {@code DEMO_FEEDBACK_KEY} a key with role FEEDBACK.
 */
final class FeedbackPage {
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");
    private static final Pattern KEY = Pattern.compile("ak_[A-Za-z0-9]{1,100}");

    private final String page;

    FeedbackPage(String annotationUrl, String feedbackKey) {
        if (annotationUrl == null || feedbackKey == null) {
            page = null;
            return;
        }
        // both land in HTML attributes: only characters that need no escaping are accepted
        if (!URL.matcher(annotationUrl).matches()) {
            throw new IllegalArgumentException("DEMO_ANNOTATION_URL must be scheme://host[:port], was '" + annotationUrl + "'");
        }
        if (!KEY.matcher(feedbackKey).matches()) {
            throw new IllegalArgumentException("DEMO_FEEDBACK_KEY must be an annotation-api key (ak_…)");
        }
        page = template().replace("%ANNOTATIONS%", annotationUrl).replace("%KEY%", feedbackKey);
    }

    void show(Context ctx) {
        if (page == null) {
            ctx.status(404).result("set DEMO_ANNOTATION_URL and DEMO_FEEDBACK_KEY to get the feedback page");
            return;
        }
        ctx.html(page);
    }

    private static String template() {
        try (InputStream in = FeedbackPage.class.getResourceAsStream("/demo/feedback-page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
