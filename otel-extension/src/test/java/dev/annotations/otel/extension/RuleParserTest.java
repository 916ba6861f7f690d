package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules documents in, valid rules out; each invalid rule reported in one line and left out. */
class RuleParserTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void a_yaml_document_becomes_rules_in_order() {
        List<AnnotationRule> rules = parse("""
                rules:
                  - name: chat-review
                    match:
                      spanName: "chat *"
                      kind: [client, INTERNAL]
                      attributes: {gen_ai.operation.name: chat}
                      attributesExist: [gen_ai.request.model]
                    sampleRate: 0.25
                    queue: chat-review
                    setAttributes: {review.reason: sampled, review.priority: 2}
                  - match: {spanNameRegex: "^tool .*$"}
                """);

        assertThat(problems).isEmpty();
        assertThat(rules).extracting(AnnotationRule::name).containsExactly("chat-review", "#2");
        AnnotationRule chat = rules.get(0);
        assertThat(chat.sampleRate()).isEqualTo(0.25);
        assertThat(chat.actions().get(AttributeKey.booleanKey("annotation.candidate"))).isTrue();
        assertThat(chat.actions().get(AttributeKey.stringKey("annotation.queue"))).isEqualTo("chat-review");
        assertThat(chat.actions().get(AttributeKey.stringKey("review.priority"))).isEqualTo("2");
        assertThat(rules.get(1).sampleRate()).isEqualTo(1.0);
        assertThat(rules.get(1).actions().get(AttributeKey.stringKey("annotation.queue"))).as("queue is optional").isNull();
    }

    @Test
    void a_json_document_with_tabs_or_a_bare_list_reads_the_same() {
        List<AnnotationRule> fromObject = parse("{\n\t\"rules\": [\n\t\t{\"name\": \"a\", \"queue\": \"q\", \"sampleRate\": 1}\n\t]\n}");
        List<AnnotationRule> fromList = parse("[{\"name\": \"a\", \"queue\": \"q\", \"sampleRate\": 1}]");

        assertThat(problems).isEmpty();
        assertThat(fromObject).extracting(AnnotationRule::name).containsExactly("a");
        assertThat(fromList).extracting(AnnotationRule::name).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            bad regex           | {name: r1, match: {spanNameRegex: '([a-'}}    | rule 'r1' (#1) in test disabled: match.spanNameRegex '([a-' is not a valid regex
            unknown kind        | {name: r1, match: {kind: SERVR}}              | rule 'r1' (#1) in test disabled: unknown span kind 'SERVR'
            rate above 1        | {name: r1, sampleRate: 1.5}                   | rule 'r1' (#1) in test disabled: sampleRate must be between 0 and 1, was 1.5
            rate below 0        | {name: r1, sampleRate: -0.1}                  | rule 'r1' (#1) in test disabled: sampleRate must be between 0 and 1
            rate not a number   | {name: r1, sampleRate: half}                  | rule 'r1' (#1) in test disabled: sampleRate must be a number between 0 and 1, found 'half'
            misspelt field      | {name: r1, match: {spanname: chat}}           | rule 'r1' (#1) in test disabled: unknown field 'spanname' in match
            misspelt rule field | {name: r1, sample_rate: 0.5}                  | rule 'r1' (#1) in test disabled: unknown field 'sample_rate' in rule
            empty queue         | {name: r1, queue: ''}                         | rule 'r1' (#1) in test disabled: queue must be a non-empty string
            nested value        | {name: r1, match: {attributes: {a: [1, 2]}}}  | rule 'r1' (#1) in test disabled: match.attributes.a must be a string, number or boolean
            reserved attribute  | {name: r1, setAttributes: {annotation.queue: x}} | rule 'r1' (#1) in test disabled: setAttributes must not set annotation.queue
            not a mapping       | just-a-string                                 | rule #1 in test disabled: a rule must be a mapping, found 'just-a-string'
            """)
    void an_invalid_rule_is_reported_in_one_line_and_left_out_while_the_others_apply(String why, String rule, String problem) {
        List<AnnotationRule> rules = parse("[" + rule + ", {name: good, queue: q}]");

        assertThat(rules).extracting(AnnotationRule::name).containsExactly("good");
        assertThat(problems).singleElement().asString().startsWith("otel.annotation: " + problem);
    }

    @Test
    void a_document_of_the_wrong_shape_gives_no_rules_and_one_line() {
        assertThat(parse("{rulez: []}")).isEmpty();
        assertThat(parse("42")).isEmpty();
        assertThat(problems).containsExactly(
                "otel.annotation: test ignored: expected a list of rules or {\"rules\": [...]}, found fields [rulez]",
                "otel.annotation: test ignored: expected a list of rules, found '42'");
    }

    @Test
    void rules_for_another_service_are_left_out_silently() {
        List<AnnotationRule> rules = parse("""
                - {name: mine, match: {service: checkout}}
                - {name: theirs, match: {service: [cart, search]}}
                - {name: everyone}
                """);

        assertThat(problems).isEmpty();
        assertThat(rules).extracting(AnnotationRule::name).containsExactly("mine", "everyone");
    }

    @Test
    void yaml_1_2_keeps_words_like_on_and_no_as_text() {
        List<AnnotationRule> rules = parse("[{name: r, queue: 'q', setAttributes: {switch: on, answer: no}}]");

        assertThat(rules.get(0).actions().get(AttributeKey.stringKey("switch"))).isEqualTo("on");
        assertThat(rules.get(0).actions().get(AttributeKey.stringKey("answer"))).isEqualTo("no");
    }

    private List<AnnotationRule> parse(String text) {
        Optional<Object> document = new RuleSource(problems::add).inline(text, "test");
        return document.map(tree -> new RuleParser("checkout", problems::add).parse(tree, "test")).orElse(List.of());
    }
}
