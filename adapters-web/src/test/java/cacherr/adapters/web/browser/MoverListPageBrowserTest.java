package cacherr.adapters.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.CacherrWebServer;
import cacherr.adapters.web.WebSettings;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.out.MoverListInspection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Unraid mover list's panel on the Cached page (mover.js), in real headless Chromium against the real server. */
class MoverListPageBrowserTest {
    private static final String HOSTILE = "/cache/movies/<img src=x onerror=\"window.pwned=1\">[1].mkv";
    private static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) browser.close();
    }

    @AfterEach
    void noScriptFailed() {
        assertEquals(List.of(), browser.pageErrors(), "uncaught script errors on the page");
    }

    @Test
    void theCachedPageShowsTheListsStateAndNamesAsTextOnly() {
        MoverListInspection inspection = new MoverListInspection("/boot/config/plugins/skip.txt", 3,
                Instant.parse("2026-01-02T03:04:05Z"), true, 1, List.of("/mnt/cache/media/movies/Gone.mkv"), 1,
                List.of(new MoverListInspection.Risk(HOSTILE, HOSTILE.replace("/cache", "/mnt/cache/media"), true,
                        "'[' is a pattern to old readers")), List.of());
        try (CacherrWebServer server = serve(new MoverListStatus(true, true, 3, null, null, inspection))) {
            WebElement panel = open(server);
            String text = panel.getText();
            assertTrue(text.contains("Unraid mover list"), text);
            assertTrue(text.contains("3 entries in /boot/config/plugins/skip.txt"), text);
            assertTrue(text.contains("up to date"), text);
            assertTrue(text.contains("1 entries name host paths that do not exist"), text);
            assertTrue(text.contains("7.2.1"), text);
            for (WebElement summary : panel.findElements(By.tagName("summary"))) summary.click();
            assertTrue(panel.getText().contains("/mnt/cache/media/movies/Gone.mkv"), panel.getText());
            assertTrue(panel.getText().contains(HOSTILE), "a name is shown as it is: " + panel.getText());
            assertEquals(List.of(), panel.findElements(By.tagName("img")), "a name is never HTML");
            assertNull(((JavascriptExecutor) browser.driver).executeScript("return window.pwned"));
        }
    }

    @Test
    void withoutAListThePanelSaysItIsOff() {
        try (CacherrWebServer server = serve(MoverListStatus.DISABLED)) {
            String text = open(server).getText();
            assertTrue(text.contains("Unraid mover list: off"), text);
        }
    }

    private static CacherrWebServer serve(MoverListStatus status) {
        InMemoryCacherr memory = InMemoryCacherr.create();
        Cacherr app = new Cacherr(memory.bookkeeping(), memory.storage(), memory.clock(), new SequentialIds(),
                CacheSettings.DEFAULTS, () -> status);
        return new CacherrWebServer(app, WebSettings.DEFAULTS.withPort(0).withVersion("test"),
                memory.storage()::space).start();
    }

    private static WebElement open(CacherrWebServer server) {
        browser.driver.get("http://127.0.0.1:" + server.port() + "/cached");
        WebElement panel = browser.driver.findElement(By.id("mover-list"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).ignoring(RuntimeException.class)
                .until(d -> panel.isDisplayed() && !panel.getText().isBlank());
        return panel;
    }
}
