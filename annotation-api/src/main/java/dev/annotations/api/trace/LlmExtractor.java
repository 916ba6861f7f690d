package dev.annotations.api.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a span's GenAI data for display. The conventions moved several times and instrumentations in the
 * field still emit every generation, so input and output are taken from the first form present, newest first:
 * <ol>
 *   <li>span attributes {@code gen_ai.input.messages} (with {@code gen_ai.system_instructions} as a leading
 *       system message) and {@code gen_ai.output.messages};</li>
 *   <li>indexed span attributes {@code gen_ai.prompt.<i>.role/.content}, {@code gen_ai.completion.<i>.role/.content};</li>
 *   <li>events {@code gen_ai.content.prompt} / {@code gen_ai.content.completion} (attributes {@code gen_ai.prompt} /
 *       {@code gen_ai.completion});</li>
 *   <li>one event per message: {@code gen_ai.system.message}, {@code gen_ai.user.message},
 *       {@code gen_ai.assistant.message}, {@code gen_ai.tool.message} (input) and {@code gen_ai.choice} (output).</li>
 * </ol>
 * Messages built from forms 2 and 4 are {@code {"role", "content"}} objects. Never throws on odd data: what
 * does not parse is shown as recorded.
 */
final class LlmExtractor {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PROMPT = Pattern.compile("gen_ai\\.prompt\\.(\\d{1,9})\\.(role|content)");
    private static final Pattern COMPLETION = Pattern.compile("gen_ai\\.completion\\.(\\d{1,9})\\.(role|content)");
    /** Input message events and the role each implies when it carries no {@code role} attribute. */
    private static final Map<String, String> INPUT_EVENTS = Map.of(
            "gen_ai.system.message", "system",
            "gen_ai.user.message", "user",
            "gen_ai.assistant.message", "assistant",
            "gen_ai.tool.message", "tool");
    private static final Map<String, String> OUTPUT_EVENTS = Map.of("gen_ai.choice", "assistant");

    private LlmExtractor() {
    }

    /** The span's GenAI data, or empty when it has none. */
    static Optional<Llm> extract(Map<String, String> attributes, List<Span.Event> events) {
        Llm llm = new Llm(
                text(attributes, "gen_ai.operation.name"),
                text(attributes, "gen_ai.provider.name", "gen_ai.system"),
                text(attributes, "gen_ai.request.model"),
                text(attributes, "gen_ai.response.model"),
                input(attributes, events),
                output(attributes, events),
                usage(attributes));
        return llm.isEmpty() ? Optional.empty() : Optional.of(llm);
    }

    private static JsonNode input(Map<String, String> attributes, List<Span.Event> events) {
        JsonNode messages = parsed(text(attributes, "gen_ai.input.messages"));
        JsonNode instructions = parsed(text(attributes, "gen_ai.system_instructions"));
        if (messages != null || instructions != null) {
            return withInstructions(instructions, messages);
        }
        return firstPresent(
                () -> indexed(attributes, PROMPT),
                () -> eventAttribute(events, "gen_ai.content.prompt", "gen_ai.prompt"),
                () -> messageEvents(events, INPUT_EVENTS));
    }

    private static JsonNode output(Map<String, String> attributes, List<Span.Event> events) {
        return firstPresent(
                () -> parsed(text(attributes, "gen_ai.output.messages")),
                () -> indexed(attributes, COMPLETION),
                () -> eventAttribute(events, "gen_ai.content.completion", "gen_ai.completion"),
                () -> messageEvents(events, OUTPUT_EVENTS));
    }

