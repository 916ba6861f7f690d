package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue workspace in a real browser: keyboard-only work, blind mode, suggestions, validation. */
class WorkspaceUiTest {
    private static final Pattern TRACE_ID = Pattern.compile("trace ([0-9a-f]{32})");
    private static UiFixture f;
    private static Browser browser;
    private static String helpfulness;
    private static String verdict;
    private static String thumbs;
    private static String notes;

    @BeforeAll
    static void start() {
        f = new UiFixture();
        helpfulness = f.config("{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1,"
                + "\"widget\":\"STARS\",\"description\":\"How much the answer helped the user.\"}");
        verdict = f.config("{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                + "{\"label\":\"good\",\"value\":1,\"hotkey\":\"g\"},{\"label\":\"bad\",\"value\":0,\"hotkey\":\"b\"}]}");
        thumbs = f.config("{\"name\":\"thumbs\",\"dataType\":\"BOOLEAN\",\"trueLabel\":\"up\",\"falseLabel\":\"down\"}");
        notes = f.config("{\"name\":\"notes\",\"dataType\":\"TEXT\",\"maxLength\":200}");
        browser = new Browser(f.port());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        f.close();
    }

    private static String queue(String name, int perItem, boolean suggestions, String annotators) {
        return f.queue("{\"name\":\"" + name + "\",\"description\":\"Read the **whole** conversation first.\","
                + "\"scoreConfigIds\":[\"" + helpfulness + "\",\"" + verdict + "\"],"
                + "\"optionalScoreConfigIds\":[\"" + thumbs + "\",\"" + notes + "\"],"
                + "\"annotators\":[" + annotators + "],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":" + perItem
                + ",\"showSuggestions\":" + suggestions + "}");
    }

    /** The trace id of the item on screen, once it differs from {@code previous} and its first field has the focus. */
    private static String itemOnScreen(String previous) {
        String shown = browser.until(driver -> {
            List<org.openqa.selenium.WebElement> titles = browser.all(".item-title");
            if (titles.isEmpty()) {
                return null;
            }
            Matcher matcher = TRACE_ID.matcher(titles.getFirst().getText());
            return matcher.find() && !matcher.group(1).equals(previous) ? matcher.group(1) : null;
        });
        browser.awaitFirstFieldFocused();
        return shown;
    }

    @Test
    void an_annotator_completes_three_items_with_the_keyboard_only() {
        String annotator = f.key("keyboard-annotator", "ANNOTATOR");
        String queue = queue("keyboard-" + UUID.randomUUID(), 1, false, "\"keyboard-annotator\"");
        List<String> traces = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String trace = f.chat("Where is my parcel number " + i + "?", "It arrives tomorrow (" + i + ").");
            traces.add(trace);
            // an LLM judge's score: the queue does not show suggestions, so it must not appear
            f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace
                    + "\"},\"name\":\"helpfulness\",\"configId\":\"" + helpfulness + "\",\"value\":1,\"source\":\"EVAL\","
                    + "\"annotatorKind\":\"LLM\",\"author\":\"judge-gpt\"}");
        }
        f.addTraces(queue, traces);

        browser.signIn(annotator);
        browser.awaitText(".queue-list", "keyboard-");
        browser.assertAccessible("home");
        browser.screenshot("home");
        browser.await("a[aria-label^='Start keyboard-']").sendKeys(Keys.ENTER);

        Map<String, Integer> stars = new HashMap<>();
        String onScreen = itemOnScreen(null);
        browser.awaitText(".item-pane", "Where is my parcel number");
        assertThat(browser.all(".suggestion")).as("suggestions are off by default").isEmpty();
        browser.assertAccessible("workspace");
        browser.screenshot("workspace");
        browser.press("?");
        browser.await("dialog[open] table.cheatsheet");
        browser.assertAccessible("workspace keyboard cheat sheet");
        browser.screenshot("workspace-cheatsheet");
        browser.press(Keys.ESCAPE);
        browser.until(driver -> browser.all("dialog[open]").isEmpty());

