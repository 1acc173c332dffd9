package cacherr.adapters.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.browser.fixtures.HomeLibrary;
import cacherr.application.inmemory.StepExecutor;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Choosing rows of the Cached page's table for a batch, in real headless Chromium against the real server: the
 * selection (a set of file ids, by keyboard, the page's box in the header, across pages, sorting and filters), its
 * count, and a batch on exactly those files — previewed (nothing changes), run with its progress moved by the
 * server's events alone, and cancelled. The server's batch steps are run by the test ({@code StepExecutor}), so the
 * page is looked at between any two files, with no sleeps.
 */
class SelectionBrowserTest {
    private static final List<String> BLUEY = List.of("Bluey - S01E03.mkv", "Bluey - S01E04.mkv", "Bluey - S01E05.mkv");
    private static final List<String> EXPANSE = List.of("The Expanse - S01E01.mkv", "The Expanse - S01E02.mkv",
            "The Expanse - S01E03.mkv");

    /** The page's cap of a selection (app/selection.js MAX_SELECTED). */
    private static final int MAX_SELECTED = 10_000;

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
        List<String> errors = browser.pageErrors();
        browser.desktop();
        assertEquals(List.of(), errors, "uncaught script errors on the page");
    }

    @Test
    void rowsAreSelectedByKeyboardCountedAndTheSelectionOutlivesPagingSortingAndFilters() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            long total = served.envelope("/api/cached/files?limit=1").at("/data/pagination/total_count").asLong();
            assertTrue(total > 25, "two pages of 25 rows: " + total);
            openFiles(served, "/cached?limit=25");
            assertEquals("No files selected — tick rows to run a batch on just those files.", text("#selection-count"));
            assertTrue(find1("#batch-scope-matching").isSelected());
            assertFalse(find1("#batch-scope-selected").isEnabled(), "nothing to run on yet");
            assertEquals("All " + total + " files matching the filters", text("#batch-scope-matching-text"));

            // one row, from the keyboard: its box is labelled with the file's name
            WebElement first = rows().get(0);
            String firstName = cell(first, 0).getText();
            WebElement box = pick(first);
            assertEquals("Select " + firstName, box.getAttribute("aria-label"));
            box.sendKeys(Keys.SPACE);
            waitUntil(d -> text("#selection-count").equals("1 selected"));
            assertTrue(find1("#batch-scope-selected").isSelected(), "a first selection chooses the selected files");
            assertEquals("The 1 selected file", text("#batch-scope-selected-text"));
            assertEquals("true", pageBox().getDomProperty("indeterminate"));
            assertTrue(browser.driver.getCurrentUrl().indexOf("file=") < 0, "ticking a row does not open it");

            // the header's box takes the whole page, then one row is unticked
            pageBox().sendKeys(Keys.SPACE);
            waitUntil(d -> text("#selection-count").equals("25 selected"));
            assertTrue(pageBox().isSelected());
            assertEquals("false", pageBox().getDomProperty("indeterminate"));
            WebElement last = rows().get(24);
            String unticked = last.getAttribute("data-id");
            pick(last).click();
            waitUntil(d -> text("#selection-count").equals("24 selected"));
            assertEquals(null, find1("#detail").getAttribute("open"), "ticking a row's box does not open the file");
            assertFalse(pageBox().isSelected());
            assertEquals("true", pageBox().getDomProperty("indeterminate"));
            Set<String> chosen = new LinkedHashSet<>(ids(rows()));
            chosen.remove(unticked);

            // another page: the selection stays, and the count says where it is
            find1("#next-page").click();
            waitUntil(d -> text("#files-range").startsWith("26–"));
            assertEquals("24 selected — 24 of them are not on this page", text("#selection-count"));
            assertFalse(pageBox().isSelected());
            assertEquals("false", pageBox().getDomProperty("indeterminate"));
            WebElement other = rows().get(0);
            chosen.add(other.getAttribute("data-id"));
            pick(other).sendKeys(Keys.SPACE);
            waitUntil(d -> text("#selection-count").equals("25 selected — 24 of them are not on this page"));

            // sorting shows other rows; each box says whether its file is chosen
            find1("#files-table th[data-sort=file_size_bytes] button").sendKeys(Keys.ENTER);
            waitUntil(d -> d.getCurrentUrl().contains("sort=file_size_bytes"));
            waitUntil(d -> text("#files-range").startsWith("1–25 "));
            waitUntil(d -> boxesMatch(chosen));
            assertTrue(text("#selection-count").startsWith("25 selected"), text("#selection-count"));

            // changing the filters keeps it too: a selection can be gathered over several searches
            find1("#filters [name=search]").sendKeys("Dune");
            waitUntil(d -> rows().size() == 1);
            boolean duneChosen = chosen.contains(rows().get(0).getAttribute("data-id"));
            assertEquals(duneChosen, pick(rows().get(0)).isSelected());
            assertEquals("25 selected — " + (duneChosen ? 24 : 25) + " of them are not on this page",
                    text("#selection-count"));
            assertEquals("All 1 file matching the filters", text("#batch-scope-matching-text"));
            assertEquals("The 25 selected files", text("#batch-scope-selected-text"));

            // cleared by its button: back to "all matching"
            find1("#selection-clear").click();
            waitUntil(d -> text("#selection-count").startsWith("No files selected"));
            assertTrue(find1("#batch-scope-matching").isSelected());
            assertFalse(pick(rows().get(0)).isSelected());
            assertFalse(find1("#selection-clear").isDisplayed());
        }
    }

    @Test
    void aPreviewOfTheSelectedFilesSaysWhatWouldHappenToEachAndChangesNothing() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            StepExecutor steps = served.library.memory().steps();
            openFiles(served, "/cached?search=Bluey");
            selectByName(BLUEY);
            waitUntil(d -> text("#selection-count").equals("3 selected"));
            listenLive();
            Map<String, String> before = books(served);

            choose("#batch-action", "Take off the cache");
            find1("#batch-preview").click();
            waitUntil(d -> text("#batch-status").startsWith("Preview: 0 of 3 files"));
            steps.runAll();
            waitUntil(d -> text("#batch-status").equals("Preview — nothing has changed. completed: 3 done, 0 failed,"
                    + " 0 skipped of 3"));
            waitUntil(d -> find("#batch-results li").size() == 3);
            assertFalse(find1("#batch-cancel").isDisplayed(), "a preview has nothing to cancel");
            List<String> outcomes = find("#batch-results li").stream().map(WebElement::getText).toList();
            for (int i = 0; i < BLUEY.size(); i++) {
                String name = BLUEY.get(i);
                assertTrue(outcomes.stream().anyMatch(o -> o.startsWith(name + " — completed: would be taken off the cache")),
                        name + " in " + outcomes);
            }
            assertEquals(before, books(served), "a preview changes nothing");
            browser.screenshot("batch-selection-preview");
        }
    }

    @Test
    void aRunChangesExactlyTheSelectedFilesAndItsProgressMovesWithTheServersEventsAlone() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            StepExecutor steps = served.library.memory().steps();
            openFiles(served, "/cached?search=Bluey");
            selectByName(BLUEY);
            // a selection made under one filter runs as it is under another
            find1("#filters [name=search]").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            waitUntil(d -> text("#selection-count").startsWith("3 selected") && rows().size() > 6);
            listenLive();
            Map<String, String> before = books(served);

            choose("#batch-action", "Take off the cache");
            find1("#batch-run").click();
            waitUntil(d -> text("#batch-status").startsWith("Running: 0 of 3 files"));
            assertTrue(find1("#batch-cancel").isDisplayed());
            double runStarted = now();
            steps.runNext();
            waitUntil(d -> text("#batch-status").startsWith("Running: 1 of 3 files — "));
            assertEquals("33", find1("#batch-progress").getAttribute("value"));
            steps.runNext();
            waitUntil(d -> text("#batch-status").startsWith("Running: 2 of 3 files — "));
            assertEquals("66", find1("#batch-progress").getAttribute("value"));
            browser.screenshot("batch-selection-running");
            assertEquals(List.of(), apiRequestsSince(runStarted), "while a batch runs the page asks nothing: its"
                    + " progress comes from the event stream");

            steps.runAll();
            waitUntil(d -> text("#batch-status").equals("completed: 3 done, 0 failed, 0 skipped of 3"));
            Map<String, String> expected = new HashMap<>(before);
            for (String name : BLUEY) {
                String id = served.library.file(name).id().value();
                expected.put(id, expected.get(id).replace("active", "removed"));
            }
            assertEquals(expected, books(served), "exactly the selected files changed");
            // the table is read once more, at the end, and shows it (which also shows the requests are observed)
            waitUntil(d -> apiRequestsSince(runStarted).stream().anyMatch(r -> r.contains("/api/cached/files?")));
            assertEquals(1, apiRequestsSince(runStarted).stream().filter(r -> r.contains("/api/cached/files?")).count(),
                    apiRequestsSince(runStarted).toString());
            waitUntil(d -> BLUEY.stream().allMatch(name -> rows().stream().filter(r -> cell(r, 0).getText().equals(name))
                    .allMatch(r -> cell(r, 3).getText().equals("Removed"))));
        }
    }

    @Test
    void aBatchOnTheSelectedFilesIsCancelledAndOnlyTheFileDoneChanged() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            StepExecutor steps = served.library.memory().steps();
            openFiles(served, "/cached?search=The+Expanse");
            selectByName(EXPANSE);
            listenLive();
            Map<String, String> before = books(served);

            // an action done one file per step: attach and detach take up to 100 files in a step (ChunkedAttribution)
            choose("#batch-action", "Take off the cache");
            find1("#batch-run").click();
            waitUntil(d -> text("#batch-status").startsWith("Running: 0 of 3 files"));
            steps.runNext();
            waitUntil(d -> text("#batch-status").startsWith("Running: 1 of 3 files — "));
            find1("#batch-cancel").click();
            waitUntil(d -> text("#batch-status").equals("cancelled: 1 done, 0 failed, 2 skipped of 3"));
            steps.runAll();
            waitUntil(d -> find("#batch-results li").size() == 3);

            JsonNode batches = served.envelope("/api/results/operations?limit=1").at("/data/operations");
            String batchId = batches.get(0).path("id").asText();
            List<String> done = new ArrayList<>();
            for (JsonNode file : served.envelope("/api/results/operations/" + batchId).at("/data/file_operations")) {
                if (file.path("status").asText().equals("completed")) done.add(file.path("filename").asText());
            }
            assertEquals(1, done.size(), done.toString());
            assertTrue(EXPANSE.contains(done.get(0)), done.toString());
            Map<String, String> expected = new HashMap<>(before);
            String id = served.library.file(done.get(0)).id().value();
            expected.put(id, expected.get(id).replace("active", "removed"));
            Map<String, String> after = books(served);
            assertEquals(expected.keySet(), after.keySet());
            for (String key : expected.keySet()) {
                assertEquals(sorted(expected.get(key)), sorted(after.get(key)), "file " + key);
            }
        }
    }

    @Test
    void allMatchingTheFiltersMeansExactlyTheFilesTheTableListsSizesAndDaysIncluded() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            StepExecutor steps = served.library.memory().steps();
            // sizes as people type them: "1.5 MB" is 1,572,864 bytes, not 1.5 and not nothing
            openFiles(served, "/cached?size_min=1.5+MB&limit=100");
            long matching = served.envelope("/api/cached/files?limit=1&size_min=" + (3L * 1024 * 1024 / 2))
                    .at("/data/pagination/total_count").asLong();
            long all = served.envelope("/api/cached/files?limit=1").at("/data/pagination/total_count").asLong();
            assertTrue(matching > 0 && matching < all, matching + " of " + all);
            waitUntil(d -> rows().size() == matching);
            assertEquals("All " + matching + " files matching the filters", text("#batch-scope-matching-text"));
            listenLive();

            choose("#batch-action", "Attach a user");
            find1("#batch-user").sendKeys("grace");
            find1("#batch-preview").click();
            waitUntil(d -> text("#batch-status").startsWith("Preview: 0 of " + matching + " files"));
            steps.runAll();
            waitUntil(d -> text("#batch-status").startsWith("Preview — nothing has changed. completed: "));

            // an unreadable size is refused in words, and no batch starts
            long batches = served.envelope("/api/results/operations?limit=1").at("/data/pagination/total_count").asLong();
            find1("#filters [name=size_max]").sendKeys("lots");
            waitUntil(d -> text("#filter-problem").contains("“lots” is not one"));
            find1("#batch-preview").click();
            waitUntil(d -> text("#batch-status").contains("“lots” is not one"));
            assertEquals(batches, served.envelope("/api/results/operations?limit=1")
                    .at("/data/pagination/total_count").asLong());
        }
    }

    @Test
    void onAPhoneThePagesBoxAndTheOrdersStayWithinReachAboveTheCards() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            browser.viewport(390, 844, true);
            openFiles(served, "/cached?limit=25");
            WebElement words = find1("#files-table .page-word");
            assertTrue(words.isDisplayed(), "the page's box has words of its own on a phone");
            assertEquals("Select this page", words.getText());
            browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", pageBox());
            assertTrue(pageBox().getRect().getWidth() >= 18, "a box a finger can hit: " + pageBox().getRect().getWidth());
            assertEquals(pageBox(), browser.driver.executeScript("const r = arguments[0].getBoundingClientRect();"
                    + "return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)", pageBox()),
                    "nothing covers the page's box");

            // the words tick the box: the whole page, and again nothing
            words.click();
            waitUntil(d -> text("#selection-count").equals("25 selected"));
            assertTrue(pageBox().isSelected());
            assertTrue(rows().stream().allMatch(r -> pick(r).isSelected()));
            words.click();
            waitUntil(d -> text("#selection-count").startsWith("No files selected"));

            // the orders are buttons above the cards, the Users column (no order) is not
            WebElement size = find1("#files-table th[data-sort=file_size_bytes] button");
            assertTrue(size.isDisplayed(), "the size order is reachable on a phone");
            assertFalse(find1("#files-table th:not(.select):not([data-sort])").isDisplayed());
            size.click();
            waitUntil(d -> d.getCurrentUrl().contains("sort=file_size_bytes"));
            waitUntil(d -> "descending".equals(find1("#files-table th[data-sort=file_size_bytes]")
                    .getAttribute("aria-sort")));
            Object overflow = browser.driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways on a phone");
            browser.screenshot("phone-selection");
        }
    }

    @Test
    void noMoreThanTenThousandFilesAreSelectedAndABatchOfThatManyIsAccepted() {
        int pages = MAX_SELECTED / 200;
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aLongShow(MAX_SELECTED + 30))) {
            StepExecutor steps = served.library.memory().steps();
            openFiles(served, "/cached?limit=200");
            for (int page = 1; page <= pages; page++) {
                int selected = page * 200;
                pageBox().sendKeys(Keys.SPACE);
                waitUntil(d -> text("#selection-count").startsWith(String.format(Locale.UK, "%,d selected", selected)));
                String first = rows().get(0).getAttribute("data-id");
                find1("#next-page").click();
                waitUntil(d -> !rows().isEmpty() && !first.equals(rows().get(0).getAttribute("data-id"))
                        && "false".equals(find1("#files-area").getAttribute("aria-busy")));
            }
            assertEquals(30, rows().size(), "the last page holds what is past the cap");

            // one more, by its row's box or by the page's: refused in words, nothing added
            pick(rows().get(0)).sendKeys(Keys.SPACE);
            waitUntil(d -> text("#selection-count").contains("At most 10,000 files can be selected for one batch"));
            assertTrue(text("#selection-count").startsWith("10,000 selected — 10,000 of them are not on this page"),
                    text("#selection-count"));
            assertFalse(pick(rows().get(0)).isSelected(), "the refused row is not ticked");
            pageBox().sendKeys(Keys.SPACE);
            waitUntil(d -> text("#selection-count").contains("At most 10,000"));
            assertTrue(rows().stream().noneMatch(r -> pick(r).isSelected()));

            // the 10,000 fit one request: the server takes the preview and names exactly them
            long batches = served.envelope("/api/results/operations?limit=1").at("/data/pagination/total_count").asLong();
            assertEquals("The 10,000 selected files", text("#batch-scope-selected-text"));
            choose("#batch-action", "Attach a user");
            find1("#batch-user").sendKeys("grace");
            find1("#batch-preview").click();
            waitUntil(d -> text("#batch-status").startsWith("Preview: 0 of 10,000 files"));
            assertEquals(batches + 1, served.envelope("/api/results/operations?limit=1")
                    .at("/data/pagination/total_count").asLong());
            JsonNode batch = served.envelope("/api/results/operations?limit=1").at("/data/operations/0");
            assertEquals(MAX_SELECTED, batch.path("total_files").asInt(), batch.toString());
            steps.runAll();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Every file of the books as "status,user,user…" by id: what a batch may change. */
    private static Map<String, String> books(ServedLibrary served) {
        Map<String, String> books = new HashMap<>();
        for (JsonNode file : served.envelope("/api/cached/files?limit=500").at("/data/files")) {
            List<String> users = new ArrayList<>();
            file.path("users").forEach(u -> users.add(u.asText()));
            books.put(file.path("id").asText(), file.path("status").asText() + (users.isEmpty() ? "" : ","
                    + String.join(",", users.stream().sorted().toList())));
        }
        return books;
    }

    private static List<String> sorted(String entry) {
        List<String> parts = new ArrayList<>(List.of(entry.split(",")));
        String status = parts.remove(0);
        List<String> result = new ArrayList<>(parts.stream().sorted().toList());
        result.add(0, status);
        return result;
    }

    /** The page's clock (performance.now()), to tell which requests came later. */
    private static double now() {
        return ((Number) browser.driver.executeScript("return performance.now()")).doubleValue();
    }

    /**
     * The API requests the page made (and saw answered) since {@code since}, as the browser's Resource Timing lists
     * them: fetches included, the open event stream not (it has not ended).
     */
    @SuppressWarnings("unchecked")
    private static List<String> apiRequestsSince(double since) {
        return (List<String>) browser.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.startTime > arguments[0] && new URL(e.name).pathname.startsWith('/api/'))"
                + ".map(e => e.initiatorType + ' ' + e.name)", since);
    }

    private static void selectByName(List<String> names) {
        for (String name : names) {
            WebElement box = find1("#files-body input.pick[aria-label='Select " + name + "']");
            box.sendKeys(Keys.SPACE);
            waitUntil(d -> box.isSelected());
        }
        waitUntil(d -> text("#selection-count").startsWith(names.size() + " selected"));
        assertTrue(find1("#batch-scope-selected").isSelected());
    }

    /** Opens the live stream as a user's first touch of the panel does, and waits until it listens. */
    private static void listenLive() {
        find1("#batch-user").click();
        waitUntil(d -> "connected".equals(d.findElement(By.tagName("html")).getAttribute("data-live")));
    }

    private static boolean boxesMatch(Set<String> chosen) {
        for (WebElement row : rows()) {
            if (pick(row).isSelected() != chosen.contains(row.getAttribute("data-id"))) return false;
        }
        return true;
    }

    private static List<String> ids(List<WebElement> rows) {
        return rows.stream().map(r -> r.getAttribute("data-id")).toList();
    }

    private static WebElement pick(WebElement row) {
        return row.findElement(By.cssSelector("input.pick"));
    }

    private static WebElement pageBox() {
        return find1("#select-page");
    }

    private static void openFiles(ServedLibrary served, String path) {
        browser.driver.get(served.url(path));
        waitUntil(d -> "true".equals(find1("body").getAttribute("data-ready")));
        browser.driver.executeScript("performance.setResourceTimingBufferSize(100000)");
        waitUntil(d -> "false".equals(find1("#files-area").getAttribute("aria-busy")) && !rows().isEmpty());
    }

    private static void choose(String css, String optionText) {
        browser.choose(css, optionText);
    }

    private static List<WebElement> rows() {
        return find("#files-body tr");
    }

    private static WebElement cell(WebElement row, int index) {
        return row.findElements(By.cssSelector("td:not(.select)")).get(index);
    }

    private static List<WebElement> find(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    private static WebElement find1(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    private static String text(String css) {
        return find1(css).getText();
    }

    private static void waitUntil(Function<WebDriver, Boolean> condition) {
        browser.waitUntil(condition);
    }
}
