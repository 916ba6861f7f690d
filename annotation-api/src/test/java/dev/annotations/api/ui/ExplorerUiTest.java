package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace explorer in a real browser: every score with its badges, inline add / edit / delete, sessions, search. */
class ExplorerUiTest {
    private static UiFixture f;
    private static Browser browser;
    private static String helpfulness;

    @BeforeAll
    static void start() {
        f = new UiFixture();
        helpfulness = f.config("{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1,\"widget\":\"STARS\"}");
        browser = new Browser(f.port());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        f.close();
    }

    private static String panel(String title) {
        return "section.score-panel[aria-label='" + title + "']";
    }

    @Test
    void an_inline_score_is_added_edited_and_deleted_from_the_trace_explorer() {
        String annotator = f.key("explorer-annotator", "ANNOTATOR");
        String trace = f.chat("Which plan includes phone support?", "The Pro plan.");
        UiFixture.ok(f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace
                + "\"},\"name\":\"helpfulness\",\"value\":2,\"source\":\"EVAL\",\"annotatorKind\":\"LLM\",\"author\":\"judge-gpt\"}"), 201);

        browser.signIn(annotator);
        browser.open("/ui/traces/" + trace);
        browser.awaitText(panel("Scores on the trace"), "judge-gpt");
        String judged = browser.await(panel("Scores on the trace") + " .score-row").getText();
        assertThat(judged).contains("eval").contains("llm").contains("2");
        assertThat(browser.all(panel("Scores on the trace") + " button[aria-label='Delete helpfulness by judge-gpt']"))
                .as("only one's own scores can be deleted").isEmpty();
        browser.assertAccessible("trace explorer");
        browser.screenshot("trace-explorer");

        browser.await(panel("Scores on the trace") + " .add-score, " + panel("Scores on the trace") + " > button").click();
        new Select(browser.await(panel("Scores on the trace") + " form.add-score select")).selectByVisibleText("helpfulness");
        browser.await(panel("Scores on the trace") + " form.add-score .choice:nth-child(3) label").click();
        browser.await(panel("Scores on the trace") + " form.add-score button[type='submit']").click();
        browser.awaitText(panel("Scores on the trace"), "explorer-annotator");
        JsonNode added = f.scores("traceId=" + trace + "&author=explorer-annotator").get(0);
        assertThat(added.get("value").asInt()).isEqualTo(3);
        assertThat(added.get("configId").asText()).isEqualTo(helpfulness);
        String id = added.get("id").asText();

        browser.await("button[aria-label='Edit helpfulness by explorer-annotator']").click();
        browser.await(panel("Scores on the trace") + " form.inline-form .choice:nth-child(5) label").click();
        browser.await(panel("Scores on the trace") + " form.inline-form textarea").sendKeys("on second reading");
        browser.await(panel("Scores on the trace") + " form.inline-form button[type='submit']").click();
        browser.awaitText(panel("Scores on the trace"), "on second reading");
        JsonNode edited = f.get("/api/v1/scores/" + id, f.admin);
        assertThat(edited.get("value").asInt()).isEqualTo(5);
        assertThat(edited.get("comment").asText()).isEqualTo("on second reading");

        browser.await("button[aria-label='History of helpfulness by explorer-annotator']").click();
        browser.until(driver -> browser.all("ol.history li").size() == 2);
        browser.screenshot("trace-explorer-history");

        browser.await("button[aria-label='Delete helpfulness by explorer-annotator']").click();
        browser.await(panel("Scores on the trace") + " .confirm button.danger").click();
        browser.until(driver -> !browser.await(panel("Scores on the trace")).getText().contains("explorer-annotator"));
        assertThat(f.scores("traceId=" + trace + "&author=explorer-annotator")).isEmpty();
        assertThat(f.client.get("/api/v1/scores/" + id + "/history", f.admin).json().get("items")).hasSize(3);
    }

    @Test
    void a_span_shows_its_own_scores_and_a_session_lists_its_traces_in_order() {
        String viewer = f.key("explorer-viewer", "VIEWER");
        String session = "session-" + UUID.randomUUID();
        String first = f.chatInSession(session, "I want to change my address", "Sure, what is the new one?");
        f.chatInSession(session, "12 Harbour Street", "Updated.");
        JsonNode tree = f.get("/api/v1/traces/" + first, f.admin);
        String chatSpan = tree.get("spans").get(0).get("children").get(0).get("spanId").asText();
        UiFixture.ok(f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"SPAN\",\"traceId\":\"" + first
                + "\",\"spanId\":\"" + chatSpan + "\"},\"name\":\"thumbs\",\"value\":1,\"label\":\"up\",\"source\":\"FEEDBACK\","
                + "\"author\":\"user-42\"}"), 201);

        browser.signIn(viewer);
        browser.open("/ui/traces/" + first + "?span=" + chatSpan);
        browser.awaitText(panel("Scores on this span"), "user-42");
        assertThat(browser.await(panel("Scores on this span")).getText()).contains("feedback").contains("human");
        assertThat(browser.all(panel("Scores on this span") + " > button")).as("a VIEWER adds nothing").isEmpty();
        browser.awaitText("main", "Part of session");

        browser.open("/ui/sessions/" + session);
        browser.awaitText("table.results", "POST /chat");
        assertThat(browser.all("table.results tbody tr")).hasSize(2);
        browser.assertAccessible("session explorer");
        browser.screenshot("session-explorer");
    }

    @Test
    void span_search_takes_the_apis_filters_from_the_url_and_shows_a_bad_filter_next_to_its_field() {
        String viewer = f.key("search-viewer", "VIEWER");
        String trace = f.chat("Search me: refund status", "Refunded.");
        UiFixture.ok(f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + trace
                + "\"},\"name\":\"searchable\",\"value\":1}"), 201);

        browser.signIn(viewer);
        browser.open("/ui/spans?service=support-bot&hasScore=searchable&name=chat%20gpt-4o");
        browser.awaitText("table.results", "chat gpt-4o");
        assertThat(browser.all("table.results tbody tr")).hasSize(1);
        assertThat(browser.await("#q-hasScore").getAttribute("value")).isEqualTo("searchable");
        browser.assertAccessible("span search");
        browser.screenshot("span-search");
        browser.await("table.results tbody a").click();
        browser.awaitText(".span-details", "chat gpt-4o");
        assertThat(browser.driver.getCurrentUrl()).contains("/ui/traces/" + trace);

        browser.open("/ui/spans?attr=no-equals-sign");
        browser.awaitText("#q-attr-error", "key");
        assertThat(browser.await("#q-attr").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("span-search-field-error");
    }
}