        // item 1: 4 stars, good, thumbs up
        browser.press("4", Keys.ARROW_DOWN, "g", Keys.ARROW_DOWN, "1");
        stars.put(onScreen, 4);
        browser.ctrlEnter();
        onScreen = itemOnScreen(onScreen);
        // item 2: 3 stars, good with a comment on it (C comments on the active field), thumbs left empty
        browser.press("3", Keys.ARROW_DOWN, "g", "c");
        browser.until(driver -> Boolean.TRUE.equals(browser.js(
                "return document.activeElement === document.querySelector('.score-field.active .comment textarea')")));
        browser.press("the tool call was right", Keys.ESCAPE);
        stars.put(onScreen, 3);
        String withComment = onScreen;
        browser.ctrlEnter();
        onScreen = itemOnScreen(onScreen);
        // item 3: 5 stars, bad, notes typed into the textarea, submitted from inside it
        browser.press("5", Keys.ARROW_DOWN, "b", Keys.ARROW_DOWN, Keys.ARROW_DOWN, "too long");
        stars.put(onScreen, 5);
        String withNotes = onScreen;
        browser.ctrlEnter();
        browser.awaitText("main", "Nothing left for you in this queue");
        browser.awaitText(".revealed", "you");
        browser.screenshot("workspace-done");

