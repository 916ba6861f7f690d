package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataset screens in a real browser: create, add from span search, versions, items, an export with progress. */
class DatasetUiTest {
    private static UiFixture f;
    private static Browser browser;
    private static String adminKey;

    @BeforeAll
    static void start() {
        f = new UiFixture();
        adminKey = f.key("ui-datasets", "ADMIN");
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
    void a_dataset_is_created_filled_from_span_search_and_exported_with_progress() {
        String trace = f.chat("Where is my parcel?", "It arrives tomorrow.");
        browser.signIn(adminKey);
        browser.open("/ui/datasets");
        browser.await("#dataset-name").sendKeys("ui golden set");
        browser.await("form[aria-label='Create a dataset'] button[type='submit']").click();
        browser.awaitText(".dataset-list", "ui golden set");
        JsonNode dataset = f.get("/api/v1/datasets", f.admin).get("items").get(0);
        String id = dataset.get("id").asText();

        browser.open("/ui/spans?traceId=" + trace);
        browser.awaitText("table.results", "chat gpt-4o");
        new Select(browser.await("#add-dataset")).selectByVisibleText("ui golden set");
        browser.await("section.add-to-dataset button").click();
        browser.awaitText("section.add-to-dataset [role='status']", "Added 3 items");
        assertThat(f.get("/api/v1/datasets/" + id, f.admin).get("itemCount").asInt()).isEqualTo(3);

        browser.open("/ui/datasets/" + id);
        browser.awaitText(".dataset-items", "Where is my parcel?");
        browser.awaitText(".dataset-versions", "added 3 items from targets");
        browser.assertAccessible("a dataset with its items");
        browser.all("section.exports button").stream().filter(button -> button.getText().equals("Export csv"))
                .findFirst().orElseThrow().click();
        browser.awaitText(".export-progress", "Done: 3 rows");
        browser.await(".export-progress button");
        browser.screenshot("dataset-exported");
    }
}
