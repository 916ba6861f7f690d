package dev.annotations.examples.demo;

import dev.annotations.otel.feedback.Feedback;
import dev.annotations.otel.feedback.FeedbackEvent;
import dev.annotations.otel.feedback.FeedbackTarget;
import io.javalin.http.Context;

/**
 * {@code POST /feedback {"trace", "name", "value"?, "label"?, "comment"?, "userId"?}}: feedback that arrives
 * after the answer, naming it by the {@code server-timing: trace;desc=…} value the answer's response
 * carried. A malformed trace context or value answers 400 (feedback-api refuses it at the call site).
 */
final class FeedbackController {
    record FeedbackRequest(String trace, String name, Double value, String label, String comment, String userId) {
    }

    void record(Context ctx) {
        FeedbackRequest request = ctx.bodyAsClass(FeedbackRequest.class);
        FeedbackTarget target = Feedback.forSpanContext(request.trace());
        FeedbackEvent event;
        if (request.value() != null) {
            event = target.score(request.name(), request.value());
            if (request.label() != null) {
                event.label(request.label());
            }
        } else {
            event = target.label(request.name(), request.label());
        }
        if (request.comment() != null) {
            event.comment(request.comment());
        }
        if (request.userId() != null) {
            event.userId(request.userId());
        }
        event.emit();
        ctx.status(202);
    }
}
