package dev.annotations.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named explicitly so Selenium Manager
 * never looks anything up or downloads. A fresh profile per browser; waits are for conditions, with a
 * generous bound for a machine shared by several builds — never a sleep.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("ui.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ui.chromedriver", "/usr/bin/chromedriver"));
    /** How long a condition may take on a busy 2-core machine before the test fails. */
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final Path profile;
    private final String axe;

    static {
        // selenium-chrome-driver looks for a DevTools binding of Chromium's version; these tests use none
        java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(java.util.logging.Level.SEVERE);
    }

    Browser(int port) {
        assertThat(CHROMIUM).as("Chromium is needed for the UI tests: apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is needed for the UI tests: apt-get install -y chromium-driver").isExecutable();
        try {
            profile = Files.createTempDirectory("ui-test-chromium");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        // a condition reads elements the page may re-render between finding and reading them (a stale element):
        // that is "not yet", to be polled again, as an element not found is
        wait.ignoring(StaleElementReferenceException.class);
        base = "http://127.0.0.1:" + port;
        axe = resource("axe/axe.min.js");
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement await(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitText(String css, String text) {
        wait.withMessage(() -> "'" + text + "' in " + css + "; the page says: " + bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    <T> T until(Function<ChromeDriver, T> condition) {
        return wait.until(driver -> condition.apply((ChromeDriver) driver));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the workspace has put the focus into its first score field, where typing begins. */
    void awaitFirstFieldFocused() {
        until(driver -> Boolean.TRUE.equals(js("const a = document.activeElement;"
                + "return !!a && !!a.closest('.score-field[data-field-index=\"0\"]');")));
    }

    /** Keys to whatever has the focus, as a person types them. */
    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    void ctrlEnter() {
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
    }

    /** Signs in by typing the key and pressing Enter; waits for the signed-in header. */
    void signIn(String key) {
        open("/ui/");
        js("sessionStorage.clear()");
        open("/ui/");
        WebElement input = await("#api-key");
        input.sendKeys(key, Keys.ENTER);
        await(".whoami");
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core (vendored from the UI's node_modules) in the page and fails on any serious or critical
     * violation, naming the rule and the elements.
     */
    void assertAccessible(String screen) {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            js(axe + "\n;window.axe = axe;");
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
        List<String> serious = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree((String) result)) {
                String impact = violation.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    List<String> targets = new ArrayList<>();
                    violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
                    serious.add(impact + " " + violation.path("id").asText() + ": " + violation.path("help").asText()
                            + " at " + targets);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(serious).as("axe-core on " + screen).isEmpty();
    }

    private static String resource(String name) {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test classpath (copied from src/main/ui/node_modules by the build)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
