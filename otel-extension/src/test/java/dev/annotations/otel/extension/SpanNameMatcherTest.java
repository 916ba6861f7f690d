package dev.annotations.otel.extension;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.PatternSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpanNameMatcherTest {
    @ParameterizedTest(name = "glob {0} on ''{1}'' → {2}")
    @CsvSource({
            "chat, chat, true",
            "chat, chat gpt-4o, false",
            "chat*, chat gpt-4o, true",
            "chat*, a chat, false",
            "*chat, a chat, true",
            "*chat, chat a, false",
            "*chat*, a chat b, true",
            "*chat*, a cha b, false",
            "*, anything, true",
            "POST /chat, POST /chat, true",
            "POST /c?at, POST /chat, true",
            "POST /c?at, POST /cht, false",
            "chat*gpt*, chat with gpt-4o, true",
            "chat*gpt*, chat with claude, false",
            "a.b*, a.bc, true",
            "a.b*, axbc, false",
            "[x]*, [x] y, true"})
    void globs_match_whole_names(String glob, String name, boolean expected) {
        assertThat(SpanNameMatcher.glob(glob).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "regex {0} on ''{1}'' → {2}")
    @CsvSource({
            "'^(chat|generate_content) .*$', chat gpt-4o, true",
            "'(chat|generate_content) .*', generate_content gemini, true",
            "'chat', chat gpt-4o, false",
            "'.*gpt-4.*', chat gpt-4o, true"})
    void regexes_must_match_the_whole_name(String regex, String name, boolean expected) {
        assertThat(SpanNameMatcher.regex(regex).matches(name)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void a_bad_regex_or_empty_glob_is_refused() {
        assertThatThrownBy(() -> SpanNameMatcher.regex("([a-")).isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> SpanNameMatcher.glob("")).isInstanceOf(IllegalArgumentException.class);
    }
}
