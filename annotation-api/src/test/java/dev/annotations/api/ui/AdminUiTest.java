package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin screens in a real browser: score configs, queues, API keys; and what a refused key does. */
class AdminUiTest {
    private static UiFixture f;
    private static Browser browser;
    private static String adminKey;

    @BeforeAll
    static void start() {
        f = new UiFixture();
        adminKey = f.key("ui-admin", "ADMIN");
        browser = new Browser(f.port());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        f.close();
    }

    /** Replaces a field's text as a person does (select all, type): clear() alone bypasses the page's input events. */
    private static void type(String css, String text) {
        WebElement input = browser.await(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.until(driver -> input.getAttribute("value").isEmpty());
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    @Test
    void a_score_config_is_created_with_a_live_preview_edited_within_the_safe_rules_and_archived() {
        browser.signIn(adminKey);
        browser.open("/ui/admin/configs");
        type("#new-name", "bad name!");
        new Select(browser.await("#new-dataType")).selectByVisibleText("CATEGORICAL");
        WebElement first = browser.await("form[aria-label='Create a score config'] .category-row");
        first.findElement(org.openqa.selenium.By.xpath(".//label[starts-with(normalize-space(.), 'Label')]/input")).sendKeys("friendly");
        first.findElement(org.openqa.selenium.By.xpath(".//label[starts-with(normalize-space(.), 'Hotkey')]/input")).sendKeys("f");
        browser.await("form[aria-label='Create a score config'] fieldset.categories > button").click();
        WebElement second = browser.all("form[aria-label='Create a score config'] .category-row").get(1);
        second.findElement(org.openqa.selenium.By.xpath(".//label[starts-with(normalize-space(.), 'Label')]/input")).sendKeys("rude");
        WebElement value = second.findElement(org.openqa.selenium.By.xpath(".//label[starts-with(normalize-space(.), 'Value')]/input"));
        value.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        browser.awaitText("aside.preview", "rude");
        assertThat(browser.await("aside.preview").getText()).contains("friendly").contains("f");
        browser.await("form[aria-label='Create a score config'] button[type='submit']").click();
        browser.awaitText("#new-name-error", "letters");
        assertThat(browser.await("#new-name").getAttribute("aria-invalid")).isEqualTo("true");
        browser.assertAccessible("admin score configs with a field error");
        browser.screenshot("admin-configs-field-error");

        type("#new-name", "tone");
        browser.await("form[aria-label='Create a score config'] button[type='submit']").click();
        browser.awaitText(".config-list", "tone");
        JsonNode config = f.get("/api/v1/score-configs?name=tone", f.admin).get("items").get(0);
        assertThat(config.get("categories").findValuesAsText("label")).containsExactly("friendly", "rude");
        assertThat(config.get("categories").get(0).get("hotkey").asText()).isEqualTo("f");
        String id = config.get("id").asText();
        UiFixture.ok(f.client.postJson("/api/v1/scores", f.admin, "{\"target\":{\"type\":\"TRACE\",\"traceId\":\""
                + ChatTraces.traceId() + "\"},\"name\":\"tone\",\"configId\":\"" + id + "\",\"label\":\"rude\"}"), 201);

        browser.await("button[aria-label='Edit tone']").click();
        WebElement edit = browser.await("form[aria-label='Edit tone']");
        edit.findElement(org.openqa.selenium.By.cssSelector("button[aria-label='Remove category 2']")).click();
        edit.findElement(org.openqa.selenium.By.cssSelector("button[type='submit']")).click();
        browser.awaitText("form[aria-label='Edit tone'] .error-box", "category 'rude' is used by stored scores");
        browser.screenshot("admin-configs-409");
        browser.await("form[aria-label='Edit tone'] .form-actions button[type='button']").click();

        browser.await("button[aria-label='Archive tone']").click();
        browser.until(driver -> browser.all("button[aria-label='Archive tone']").isEmpty());
        assertThat(f.get("/api/v1/score-configs/" + id, f.admin).get("archived").asBoolean()).isTrue();
        browser.await(".admin > label.inline input").click();
        browser.await("button[aria-label='Restore tone']").click();
        browser.await("button[aria-label='Archive tone']");
        assertThat(f.get("/api/v1/score-configs/" + id, f.admin).get("archived").asBoolean()).isFalse();
        browser.assertAccessible("admin score configs");
        browser.screenshot("admin-configs");
    }

    @Test
    void a_queue_is_created_its_members_edited_and_items_added_by_filter_with_the_jobs_progress() {
        f.config("{\"name\":\"accuracy\",\"dataType\":\"NUMERIC\",\"min\":0,\"max\":1}");
        f.chat("Queue me: first", "ok");
        f.chat("Queue me: second", "ok");
        String name = "admin-queue-" + UUID.randomUUID();
        browser.signIn(adminKey);
        browser.open("/ui/admin/queues");
        browser.await("details.create-queue summary").click();
        type("#nq-name", name);
        browser.await("form[aria-label='Create a queue'] .config-choice input").click();
        type("#nq-annotators", "qa-1, qa-2");
        browser.await("form[aria-label='Create a queue'] button[type='submit']").click();
        browser.until(driver -> browser.all("#queue-select option").stream().anyMatch(o -> o.getText().startsWith(name)));
        new Select(browser.await("#queue-select")).selectByVisibleText(name + " (active)");
        browser.await("section.queue-admin");
        JsonNode queue = f.get("/api/v1/queues", f.admin).get("items").findParents("name").stream()
                .filter(q -> q.get("name").asText().equals(name)).findFirst().orElseThrow();
        String id = queue.get("id").asText();
        assertThat(queue.get("annotators").toString()).isEqualTo("[\"qa-1\",\"qa-2\"]");
        assertThat(queue.get("showSuggestions").asBoolean()).isFalse();

        type("form[aria-label='Settings of " + name + "'] textarea[id$='-annotators']", "qa-1\nqa-2\nqa-3");
        browser.await("form[aria-label='Settings of " + name + "'] label.inline input").click();
        browser.await("form[aria-label='Settings of " + name + "'] button[type='submit']").click();
        browser.awaitText("form[aria-label='Settings of " + name + "']", "Saved.");
        JsonNode edited = f.get("/api/v1/queues/" + id, f.admin);
        assertThat(edited.get("annotators").toString()).isEqualTo("[\"qa-1\",\"qa-2\",\"qa-3\"]");
        assertThat(edited.get("showSuggestions").asBoolean()).isTrue();

        String add = "form[aria-label='Add items to " + name + "'] ";
        type(add + "input[id$='-queue']", "");
        type(add + "input[id$='-service']", "support-bot");
        type(add + "input[id$='-name']", "chat gpt-4o");
        browser.await(add + "button[type='submit']").click();
        browser.awaitText(".job-status", "Job done");
        assertThat(browser.await(".job-status").getText()).contains("2 spans matched, 2 added");
        assertThat(f.get("/api/v1/queues/" + id + "/items", f.admin).get("items")).hasSize(2);
        browser.assertAccessible("admin queues");
        browser.screenshot("admin-queues");
    }

    @Test
    void a_key_is_issued_once_with_a_copy_button_revoked_and_a_refused_key_returns_to_sign_in() {
        browser.signIn(adminKey);
        browser.open("/ui/admin/keys");
        type("#key-name", "temp-annotator");
        browser.await("form[aria-label='Issue a key'] button[type='submit']").click();
        String secret = browser.await("dialog[open] #issued-secret").getAttribute("value");
        assertThat(secret).startsWith("ak_");
        browser.assertAccessible("admin keys: the new secret");
        browser.screenshot("admin-keys-secret");
        browser.await("dialog[open] button.primary").click();
        browser.until(driver -> !browser.await("dialog[open] p[role='status']").getText().isEmpty());
        browser.await("dialog[open] .form-actions button:not(.primary)").click();
        browser.until(driver -> browser.all("dialog[open]").isEmpty());
        assertThat(f.client.get("/api/v1/me", secret).json().get("name").asText()).isEqualTo("temp-annotator");
        assertThat(browser.bodyText()).as("the secret is shown once").doesNotContain(secret);

        browser.await("button[aria-label^='Revoke temp-annotator']").click();
        browser.await("button[aria-label='Yes, revoke temp-annotator']").click();
        browser.awaitText("table.results", "revoked");
        assertThat(f.client.get("/api/v1/me", secret).status()).isEqualTo(401);
        browser.assertAccessible("admin keys");
        browser.screenshot("admin-keys");

        String doomed = f.key("doomed-viewer", "VIEWER");
        browser.signIn(doomed);
        String keyId = f.client.get("/api/v1/me", doomed).json().get("keyId").asText();
        UiFixture.ok(f.client.delete("/api/v1/projects/" + f.project + "/keys/" + keyId, f.admin), 204);
        browser.open("/ui/spans");
        browser.awaitText(".signin", "The service refused the key");
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
        browser.assertAccessible("sign-in after a refused key");
        browser.screenshot("signin-refused");
    }
}
