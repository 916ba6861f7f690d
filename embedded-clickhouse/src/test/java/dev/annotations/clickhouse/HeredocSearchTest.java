package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a heredoc ends, and the budget that keeps the search linear. */
class HeredocSearchTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            $$a;b$$ c             | 7
            ~$a b$ ' $a b$ c~     | 13
            $x$ $y$ $x$           | 11
            $x$ $x                | -1
            $ alone               | -1
            $x$                   | -1
            """)
    void a_heredoc_ends_after_the_next_copy_of_its_tag(String text, long end) {
        MemorySegment bytes = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));

        assertThat(new HeredocSearch(bytes, bytes.byteSize()).endOfHeredocAt(0)).isEqualTo(end);
    }

    @Test
    void candidates_are_decided_exactly_until_their_searches_have_read_a_few_times_the_text() {
        // "$n" never closes: each candidate searches to the end of the text
        String text = IntStream.range(0, 20_000).mapToObj(i -> "$" + i).collect(Collectors.joining(" "));
        MemorySegment bytes = MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
        HeredocSearch search = new HeredocSearch(bytes, bytes.byteSize());

        List<Long> answers = new ArrayList<>();
        for (int dollar = text.indexOf('$'); dollar >= 0; dollar = text.indexOf('$', dollar + 1)) {
            answers.add(search.endOfHeredocAt(dollar));
        }

        // each search reads about the whole text; the budget is four texts and a mebibyte
        assertThat(answers.subList(0, 5)).containsOnly(-1L);
        assertThat(answers.indexOf(HeredocSearch.UNDECIDED)).isBetween(5, 20);
        assertThat(answers).containsOnly(-1L, HeredocSearch.UNDECIDED);
    }
}
