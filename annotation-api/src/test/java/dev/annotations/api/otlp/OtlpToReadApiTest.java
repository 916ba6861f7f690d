package dev.annotations.api.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the SDK sends through the receiver is what the read API shows: the tree, the GenAI content, the feedback. */
class OtlpToReadApiTest {
    private static AnnotationService service;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void a_chat_trace_sent_with_the_sdk_reads_back_as_a_tree_with_its_messages_and_feedback() {
        String session = "conversation-" + UUID.randomUUID();
        Span root;
        Span chat;
        try (OtlpSdk sdk = new OtlpSdk(service.port(), TestService.BOOTSTRAP_KEY, "none")) {
            root = sdk.tracer().spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER)
                    .setAttribute("session.id", session).startSpan();
            chat = sdk.tracer().spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.current().with(root))
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", "gpt-4o")
                    .setAttribute("gen_ai.usage.input_tokens", 12L)
                    .setAttribute("gen_ai.usage.output_tokens", 5L)
                    .setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my order?\"}]}]")
                    .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"On its way.\"}]}]")
                    .startSpan();
            sdk.logger().logRecordBuilder().setEventName("gen_ai.evaluation.result")
                    .setContext(Context.current().with(chat))
                    .setAttribute(AttributeKey.stringKey("gen_ai.evaluation.name"), "thumbs")
                    .setAttribute(AttributeKey.doubleKey("gen_ai.evaluation.score.value"), 1.0)
                    .setAttribute(AttributeKey.stringKey("annotation.score.source"), "FEEDBACK")
                    .emit();
            chat.end();
            root.end();
            sdk.flush();
        }
        String traceId = root.getSpanContext().getTraceId();

        ApiClient.Response trace = client.get("/api/v1/traces/" + traceId, TestService.BOOTSTRAP_KEY);
        assertThat(trace.status()).as(trace.body()).isEqualTo(200);
        JsonNode tree = trace.json();
        assertThat(tree.get("spanCount").asInt()).isEqualTo(2);
        JsonNode rootNode = tree.get("spans").get(0);
        assertThat(rootNode.get("name").asText()).isEqualTo("POST /chat");
        assertThat(rootNode.get("serviceName").asText()).isEqualTo("checkout");
        JsonNode chatNode = rootNode.get("children").get(0);
        assertThat(chatNode.get("spanId").asText()).isEqualTo(chat.getSpanContext().getSpanId());
        assertThat(chatNode.get("llm").get("requestModel").asText()).isEqualTo("gpt-4o");
        assertThat(chatNode.get("llm").get("input").get(0).get("parts").get(0).get("content").asText()).isEqualTo("Where is my order?");
        assertThat(chatNode.get("llm").get("usage").get("totalTokens").asInt()).isEqualTo(17);
        assertThat(chatNode.get("scores")).singleElement().satisfies(score -> {
            assertThat(score.get("name").asText()).isEqualTo("thumbs");
            assertThat(score.get("source").asText()).isEqualTo("FEEDBACK");
        });

        JsonNode sessionView = client.get("/api/v1/sessions/" + session, TestService.BOOTSTRAP_KEY).json();
        assertThat(sessionView.get("traces")).singleElement()
                .satisfies(item -> assertThat(item.get("traceId").asText()).isEqualTo(traceId));

        Instant now = Instant.now();
        ApiClient.Response search = client.get("/api/v1/spans?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(60)
                + "&traceId=" + traceId + "&hasScore=thumbs", TestService.BOOTSTRAP_KEY);
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().get("items")).singleElement()
                .satisfies(span -> assertThat(span.get("name").asText()).isEqualTo("chat gpt-4o"));
    }
}