        JsonNode scores = f.scores("queueId=" + queue + "&limit=100");
        assertThat(scores).hasSize(3 + 3 + 1 + 1);
        Map<String, Integer> stored = new HashMap<>();
        for (JsonNode score : scores) {
            assertThat(score.get("author").asText()).isEqualTo("keyboard-annotator");
            assertThat(score.get("source").asText()).isEqualTo("ANNOTATION");
            String trace = score.get("target").get("traceId").asText();
            switch (score.get("name").asText()) {
                case "helpfulness" -> stored.put(trace, score.get("value").asInt());
                case "verdict" -> assertThat(score.get("label").asText()).isEqualTo(trace.equals(withNotes) ? "bad" : "good");
                case "thumbs" -> assertThat(score.get("value").asInt()).isEqualTo(1);
                case "notes" -> assertThat(score.get("label").asText()).isEqualTo("too long");
                default -> throw new AssertionError("unexpected score " + score);
            }
            if (score.get("name").asText().equals("thumbs")) {
                assertThat(trace).isNotEqualTo(withComment).isNotEqualTo(withNotes);
            }
        }
        assertThat(stored).isEqualTo(stars);
        assertThat(f.scores("queueId=" + queue + "&name=thumbs").get(0).path("comment").asText()).isEmpty();
        JsonNode commented = f.scores("queueId=" + queue + "&traceId=" + withComment + "&name=verdict");
        assertThat(commented.get(0).path("comment").asText()).isEqualTo("the tool call was right");
    }

    @Test
    void a_second_annotator_does_not_see_the_first_annotators_scores_before_submitting() {
        String first = f.key("first-reader", "ANNOTATOR");
        String second = f.key("second-reader", "ANNOTATOR");
        String queue = queue("blind-" + UUID.randomUUID(), 2, false, "\"first-reader\",\"second-reader\"");
        String trace = f.chat("Can I return shoes after 40 days?", "Yes, within 60 days.");
        f.addTraces(queue, List.of(trace));
        f.submit(queue, first, "[{\"configId\":\"" + helpfulness
                + "\",\"value\":2,\"comment\":\"first-annotator-secret\"},{\"configId\":\"" + verdict + "\",\"label\":\"bad\"}]");

        browser.signIn(second);
        browser.open("/ui/queues/" + queue);
        itemOnScreen(null);
        browser.awaitText(".item-pane", "Can I return shoes");
        assertThat(browser.bodyText()).doesNotContain("first-annotator-secret").doesNotContain("first-reader");
        browser.screenshot("workspace-blind-before");

        browser.press("5", Keys.ARROW_DOWN, "g");
        browser.ctrlEnter();
        browser.awaitText(".revealed", "first-annotator-secret");
        assertThat(browser.await(".revealed").getText()).contains("first-reader").contains("you");
        browser.assertAccessible("workspace after a submission (revealed scores)");
        browser.screenshot("workspace-blind-revealed");
    }

    @Test
    void a_queue_with_suggestions_shows_a_judges_score_and_records_that_it_was_accepted() {
        String annotator = f.key("suggested-annotator", "ANNOTATOR");
        String queue = queue("suggestions-" + UUID.randomUUID(), 1, true, "\"suggested-annotator\"");
        String trace = f.chat("Is the blue kettle in stock?", "Yes, 4 left.");
        UiFixture.ok(f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace
                + "\"},\"name\":\"helpfulness\",\"configId\":\"" + helpfulness + "\",\"value\":4,\"source\":\"EVAL\","
                + "\"annotatorKind\":\"LLM\",\"author\":\"judge-gpt\",\"comment\":\"answers the question\"}"), 201);
        f.addTraces(queue, List.of(trace));

        browser.signIn(annotator);
        browser.open("/ui/queues/" + queue);
        itemOnScreen(null);
        browser.awaitText(".score-field[data-config='helpfulness'] .suggestion", "judge-gpt");
        browser.screenshot("workspace-suggestion");
        browser.press("a");
        browser.awaitText(".score-field[data-config='helpfulness'] .suggestion", "accepted");
        browser.press(Keys.ARROW_DOWN, "g");
        browser.ctrlEnter();
        browser.awaitText("main", "Nothing left for you in this queue");

        JsonNode score = f.scores("queueId=" + queue + "&name=helpfulness").get(0);
        assertThat(score.get("value").asInt()).isEqualTo(4);
        assertThat(score.get("metadata").get("suggestion.accepted").asText()).isEqualTo("true");
        assertThat(score.get("metadata").get("suggestion.author").asText()).isEqualTo("judge-gpt");
        assertThat(f.scores("queueId=" + queue + "&name=verdict").get(0).has("metadata")
                && f.scores("queueId=" + queue + "&name=verdict").get(0).get("metadata").has("suggestion.shown")).isFalse();
    }

    @Test
    void a_validation_error_from_the_service_is_shown_next_to_its_field() {
        String latency = f.config("{\"name\":\"latency_rating\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"widget\":\"NUMBER\"}");
        String annotator = f.key("validated-annotator", "ANNOTATOR");
        String queue = f.queue("{\"name\":\"validation-" + UUID.randomUUID() + "\",\"scoreConfigIds\":[\"" + latency + "\",\"" + verdict
                + "\"],\"annotators\":[\"validated-annotator\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1}");
        f.addTraces(queue, List.of(f.chat("Why is my invoice late?", "It was sent today.")));

        browser.signIn(annotator);
        browser.open("/ui/queues/" + queue);
        itemOnScreen(null);
        browser.press("9", Keys.ARROW_DOWN, "g");
        browser.ctrlEnter();
        browser.awaitText(".score-field[data-config='latency_rating'] .field-error", "above the config's max");
        assertThat(browser.await(".score-field[data-config='verdict']").getText()).doesNotContain("above");
        assertThat(browser.await(".score-field[data-config='latency_rating'] input").getAttribute("aria-invalid")).isEqualTo("true");
        browser.assertAccessible("workspace with a field error");
        browser.screenshot("workspace-field-error");

        browser.press(Keys.BACK_SPACE, "4");
        browser.ctrlEnter();
        browser.awaitText("main", "Nothing left for you in this queue");
        assertThat(f.scores("queueId=" + queue + "&name=latency_rating").get(0).get("value").asInt()).isEqualTo(4);
    }
}
