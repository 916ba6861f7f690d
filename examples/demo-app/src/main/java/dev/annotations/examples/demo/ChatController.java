package dev.annotations.examples.demo;

import dev.annotations.otel.feedback.Feedback;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.UUID;

/**
 * {@code POST /chat {"question", "userId"?, "rating"?}}: answers inside a GenAI client span
 * ({@code chat demo-model-1}, the span the extension's rules tag for review). A request carrying a
 * {@code rating} (a survey widget submitted with the question) records it inline, on that span.
 */
final class ChatController {
    private final Tracer tracer;
    private final Assistant assistant;

    ChatController(Tracer tracer, Assistant assistant) {
        this.tracer = tracer;
        this.assistant = assistant;
    }

    record ChatRequest(String question, String userId, Double rating) {
    }

    record ChatResponse(String answer, String responseId) {
    }

    void chat(Context ctx) {
        ChatRequest request = ctx.bodyValidator(ChatRequest.class)
                .check(r -> r.question() != null && !r.question().isBlank(), "question is required")
                .get();
        Span span = tracer.spanBuilder("chat " + Assistant.MODEL).setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", "demo")
                .setAttribute("gen_ai.request.model", Assistant.MODEL)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Assistant.Answer answer = assistant.answer(request.question());
            String responseId = "resp-" + UUID.randomUUID();
            span.setAttribute("gen_ai.response.model", Assistant.MODEL);
            span.setAttribute("gen_ai.response.id", responseId);
            span.setAttribute("gen_ai.usage.input_tokens", answer.inputTokens());
            span.setAttribute("gen_ai.usage.output_tokens", answer.outputTokens());
            if (request.rating() != null) {
                var feedback = Feedback.score("helpfulness", request.rating()).comment("rated with the question")
                        .responseId(responseId);
                if (request.userId() != null) {
                    feedback.userId(request.userId());
                }
                feedback.emit();
            }
            ctx.json(new ChatResponse(answer.text(), responseId));
        } finally {
            span.end();
        }
    }
}
