package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Agent traces as OTLP/JSON export requests, for the service's own receiver ({@code POST /v1/traces}): an HTTP
 * server span, a GenAI chat span with OpenTelemetry's {@code gen_ai.input.messages} / {@code output.messages}
 * (system prompt, user turns, a tool call and its result), a tool span, and optionally many more spans.
 */
public final class ChatTraces {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTraces() {
    }

    public static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String spanId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    /** A short chat: the user asks {@code question}, a weather tool is called, the assistant answers {@code answer}. */
    public static String chat(String traceId, String sessionId, String question, String answer) {
        ArrayNode input = JSON.createArrayNode();
        input.add(message("user", question));
        ObjectNode call = input.addObject().put("role", "assistant");
        call.putArray("parts").addObject().put("type", "tool_call").put("id", "call_1").put("name", "get_weather")
                .putObject("arguments").put("city", "Lisbon");
        ObjectNode result = input.addObject().put("role", "tool");
        result.putArray("parts").addObject().put("type", "tool_call_response").put("id", "call_1")
                .put("response", "18 °C, clear");
        return request(traceId, sessionId, input, answer, 0);
    }

    /** A long conversation of {@code messages} messages in a trace of {@code spans} spans (at least 3). */
    public static String large(String traceId, int messages, int spans, String marker) {
        ArrayNode input = JSON.createArrayNode();
        for (int i = 0; i < messages - 1; i++) {
            input.add(message(i % 2 == 0 ? "user" : "assistant", marker + " message " + i + ": "
                    + "Could you look at the order history and tell me what changed since last week? ".repeat(3)));
        }
        return request(traceId, null, input, marker + " final answer", spans - 3);
    }

    private static ObjectNode message(String role, String text) {
        ObjectNode message = JSON.createObjectNode().put("role", role);
        message.putArray("parts").addObject().put("type", "text").put("content", text);
        return message;
    }

    private static String request(String traceId, String sessionId, ArrayNode input, String answer, int extraSpans) {
        long start = Instant.now().toEpochMilli() * 1_000_000L;
        String root = spanId();
        String chat = spanId();
        String tool = spanId();
        List<ObjectNode> spans = new ArrayList<>();
        ObjectNode server = span(traceId, root, "", "POST /chat", 2, start, start + 900_000_000L);
        attributes(server, "http.request.method", "POST", "http.route", "/chat");
        if (sessionId != null) {
            attributes(server, "session.id", sessionId);
        }
        spans.add(server);
        ArrayNode output = JSON.createArrayNode();
        ObjectNode reply = output.addObject().put("role", "assistant").put("finish_reason", "stop");
        reply.putArray("parts").addObject().put("type", "text").put("content", answer);
        ArrayNode system = JSON.createArrayNode();
        system.addObject().put("type", "text").put("content", "You are a helpful support assistant.");
        ObjectNode llm = span(traceId, chat, root, "chat gpt-4o", 3, start + 10_000_000L, start + 800_000_000L);
        attributes(llm, "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o",
                "gen_ai.input.messages", input.toString(), "gen_ai.output.messages", output.toString(),
                "gen_ai.system_instructions", system.toString());
        intAttribute(llm, "gen_ai.usage.input_tokens", 420);
        intAttribute(llm, "gen_ai.usage.output_tokens", 60);
        spans.add(llm);
        ObjectNode toolSpan = span(traceId, tool, root, "execute_tool get_weather", 1, start + 300_000_000L, start + 350_000_000L);
        attributes(toolSpan, "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "get_weather");
        spans.add(toolSpan);
        String parent = root;
        for (int i = 0; i < extraSpans; i++) {
            String id = spanId();
            long at = start + 20_000_000L + i * 1_000_000L;
            ObjectNode extra = span(traceId, id, parent, "step " + i, 1, at, at + 500_000L);
            attributes(extra, "step.index", Integer.toString(i), "db.system", "postgresql");
            spans.add(extra);
            // a tree rather than a list: every 10th span starts a deeper branch
            parent = i % 10 == 9 ? id : parent;
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode resourceSpans = body.putArray("resourceSpans").addObject();
        resourceSpans.putObject("resource").putArray("attributes").addObject().put("key", "service.name")
                .putObject("value").put("stringValue", "support-bot");
        ObjectNode scope = resourceSpans.putArray("scopeSpans").addObject();
        scope.putObject("scope").put("name", "ui-test");
        ArrayNode list = scope.putArray("spans");
        spans.forEach(list::add);
        return body.toString();
    }

    private static ObjectNode span(String traceId, String spanId, String parent, String name, int kind, long start, long end) {
        ObjectNode span = JSON.createObjectNode().put("traceId", traceId).put("spanId", spanId).put("name", name)
                .put("kind", kind).put("startTimeUnixNano", Long.toString(start)).put("endTimeUnixNano", Long.toString(end));
        if (!parent.isEmpty()) {
            span.put("parentSpanId", parent);
        }
        span.putObject("status").put("code", 1);
        span.putArray("attributes");
        return span;
    }

    private static void attributes(ObjectNode span, String... keyValues) {
        ArrayNode attributes = (ArrayNode) span.get("attributes");
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.addObject().put("key", keyValues[i]).putObject("value").put("stringValue", keyValues[i + 1]);
        }
    }

    private static void intAttribute(ObjectNode span, String key, long value) {
        ((ArrayNode) span.get("attributes")).addObject().put("key", key).putObject("value").put("intValue", Long.toString(value));
    }
}
