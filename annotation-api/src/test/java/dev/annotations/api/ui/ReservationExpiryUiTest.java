package dev.annotations.api.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A reservation that expires is explained, never a silent failure; the service's clock is moved, not waited for. */
class ReservationExpiryUiTest {
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
    void an_expired_reservation_is_explained_and_the_answers_survive_taking_the_item_again() {
        String verdict = f.config("{\"name\":\"verdict\",\"dataType\":\"CATEGORICAL\",\"categories\":["
                + "{\"label\":\"good\",\"value\":1,\"hotkey\":\"g\"},{\"label\":\"bad\",\"value\":0,\"hotkey\":\"b\"}]}");
        String annotator = f.key("slow-annotator", "ANNOTATOR");
        String queue = f.queue("{\"name\":\"expiry-" + UUID.randomUUID() + "\",\"scoreConfigIds\":[\"" + verdict
                + "\"],\"annotators\":[\"slow-annotator\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1,"
                + "\"reservationTimeoutSeconds\":300}");
        String trace = f.chat("Does the warranty cover water damage?", "No, it does not.");
        f.addTraces(queue, List.of(trace));

        browser.signIn(annotator);
        browser.open("/ui/queues/" + queue);
        browser.awaitText(".item-pane", "warranty");
        browser.awaitText(".countdown", "left");
        browser.awaitFirstFieldFocused();
        browser.press("b");
        f.clock.advance(Duration.ofSeconds(301));
        browser.ctrlEnter();

        browser.awaitText(".expired", "Your reservation ended");
        assertThat(browser.await(".expired").getText()).contains("expired").contains("went back to the queue");
        browser.assertAccessible("workspace with an expired reservation");
        browser.screenshot("workspace-expired");
        assertThat(f.scores("queueId=" + queue)).as("nothing was stored for the expired reservation").isEmpty();

        browser.press("n");
        browser.until(driver -> browser.all(".expired").isEmpty() && !browser.all(".score-form").isEmpty());
        browser.awaitFirstFieldFocused();
        assertThat(browser.await(".score-field[data-config='verdict'] input:checked + label").getText())
                .as("the answer given before the expiry is restored").contains("bad");
        browser.ctrlEnter();
        browser.awaitText("main", "Nothing left for you in this queue");
        assertThat(f.scores("queueId=" + queue).get(0).get("label").asText()).isEqualTo("bad");
    }
}
