package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LlmExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Span.Event> events = new ArrayList<>();

    private LlmExtractorTest attr(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    private LlmExtractorTest event(String name, Map<String, String> eventAttributes) {
        events.add(new Span.Event(T0.plusMillis(events.size()), name, eventAttributes));
        return this;
    }

    private Llm extract() {
        return LlmExtractor.extract(attributes, events).orElseThrow(() -> new AssertionError("no llm view"));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_span_without_genai_data_has_no_llm_view() {
        attr("http.route", "/chat").attr("gen_ai.request.model", "");
        event("exception", Map.of("exception.type", "IOException"));

        assertThat(LlmExtractor.extract(attributes, events)).isEmpty();
    }

    @Test
    void model_provider_and_operation_come_from_their_attributes() {
        Llm llm = attr("gen_ai.operation.name", "chat").attr("gen_ai.provider.name", "openai")
                .attr("gen_ai.system", "older-name").attr("gen_ai.request.model", "gpt-4o")
                .attr("gen_ai.response.model", "gpt-4o-2024-08-06").extract();

        assertThat(llm.operation()).isEqualTo("chat");
        assertThat(llm.provider()).as("the current key wins").isEqualTo("openai");
        assertThat(llm.requestModel()).isEqualTo("gpt-4o");
        assertThat(llm.responseModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(llm.input()).isNull();
        assertThat(llm.output()).isNull();
        assertThat(llm.usage()).isNull();
    }

    @Test
    void the_provider_falls_back_to_the_older_gen_ai_system() {
        assertThat(attr("gen_ai.system", "anthropic").extract().provider()).isEqualTo("anthropic");
    }

    @Test
    void input_and_output_messages_attributes_are_returned_parsed() {
        String input = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]";
        String output = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny.\"}],\"finish_reason\":\"stop\"}]";

        Llm llm = attr("gen_ai.input.messages", input).attr("gen_ai.output.messages", output).extract();

        assertThat(llm.input()).isEqualTo(json(input));
        assertThat(llm.output()).isEqualTo(json(output));
    }

    @Test
    void a_messages_attribute_that_is_not_json_is_returned_as_recorded() {
        Llm llm = attr("gen_ai.input.messages", "[{\"role\": \"user\", cut off").attr("gen_ai.output.messages", "plain text").extract();

        assertThat(llm.input().isTextual()).isTrue();
        assertThat(llm.input().asText()).isEqualTo("[{\"role\": \"user\", cut off");
        assertThat(llm.output().asText()).isEqualTo("plain text");
    }

    @Test
    void system_instructions_lead_the_input_as_a_system_message() {
        Llm llm = attr("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]")
                .attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]")
                .extract();

        assertThat(llm.input()).isEqualTo(json("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]"));
    }

    @Test
    void system_instructions_alone_or_as_plain_text_still_read_as_a_system_message() {
        Llm llm = attr("gen_ai.system_instructions", "You are a pirate.").extract();

        assertThat(llm.input()).isEqualTo(json("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a pirate.\"}]}]"));
    }

    @Test
    void indexed_prompt_and_completion_attributes_become_messages_in_numeric_order() {
        for (int i = 0; i <= 10; i++) {
            attr("gen_ai.prompt." + i + ".role", i == 0 ? "system" : "user").attr("gen_ai.prompt." + i + ".content", "m" + i);
        }
        attr("gen_ai.completion.0.role", "assistant").attr("gen_ai.completion.0.content", "done")
                .attr("gen_ai.completion.0.finish_reason", "stop");

        Llm llm = extract();

        assertThat(llm.input()).hasSize(11);
        assertThat(llm.input().get(0)).isEqualTo(json("{\"role\":\"system\",\"content\":\"m0\"}"));
        assertThat(llm.input().get(2).get("content").asText()).isEqualTo("m2");
        assertThat(llm.input().get(10).get("content").asText()).as("10 after 2, not after 1").isEqualTo("m10");
        assertThat(llm.output()).isEqualTo(json("[{\"role\":\"assistant\",\"content\":\"done\"}]"));
    }

    @Test
    void indexed_content_that_is_a_json_array_of_parts_is_parsed_and_prose_is_kept() {
        Llm llm = attr("gen_ai.prompt.0.role", "user").attr("gen_ai.prompt.0.content", "[{\"type\":\"text\",\"text\":\"hi\"}]")
                .attr("gen_ai.completion.0.content", "42").extract();

        assertThat(llm.input().get(0).get("content")).isEqualTo(json("[{\"type\":\"text\",\"text\":\"hi\"}]"));
        assertThat(llm.output().get(0).get("content").isTextual()).as("a reply of 42 stays text").isTrue();
        assertThat(llm.output().get(0).has("role")).isFalse();
    }

    @Test
    void older_content_events_give_prompt_and_completion() {
        Llm llm = event("gen_ai.content.prompt", Map.of("gen_ai.prompt", "[{\"role\":\"user\",\"content\":\"Hi\"}]"))
                .event("gen_ai.content.completion", Map.of("gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"Hello\"}]"))
                .extract();

        assertThat(llm.input()).isEqualTo(json("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
        assertThat(llm.output()).isEqualTo(json("[{\"role\":\"assistant\",\"content\":\"Hello\"}]"));
    }

    @Test
    void an_older_content_event_with_plain_text_is_returned_as_recorded() {
        Llm llm = event("gen_ai.content.prompt", Map.of("gen_ai.prompt", "Tell me a joke")).extract();

        assertThat(llm.input().asText()).isEqualTo("Tell me a joke");
    }

    @Test
    void per_message_events_become_the_input_in_recorded_order() {
        Llm llm = event("gen_ai.system.message", Map.of("content", "Be brief."))
                .event("gen_ai.user.message", Map.of("content", "What is 2+2?"))
                .event("gen_ai.assistant.message", Map.of("content", "Let me check.", "role", "model"))
                .event("gen_ai.tool.message", Map.of("content", "{\"result\":4}", "id", "call_1"))
                .event("gen_ai.evaluation.result", Map.of("gen_ai.evaluation.name", "relevance"))
                .extract();

        assertThat(llm.input()).isEqualTo(json("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
                + "{\"role\":\"model\",\"content\":\"Let me check.\"},"
                + "{\"role\":\"tool\",\"content\":{\"result\":4}}]"));
        assertThat(llm.output()).isNull();
    }

    @Test
    void choice_events_become_the_output_from_their_message_or_content() {
        Llm llm = event("gen_ai.choice", Map.of("index", "0", "finish_reason", "stop",
                        "message", "{\"content\":\"4\",\"tool_calls\":[]}"))
                .event("gen_ai.choice", Map.of("index", "1", "content", "four"))
                .event("gen_ai.choice", Map.of("index", "2", "message", "not json"))
                .extract();

        assertThat(llm.output()).isEqualTo(json("[{\"role\":\"assistant\",\"content\":\"4\",\"tool_calls\":[]},"
                + "{\"role\":\"assistant\",\"content\":\"four\"},"
                + "{\"role\":\"assistant\",\"content\":\"not json\"}]"));
    }

    @Test
    void the_newest_form_present_wins_for_each_direction() {
        attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[]}]")
                .attr("gen_ai.prompt.0.content", "older indexed prompt")
                .attr("gen_ai.completion.0.content", "older indexed completion");
        event("gen_ai.content.prompt", Map.of("gen_ai.prompt", "older event prompt"));
        event("gen_ai.user.message", Map.of("content", "message event"));
        event("gen_ai.content.completion", Map.of("gen_ai.completion", "older event completion"));
        event("gen_ai.choice", Map.of("content", "choice event"));

        Llm llm = extract();

        assertThat(llm.input()).isEqualTo(json("[{\"role\":\"user\",\"parts\":[]}]"));
        assertThat(llm.output().get(0).get("content").asText()).isEqualTo("older indexed completion");
    }

    @Test
    void content_events_win_over_per_message_events() {
        Llm llm = event("gen_ai.user.message", Map.of("content", "message event"))
                .event("gen_ai.content.prompt", Map.of("gen_ai.prompt", "content event")).extract();

        assertThat(llm.input().asText()).isEqualTo("content event");
    }

    @Test
    void usage_reads_current_and_older_token_keys() {
        Llm current = attr("gen_ai.usage.input_tokens", "120").attr("gen_ai.usage.output_tokens", "45")
                .attr("gen_ai.usage.prompt_tokens", "1").extract();
        assertThat(current.usage()).isEqualTo(new Llm.Usage(120L, 45L, 165L));

        attributes.clear();
        Llm older = attr("gen_ai.usage.prompt_tokens", "7").attr("gen_ai.usage.completion_tokens", "8.0").extract();
        assertThat(older.usage()).isEqualTo(new Llm.Usage(7L, 8L, 15L));
    }

    @Test
    void usage_with_one_count_totals_that_count_and_ignores_what_is_not_a_count() {
        Llm embeddings = attr("gen_ai.operation.name", "embeddings").attr("gen_ai.usage.input_tokens", "30")
                .attr("gen_ai.usage.output_tokens", "n/a").extract();

        assertThat(embeddings.usage()).isEqualTo(new Llm.Usage(30L, null, 30L));

        attributes.clear();
        assertThat(LlmExtractor.extract(Map.of("gen_ai.usage.input_tokens", "1.5"), List.of())).isEmpty();
    }
}