    @SafeVarargs
    private static JsonNode firstPresent(Supplier<JsonNode>... forms) {
        return Stream.of(forms).map(Supplier::get).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * System instructions are recorded apart from the messages (an array of parts); shown as a leading
     * {@code {"role": "system", "parts": …}} message so that input reads as one conversation.
     */
    private static JsonNode withInstructions(JsonNode instructions, JsonNode messages) {
        if (instructions == null) {
            return messages;
        }
        ArrayNode conversation = NODES.arrayNode();
        ObjectNode system = conversation.addObject().put("role", "system");
        system.set("parts", instructions.isArray() ? instructions
                : NODES.arrayNode().add(NODES.objectNode().put("type", "text").set("content", instructions)));
        if (messages != null && messages.isArray()) {
            conversation.addAll((ArrayNode) messages);
        } else if (messages != null) {
            conversation.add(messages);
        }
        return conversation;
    }

    /** {@code gen_ai.prompt.0.role}, {@code gen_ai.prompt.0.content}, … as messages in index order. */
    private static JsonNode indexed(Map<String, String> attributes, Pattern key) {
        TreeMap<Integer, ObjectNode> messages = new TreeMap<>();
        attributes.forEach((name, value) -> {
            Matcher match = key.matcher(name);
            if (match.matches()) {
                ObjectNode message = messages.computeIfAbsent(Integer.parseInt(match.group(1)), i -> NODES.objectNode());
                message.set(match.group(2), match.group(2).equals("content") ? content(value) : TextNode.valueOf(value));
            }
        });
        if (messages.isEmpty()) {
            return null;
        }
        ArrayNode list = NODES.arrayNode();
        messages.values().forEach(message -> list.add(orderedMessage(message)));
        return list;
    }

    /** The first event called {@code eventName} that carries {@code attribute}: its value, parsed. */
    private static JsonNode eventAttribute(List<Span.Event> events, String eventName, String attribute) {
        return events.stream().filter(event -> event.name().equals(eventName))
                .map(event -> parsed(text(event.attributes(), attribute)))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** One message per event, in recorded order; {@code message} holds a whole message, {@code content} its text. */
    private static JsonNode messageEvents(List<Span.Event> events, Map<String, String> roles) {
        ArrayNode messages = NODES.arrayNode();
        for (Span.Event event : events) {
            String role = roles.get(event.name());
            if (role == null) {
                continue;
            }
            JsonNode whole = parsed(text(event.attributes(), "message"));
            ObjectNode message = whole instanceof ObjectNode object ? object : NODES.objectNode();
            if (!message.has("role")) {
                message.put("role", Objects.requireNonNullElse(text(event.attributes(), "role"), role));
            }
            JsonNode content = whole == null || whole == message ? content(text(event.attributes(), "content")) : whole;
            if (!message.has("content") && content != null) {
                message.set("content", content);
            }
            messages.add(orderedMessage(message));
        }
        return messages.isEmpty() ? null : messages;
    }

    /** Role first, then content, then anything else: how people read a message. */
    private static ObjectNode orderedMessage(ObjectNode message) {
        ObjectNode ordered = NODES.objectNode();
        if (message.has("role")) {
            ordered.set("role", message.get("role"));
        }
        if (message.has("content")) {
            ordered.set("content", message.get("content"));
        }
        ordered.setAll(message);
        return ordered;
    }

    private static Llm.Usage usage(Map<String, String> attributes) {
        Long input = tokens(attributes, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
        Long output = tokens(attributes, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
        if (input == null && output == null) {
            return null;
        }
        long total = (input == null ? 0 : input) + (output == null ? 0 : output);
        return new Llm.Usage(input, output, total);
    }

    /** A token count under the current key or the older one; attribute values are stored as text. */
    private static Long tokens(Map<String, String> attributes, String key, String olderKey) {
        String text = text(attributes, key, olderKey);
        if (text == null) {
            return null;
        }
        try {
            double number = Double.parseDouble(text);
            // some SDKs record counts as doubles ("120.0"); anything fractional or absurd is not a count
            return number == Math.rint(number) && number >= 0 && number < 1e15 ? (long) number : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** The first of the keys' values; the Collector stores absent values as '' in places, which counts as absent. */
    private static String text(Map<String, String> attributes, String... keys) {
        for (String key : keys) {
            String value = attributes.get(key);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** A value recorded as a JSON string: parsed, or the text as recorded when it is not JSON. */
    private static JsonNode parsed(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * A message's content: usually prose, sometimes a JSON array of parts. Only an object or array is
     * parsed, so that a reply such as {@code 42} or {@code true} stays the text it was.
     */
    private static JsonNode content(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            JsonNode node = parsed(text);
            if (node.isContainerNode()) {
                return node;
            }
        }
        return TextNode.valueOf(text);
    }
}
