package cacherr.adapters.web.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: nothing is downloaded, Selenium Manager never runs.
 * Where no Chromium is installed the browser tests are skipped, saying how to run them — unless
 * {@code CACHERR_REQUIRE_BROWSER=true}, which turns the skip into a failure (for CI).
 */
final class Browser implements AutoCloseable {
    /**
     * How long a wait for the page may take before the test gives up. A wait ends as soon as its condition holds, so
     * this only bounds a broken run; it is long because a loaded machine may take seconds to render (docs/RELIABILITY.md).
     */
    static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(50);

    static final String HOW_TO_RUN = "the Cached page's browser tests need Debian's Chromium and its driver: "
            + "apt-get install -y chromium chromium-driver (or point -Dcacherr.chromium and -Dcacherr.chromedriver "
            + "at another Chromium and its matching chromedriver)";

    private static final Path CHROMIUM = Path.of(System.getProperty("cacherr.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("cacherr.chromedriver", "/usr/bin/chromedriver"));

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Skips (or in CI fails) the calling test class when there is no Chromium to drive. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CACHERR_REQUIRE_BROWSER"))) {
            fail("CACHERR_REQUIRE_BROWSER is set but " + HOW_TO_RUN);
        }
        assumeTrue(present, "skipped: " + HOW_TO_RUN);
    }

    static Browser start() {
        requireChromium();
        // Belt and braces: with an explicit binary and driver Selenium Manager has nothing to find, and it must not.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        try {
            Path profile = Files.createTempDirectory("cacherr-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1440,1000",
                    "--lang=en-GB", "--force-device-scale-factor=1", "--hide-scrollbars");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-GB"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(PATIENCE);
            // Every uncaught script error on every page is kept, so that a test can insist there was none.
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.__pageErrors = [];"
                    + "addEventListener('error', e => __pageErrors.push(String(e.message)));"
                    + "addEventListener('unhandledrejection', e => __pageErrors.push(String(e.reason)));"));
            return new Browser(profile, service, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of the window's viewport, as a phone or a desk would have it. */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
    }

    /** The uncaught script errors of the current page. */
    @SuppressWarnings("unchecked")
    List<String> pageErrors() {
        Object errors = driver.executeScript("return window.__pageErrors || []");
        return errors instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** Asks for the dark colour scheme, as a system set to dark would. */
    void darkMode(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    void desktop() {
        viewport(1440, 1000, false);
    }

    /**
     * Saves a screenshot as {@code <dir>/<name>.png} when {@code CACHERR_SCREENSHOTS} (or {@code -Dcacherr.screenshots})
     * names a directory; a relative one is taken from the repository root. Without it, normal runs leave the tree
     * alone.
     */
    void screenshot(String name) {
        String dir = System.getProperty("cacherr.screenshots", System.getenv("CACHERR_SCREENSHOTS"));
        if (dir == null || dir.isBlank()) return;
        try {
            Path target = repositoryRoot().resolve(dir).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) return p;
        }
        return here;
    }

    /**
     * Waits until the page meets the condition (a bound of PATIENCE only stops a hung test), looking every 50 ms
     * (Selenium's 500 ms made a test of fifty pages wait half a minute between answers it already had).
     */
    void waitUntil(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, PATIENCE, POLL).ignoring(RuntimeException.class).until(condition::apply);
    }

    /** Picks an option of a select as a keyboard user does: Home, then the arrow key down to it. */
    void choose(String css, String optionText) {
        WebElement select = driver.findElement(By.cssSelector(css));
        List<String> options = select.findElements(By.tagName("option")).stream().map(WebElement::getText).toList();
        int index = options.indexOf(optionText);
        assertTrue(index >= 0, optionText + " is not one of " + options);
        select.sendKeys(Keys.HOME);
        for (int i = 0; i < index; i++) select.sendKeys(Keys.ARROW_DOWN);
        waitUntil(d -> optionText.equals(select.findElements(By.tagName("option")).stream()
                .filter(WebElement::isSelected).map(WebElement::getText).findFirst().orElse(null)));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
