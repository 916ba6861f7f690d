package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review screen in a real browser: submissions side by side with the unit's agreement from the
 * analytics API, return with a required comment, approve.
 */
class ReviewUiTest {
    private static UiFixture f;
    private static Browser browser;

    @BeforeAll
    static void start() {
        f = new UiFixture();
        browser = new Browser(f.port());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        f.close();
    }

    @Test
    void a_reviewer_compares_submissions_returns_one_item_and_approves_another() {
        String helpfulness = f.config("{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1,\"widget\":\"STARS\"}");
        String verdict = f.config("{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                + "{\"label\":\"good\",\"value\":1},{\"label\":\"bad\",\"value\":0}]}");
        String first = f.key("rev-a1", "ANNOTATOR");
        String second = f.key("rev-a2", "ANNOTATOR");
        String reviewer = f.key("rev-r1", "REVIEWER");
        String queue = f.queue("{\"name\":\"review-" + UUID.randomUUID() + "\",\"scoreConfigIds\":[\"" + helpfulness + "\",\""
                + verdict + "\"],\"annotators\":[\"rev-a1\",\"rev-a2\"],\"reviewers\":[\"rev-r1\"],\"strategy\":\"LOAD_BALANCED\","
                + "\"annotatorsPerItem\":2,\"reviewRequired\":true}");
        List<String> items = f.addTraces(queue, List.of(f.chat("Cancel my order 17", "Done, it is cancelled."),
                f.chat("Cancel my order 18", "I cannot find that order.")));
        for (int i = 0; i < 2; i++) {
            f.submit(queue, first, "[{\"configId\":\"" + helpfulness + "\",\"value\":5},{\"configId\":\"" + verdict + "\",\"label\":\"good\"}]");
            f.submit(queue, second, "[{\"configId\":\"" + helpfulness + "\",\"value\":2,\"comment\":\"a2-comment\"},{\"configId\":\""
                    + verdict + "\",\"label\":\"bad\"}]");
        }

        browser.signIn(reviewer);
        browser.open("/ui/queues/" + queue + "/review");
        browser.awaitText(".review-list", "In review (2)");
        browser.awaitText("table.side-by-side", "a2-comment");
        WebElement table = browser.await("table.side-by-side");
        assertThat(table.getText()).contains("rev-a1").contains("rev-a2").contains("helpfulness").contains("verdict");
        // the unit's agreement from the analytics API: the two annotators disagree on both configs
        browser.awaitText("table.agreement", "helpfulness");
        assertThat(browser.await("table.agreement").getText()).contains("verdict");
        assertThat(browser.all(".agreement-unavailable")).isEmpty();
        browser.assertAccessible("review");
        browser.screenshot("review");

        String shown = browser.await(".item-review h2").getText();
        browser.await("form[aria-label='Return to an annotator'] button[type='submit']").click();
        browser.awaitText("#return-comment-error", "required");
        assertThat(browser.await("#return-comment").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("review-field-error");

        browser.await("form[aria-label='Return to an annotator'] input[value='rev-a2']").click();
        browser.await("#return-comment").sendKeys("please re-read the tool result");
        browser.await("form[aria-label='Return to an annotator'] button[type='submit']").click();
        browser.awaitText("main", "Returned");
        browser.awaitText(".review-list", "In review (1)");
        String approved = browser.await(".item-review h2").getText();
        assertThat(approved).isNotEqualTo(shown);
        browser.await("form[aria-label='Approve'] button[type='submit']").click();
        browser.awaitText("main", "Approved");
        browser.awaitText("main", "No items are waiting for review");

        List<String> statuses = new ArrayList<>();
        List<String> returnedTo = new ArrayList<>();
        for (String item : items) {
            JsonNode view = f.get("/api/v1/queues/" + queue + "/items/" + item, f.admin);
            statuses.add(view.get("status").asText());
            view.get("returnedTo").forEach(name -> returnedTo.add(name.asText()));
        }
        assertThat(statuses).contains("APPROVED").hasSize(2).doesNotContain("IN_REVIEW");
        assertThat(returnedTo).containsExactly("rev-a2");

        // the annotator it went back to gets it first, with the reviewer's comment
        browser.signIn(second);
        browser.open("/ui/queues/" + queue);
        browser.awaitText(".item-pane", "A reviewer returned this item to you: please re-read the tool result");
        browser.assertAccessible("workspace with a returned item");
        browser.screenshot("workspace-returned");
    }
}
