package cacherr.adapters.web.browser;

import static cacherr.adapters.web.browser.fixtures.HomeLibrary.MOVIE_TO_REMOVE;
import static cacherr.adapters.web.browser.fixtures.HomeLibrary.SHARED_MOVIE;
import static cacherr.adapters.web.browser.fixtures.HomeLibrary.SHOW;
import static cacherr.adapters.web.browser.fixtures.HomeLibrary.VANISHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.browser.fixtures.HomeLibrary;
import cacherr.adapters.web.fixtures.Archive;
import cacherr.domain.query.Page;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Cached page in real headless Chromium against the real server, over a family's cache of about fifty files. */
class CachedPageBrowserTest {
    private static Browser browser;
    private static ServedLibrary shared;

    @BeforeAll
    static void startBrowserAndServer() {
        browser = Browser.start();
        shared = ServedLibrary.serve(HomeLibrary.aFamilyCache());
    }

    @AfterAll
    static void stopBrowserAndServer() {
        if (shared != null) shared.close();
        if (browser != null) browser.close();
    }

    @AfterEach
    void noScriptFailedAndBackToTheDesk() {
        List<String> errors = browser.pageErrors();
        browser.desktop();
        browser.darkMode(false);
        assertEquals(List.of(), errors, "uncaught script errors on the page");
    }

    // ------------------------------------------------------------------ the table

    @Test
    void theTableShowsTheCachedFilesWithTheirStatusUsersAndSizes() {
        openFiles(shared, "/cached");
        long total = shared.envelope("/api/cached/files?limit=1").at("/data/pagination/total_count").asLong();

        assertEquals(Math.min(50, total), rows().size());
        assertTrue(text("#files-range").endsWith("of " + total + " files"), text("#files-range"));
        WebElement heat = row(SHARED_MOVIE);
        assertEquals("Heat (1995)", cell(heat, 1).getText());
        assertEquals("Active", cell(heat, 3).getText());
        assertTrue(cell(heat, 4).getText().contains("alice") && cell(heat, 4).getText().contains("bob"),
                cell(heat, 4).getText());
        waitUntil(d -> !find("#chart-days svg").isEmpty() && !find("#chart-users svg").isEmpty()
                && !find("#chart-operations svg").isEmpty());
        assertTrue(text("#cards").contains("of 96.0 MB limit"), text("#cards"));
        browser.screenshot("files-table");
        browser.darkMode(true);
        browser.screenshot("files-table-dark");
    }

    @Test
    void typingASearchNarrowsTheTableAsYouTypeAndPutsItInTheUrl() {
        openFiles(shared, "/cached");
        browser.driver.findElement(By.name("search")).sendKeys(SHOW);

        waitUntil(d -> d.getCurrentUrl().contains("search=The+Expanse"));
        waitUntil(d -> rows().size() == shared.library.filenamesContaining(SHOW).size());
        for (WebElement row : rows()) assertTrue(cell(row, 0).getText().contains(SHOW), cell(row, 0).getText());
    }

    @Test
    void aBookmarkedUrlRestoresItsFiltersAndSort() {
        openFiles(shared, "/cached?status=active&user_id=dave&sort=filename&order=asc");
        long expected = shared.envelope("/api/cached/files?status=active&user_id=dave")
                .at("/data/pagination/total_count").asLong();

        waitUntil(d -> "dave".equals(valueOf("#filters [name=user_id]")));
        assertEquals("active", valueOf("#filters [name=status]"));
        assertEquals("ascending", find1("#files-table th[data-sort=filename]").getAttribute("aria-sort"));
        assertTrue(expected > 0);
        assertEquals(expected, rows().size());
        List<String> names = rows().stream().map(r -> cell(r, 0).getText()).toList();
        assertEquals(names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), names);
        for (WebElement row : rows()) {
            assertEquals("Active", cell(row, 3).getText());
            assertTrue(cell(row, 4).getText().contains("dave"));
        }
    }

    @Test
    void sizesAreTypedAsPeopleSayThemAndAnUnreadableSizeIsExplained() {
        openFiles(shared, "/cached?limit=100");
        browser.driver.findElement(By.name("size_min")).sendKeys("1.5 MB");
        waitUntil(d -> d.getCurrentUrl().contains("size_min=1.5+MB"));
        long expected = shared.envelope("/api/cached/files?limit=1&size_min=" + (3L * 1024 * 1024 / 2))
                .at("/data/pagination/total_count").asLong();
        waitUntil(d -> rows().size() == expected);
        assertTrue(sizes().stream().allMatch(size -> size >= 3L * 1024 * 1024 / 2), sizes().toString());

        browser.driver.findElement(By.name("size_max")).sendKeys("lots");
        waitUntil(d -> text("#filter-problem").contains("“lots” is not one"));
    }

    @Test
    void aBookmarkedDateAndSizeRangeRestoreTheirFieldsAndNarrowTheTable() {
        LocalDate since = LocalDate.now().minusDays(7);
        openFiles(shared, "/cached?cached_since=" + since + "&size_max=2MB&limit=100");
        Instant from = since.atStartOfDay(ZoneId.systemDefault()).toInstant();
        long expected = shared.envelope("/api/cached/files?limit=1&size_max=" + 2L * 1024 * 1024 + "&cached_since=" + from)
                .at("/data/pagination/total_count").asLong();

        assertEquals(since.toString(), valueOf("#filters [name=cached_since]"));
        assertEquals("2MB", valueOf("#filters [name=size_max]"));
        assertTrue(expected > 0 && expected < shared.envelope("/api/cached/files?limit=1")
                .at("/data/pagination/total_count").asLong());
        assertEquals(expected, rows().size());
    }

    @Test
    void aBookmarkedDateRangeKeepsItsLastDayWhole() {
        LocalDate since = LocalDate.now().minusDays(14);
        LocalDate until = LocalDate.now().minusDays(7);
        openFiles(shared, "/cached?cached_since=" + since + "&cached_until=" + until + "&limit=100");
        Instant from = since.atStartOfDay(ZoneId.systemDefault()).toInstant();
        Instant to = until.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusSeconds(1);
        long expected = shared.envelope("/api/cached/files?limit=1&cached_since=" + from + "&cached_until=" + to)
                .at("/data/pagination/total_count").asLong();

        assertEquals(until.toString(), valueOf("#filters [name=cached_until]"));
        assertTrue(expected > 0 && expected < shared.envelope("/api/cached/files?limit=1&cached_since=" + from)
                .at("/data/pagination/total_count").asLong(), "the range is narrower than its start alone");
        assertEquals(expected, rows().size());
        assertTrue(find1("#export-csv").getAttribute("href").contains("cached_until="));
    }

    @Test
    void clickingAColumnHeaderSortsByItAndAgainReversesIt() {
        openFiles(shared, "/cached?limit=100");
        find1("#files-table th[data-sort=file_size_bytes] button").click();
        waitUntil(d -> d.getCurrentUrl().contains("sort=file_size_bytes&order=desc"));
        waitUntil(d -> isSorted(sizes(), false));

        find1("#files-table th[data-sort=file_size_bytes] button").click();
        waitUntil(d -> d.getCurrentUrl().contains("sort=file_size_bytes&order=asc"));
        waitUntil(d -> isSorted(sizes(), true));
        assertEquals("ascending", find1("#files-table th[data-sort=file_size_bytes]").getAttribute("aria-sort"));
    }

    @Test
    void pastTheCountingBoundTheRangeSaysMoreThanAndPagingFollowsHasMore() {
        HomeLibrary library = HomeLibrary.aFamilyCache();
        Archive.add(library.memory(), Archive.PAST_THE_BOUND);
        try (ServedLibrary served = ServedLibrary.serveCountingAsALargeStore(library)) {
            long total = served.envelope("/api/cached/files?limit=1&exact_total=true")
                    .at("/data/pagination/total_count").asLong();
            assertTrue(total > Page.COUNTED_UP_TO + 50, "the library is past the counting bound");

            openFiles(served, "/cached");
            assertEquals("1–50 of more than 10,000 files Count all", text("#files-range"));
            assertTrue(find1("#files-range").getDomAttribute("title").contains("stops counting"));
            // Count all asks for the exact total of the same filters and shows it in place
            find1("#files-range .count-all").click();
            waitUntil(d -> text("#files-range").equals("1–50 of " + thousands(total) + " files"));
            assertEquals(null, find1("#files-range").getDomAttribute("title"));
            assertTrue(find1("#next-page").isEnabled());
            find1("#next-page").click();
            waitUntil(d -> text("#files-range").equals("51–100 of more than 10,000 files Count all"));

            // A page beyond the bound counts to its own end; the last page counts them all, and Next stops there.
            long lastPage = (total + 49) / 50;
            openFiles(served, "/cached?page=" + (lastPage - 1));
            assertEquals(thousands((lastPage - 2) * 50 + 1) + "–" + thousands((lastPage - 1) * 50) + " of more than "
                    + thousands((lastPage - 1) * 50) + " files Count all", text("#files-range"));
            assertTrue(find1("#next-page").isEnabled());
            find1("#next-page").click();
            waitUntil(d -> text("#files-range").equals(thousands((lastPage - 1) * 50 + 1) + "–" + thousands(total)
                    + " of " + thousands(total) + " files"));
            assertFalse(find1("#next-page").isEnabled());
            assertEquals(null, find1("#files-range").getDomAttribute("title"), "a counted total needs no hint");

            // A bookmark past the end lands on the last page, which an empty page's exact total tells.
            openFiles(served, "/cached?page=" + (lastPage + 40));
            waitUntil(d -> d.getCurrentUrl().endsWith("page=" + lastPage));
            waitUntil(d -> text("#files-range").endsWith(" of " + thousands(total) + " files"));

            open(served, "/cached?view=operations");
            waitUntil(d -> text("#ops-range").equals("1–50 of more than 10,000 entries Count all"));
            find1("#ops-range .count-all").click();
            long entries = served.envelope("/api/cached/operations?limit=1&exact_total=true")
                    .at("/data/pagination/total_count").asLong();
            waitUntil(d -> text("#ops-range").equals("1–50 of " + thousands(entries) + " entries"));
            assertTrue(find1("#ops-next").isEnabled());
        }
    }

    // ------------------------------------------------------------------ the detail panel

    @Test
    void theDetailPanelOpensFromTheKeyboardShowsUsersWhyAndTheAuditLogAndEscapeClosesIt() {
        openFiles(shared, "/cached?search=Heat");
        WebElement opener = cell(row(SHARED_MOVIE), 0).findElement(By.tagName("button"));
        opener.sendKeys(Keys.ENTER);

        waitUntil(d -> find1("#detail").getAttribute("open") != null && text("#detail-title").equals(SHARED_MOVIE));
        String id = shared.library.file(SHARED_MOVIE).id().value();
        assertTrue(browser.driver.getCurrentUrl().contains("file=" + id));
        String body = text("#detail-body");
        assertTrue(body.contains("/array/movies/Heat (1995)/Heat (1995).mkv"), body);
        assertTrue(body.contains("bob") && body.contains("watching together on Friday"), body);
        waitUntil(d -> text("#detail-body").contains("User attached"));
        assertTrue(text("#detail-body").contains("Cached"));
        browser.screenshot("detail-panel");

        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitUntil(d -> find1("#detail").getAttribute("open") == null);
        waitUntil(d -> !d.getCurrentUrl().contains("file=")); // the URL follows the close: wait for it, never race it
        assertEquals(opener, browser.driver.switchTo().activeElement());
    }

    @Test
    void removingAFileAsksForConfirmationAndOnlyThenTheRowShowsRemoved() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            openFiles(served, "/cached?search=Alien");
            cell(row(MOVIE_TO_REMOVE), 0).findElement(By.tagName("button")).click();
            waitUntil(d -> text("#detail-title").equals(MOVIE_TO_REMOVE));

            find1("#detail-remove").click();
            waitUntil(d -> find1("#confirm").getAttribute("open") != null);
            assertTrue(text("#confirm-title").contains(MOVIE_TO_REMOVE));
            find1("#confirm-cancel").click();
            waitUntil(d -> find1("#confirm").getAttribute("open") == null);
            assertEquals("active", served.statusOf(MOVIE_TO_REMOVE));

            find1("#detail-remove").click();
            waitUntil(d -> find1("#confirm").getAttribute("open") != null);
            find1("#confirm-ok").click();
            waitUntil(d -> text("#detail-body").contains("Cached file removed successfully"));
            assertEquals("removed", served.statusOf(MOVIE_TO_REMOVE));

            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            waitUntil(d -> cell(row(MOVIE_TO_REMOVE), 3).getText().equals("Removed"));
        }
    }

    @Test
    void aUserAttachedInThePanelShowsWithTheirReasonAndCanBeDetachedAgain() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            String id = served.library.file(MOVIE_TO_REMOVE).id().value();
            openFiles(served, "/cached?file=" + id);
            waitUntil(d -> text("#detail-title").equals(MOVIE_TO_REMOVE));

            find1("#detail-body input[name=user]").sendKeys("frank");
            find1("#detail-body input[name=reason]").sendKeys("home from college");
            find1("#detail-body input[name=reason]").sendKeys(Keys.ENTER);
            waitUntil(d -> text("#detail-result").equals("frank attached."));
            assertTrue(text("#detail-body .user-rows").contains("frank — home from college"), text("#detail-body .user-rows"));
            assertTrue(usersOf(served, id).contains("frank"));

            find1("#detail-body button[aria-label='Detach frank']").click();
            waitUntil(d -> text("#detail-result").equals("frank detached."));
            assertFalse(usersOf(served, id).contains("frank"));
        }
    }

    @Test
    void verifyingOneFileFromThePanelRecordsItInItsAuditLog() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            String id = served.library.file("Dune (2021).mkv").id().value();
            openFiles(served, "/cached?file=" + id);
            waitUntil(d -> text("#detail-title").equals("Dune (2021).mkv"));
            assertFalse(text("#detail-body").contains("Verified"));

            find1("#detail-verify").click();
            waitUntil(d -> text("#detail-result").startsWith("Verified: the cached copy is intact"));
            assertTrue(text("#detail-body .audit").contains("Verified"));
            assertEquals(1, served.envelope("/api/cached/operations?operation_type=cache_verify&file_path="
                    + URLEncoder.encode(served.library.file("Dune (2021).mkv").filePath(), StandardCharsets.UTF_8))
                    .at("/data/pagination/total_count").asLong());
        }
    }

    // ------------------------------------------------------------------ whole-cache actions

    @Test
    void cleanupShowsWhatWouldChangeAndChangesNothingUntilApplied() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            openFiles(served, "/cached");
            find1("#cleanup-button").click();
            waitUntil(d -> !find("#cleanup-changes").isEmpty());

            String preview = text("#cleanup-body");
            assertTrue(preview.startsWith("Preview — nothing has changed yet."), preview);
            for (String name : VANISHED) {
                assertTrue(preview.contains(name), name + " missing from " + preview);
                assertEquals("active", served.statusOf(name), "a preview must not change " + name);
            }
            browser.screenshot("cleanup-preview");

            find1("#cleanup-apply").click();
            waitUntil(d -> text("#cleanup-body").startsWith("Cache cleanup completed."));
            for (String name : VANISHED) assertEquals("removed", served.statusOf(name));
        }
    }

    @Test
    void verifyShowsItsProgressAndReportsTheFilesWithProblems() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            openFiles(served, "/cached");
            find1("#verify-button").click();
            find1("#verify-start").click();
            waitUntil(d -> !find("#verify-summary").isEmpty());

            long onCache = served.envelope("/api/cached/files?status=active&limit=1").at("/data/pagination/total_count").asLong()
                    + served.envelope("/api/cached/files?status=orphaned&limit=1").at("/data/pagination/total_count").asLong()
                    + served.envelope("/api/cached/files?status=pending_removal&limit=1").at("/data/pagination/total_count").asLong();
            assertTrue(text("#verify-summary").startsWith("Checked " + onCache + " files"), text("#verify-summary"));
            assertEquals(find1("#verify-bar").getAttribute("max"), find1("#verify-bar").getAttribute("value"));
            for (String name : VANISHED) assertTrue(text("#verify-body").contains(name));
            browser.screenshot("verify");
        }
    }

    @Test
    void theExportLinkDownloadsExactlyTheFilteredRows() {
        openFiles(shared, "/cached");
        choose("#filters [name=status]", "Orphaned");
        waitUntil(d -> d.getCurrentUrl().contains("status=orphaned"));
        waitUntil(d -> rows().stream().allMatch(r -> cell(r, 3).getText().equals("Orphaned")));
        int orphaned = rows().size();
        browser.driver.findElement(By.name("size_min")).sendKeys("1 KB");
        waitUntil(d -> d.getCurrentUrl().contains("size_min="));
        waitUntil(d -> find1("#export-csv").getAttribute("href").contains("size_min=1024"));

        String href = find1("#export-csv").getAttribute("href");
        HttpResponse<String> download = shared.get(href.substring(href.indexOf("/api/")));
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
        List<String> lines = download.body().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(0).startsWith("filename,file_path"), lines.get(0));
        assertEquals(rows().size(), lines.size() - 1);
        assertTrue(rows().size() >= 3);
        assertTrue(orphaned >= rows().size());
        for (String line : lines.subList(1, lines.size())) assertTrue(line.contains(",orphaned,"), line);
    }

    // ------------------------------------------------------------------ errors and the empty cache

    @Test
    void anUnknownFileIdShowsTheServersErrorInWords() {
        openFiles(shared, "/cached?file=no-such-file");
        String error = shared.envelope("/api/cached/files/no-such-file").path("error").asText();

        assertFalse(error.isBlank());
        waitUntil(d -> find1("#detail").getAttribute("open") != null && !find("#detail-body .result.bad").isEmpty());
        assertTrue(text("#detail-body").contains(error), text("#detail-body"));
    }

    @Test
    void whenTheServerIsGoneTheTableSaysSoInsteadOfGoingBlank() {
        ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache());
        openFiles(served, "/cached");
        served.stop();

        browser.driver.findElement(By.name("search")).sendKeys("Dune");
        waitUntil(d -> text("#alerts").contains("cannot be reached"));
        assertTrue(text("#files-empty").contains("The file list is unavailable"));
    }

    @Test
    void anEmptyCacheExplainsHowToCacheAFileAtTheRootAddressToo() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.empty())) {
            openFiles(served, "/");
            waitUntil(d -> find1("#files-empty").isDisplayed());
            String empty = text("#files-empty");
            assertTrue(empty.startsWith("Nothing is on the cache yet"), empty);
            assertTrue(empty.contains("curl -X POST " + served.url("/api/cached/files")), empty);
            browser.screenshot("empty-cache");
        }
    }

    @Test
    void withAnApiTokenAChangeIsRefusedUntilTheTokenIsEnteredInThePage() {
        try (ServedLibrary served = ServedLibrary.serveWithToken(HomeLibrary.aFamilyCache())) {
            String id = served.library.file(MOVIE_TO_REMOVE).id().value();
            openFiles(served, "/cached?file=" + id);
            waitUntil(d -> text("#detail-title").equals(MOVIE_TO_REMOVE));
            removeInDetail();
            waitUntil(d -> text("#detail-body").contains("needs the API token"));
            assertEquals("active", served.statusOf(MOVIE_TO_REMOVE));

            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            find1("#token-button").click();
            find1("#token-input").sendKeys(ServedLibrary.TOKEN);
            find1("#token-save").click();
            waitUntil(d -> text("#token-button").equals("API token ✓"));
            assertEquals(ServedLibrary.TOKEN, browser.driver.executeScript("return localStorage.getItem('cacherr.apiToken')"));

            cell(row(MOVIE_TO_REMOVE), 0).findElement(By.tagName("button")).click();
            waitUntil(d -> text("#detail-title").equals(MOVIE_TO_REMOVE));
            removeInDetail();
            waitUntil(d -> text("#detail-body").contains("Cached file removed successfully"));
            assertEquals("removed", served.statusOf(MOVIE_TO_REMOVE));
        }
    }

    // ------------------------------------------------------------------ users and operations

    @Test
    void theUsersViewShowsOneUsersStatisticsForTheChosenPeriod() {
        open(shared, "/cached?view=users");
        waitUntil(d -> !find("#users-body button[data-user=alice]").isEmpty());
        find1("#users-body button[data-user=alice]").click();
        waitUntil(d -> text("#user-stats").startsWith("alice — last 30 days"));
        assertTrue(browser.driver.getCurrentUrl().contains("user=alice"));
        JsonNode stats = shared.envelope("/api/cached/users/alice/stats?days=30").path("data");
        assertTrue(text("#user-stats .cards").startsWith("FILES\n" + stats.path("total_files").asLong()),
                text("#user-stats .cards"));
        browser.screenshot("users-view");

        choose("#user-days", "Last 7 days");
        waitUntil(d -> text("#user-stats").startsWith("alice — last 7 days"));
        assertTrue(browser.driver.getCurrentUrl().contains("days=7"));
    }

    // ------------------------------------------------------------------ batch operations

    @Test
    void aBatchOnEveryFileMatchingTheFiltersIsPreviewedRunWatchedLiveAndCancelled() {
        try (ServedLibrary served = ServedLibrary.serve(HomeLibrary.aFamilyCache())) {
            cacherr.application.inmemory.StepExecutor steps = served.library.memory().steps();
            String filters = "user_id=alice&status=active";
            long matching = served.envelope("/api/cached/files?" + filters + "&limit=1")
                    .at("/data/pagination/total_count").asLong();
            assertTrue(matching >= 3, "alice needs a few active files: " + matching);
            openFiles(served, "/cached?" + filters);
            find1("#batch-user").click(); // the live stream opens with the panel's first use
            waitUntil(d -> "connected".equals(d.findElement(By.tagName("html")).getAttribute("data-live")));

            choose("#batch-action", "Take off the cache");
            find1("#batch-preview").click();
            waitUntil(d -> text("#batch-status").startsWith("Preview: 0 of " + matching + " files"));
            steps.runAll();
            waitUntil(d -> text("#batch-status").startsWith("Preview — nothing has changed. completed: " + matching
                    + " done"));
            waitUntil(d -> find("#batch-results li").size() == matching);
            assertTrue(text("#batch-results").contains("would be taken off the cache"), text("#batch-results"));
            assertEquals(matching, served.envelope("/api/cached/files?" + filters + "&limit=1")
                    .at("/data/pagination/total_count").asLong(), "a preview changes nothing");
            browser.screenshot("batch-preview");

            find1("#batch-run").click();
            waitUntil(d -> text("#batch-status").startsWith("Running: 0 of " + matching + " files"));
            steps.runNext();
            waitUntil(d -> text("#batch-status").startsWith("Running: 1 of " + matching + " files — "));
            assertEquals(String.valueOf(100 / matching), find1("#batch-progress").getAttribute("value"));
            browser.screenshot("batch-progress");

            find1("#batch-cancel").click();
            waitUntil(d -> text("#batch-status").startsWith("cancelled: 1 done, 0 failed, " + (matching - 1)
                    + " skipped of " + matching));
            steps.runAll();
            assertEquals(matching - 1, served.envelope("/api/cached/files?" + filters + "&limit=1")
                    .at("/data/pagination/total_count").asLong(), "the file done stays done, the rest untouched");

            open(served, "/cached?view=operations");
            waitUntil(d -> text("#batches-body").contains("array_batch (dry run)")
                    && text("#batches-body").contains("cancelled"));
            find1("#batches-body tr[data-batch] button").click();
            waitUntil(d -> find("#batch-files tbody tr").size() == matching);
            browser.screenshot("batch-history");
        }
    }

    @Test
    void theOperationsViewFiltersTheAuditLogByOperation() {
        open(shared, "/cached?view=operations");
        waitUntil(d -> !find("#ops-body tr").isEmpty());
        choose("#op-filters [name=operation_type]", "Removed");
        waitUntil(d -> d.getCurrentUrl().contains("operation_type=cache_remove"));
        long removals = shared.envelope("/api/cached/operations?operation_type=cache_remove")
                .at("/data/pagination/total_count").asLong();

        waitUntil(d -> find("#ops-body tr").size() == removals);
        for (WebElement row : find("#ops-body tr")) assertEquals("Removed", cell(row, 1).getText());
        browser.screenshot("operations-view");
    }

    // ------------------------------------------------------------------ phone

    @Test
    void onAPhoneTheTableBecomesCardsAndNothingScrollsSideways() {
        browser.viewport(390, 844, true);
        openFiles(shared, "/cached");
        waitUntil(d -> !find("#chart-days svg").isEmpty());

        assertTrue(find1("#files-body tr").getRect().getWidth() > 300, "each file is a card as wide as the screen");
        assertFalse(find1("#files-table th:not(.select):not([data-sort])").isDisplayed(),
                "the header keeps only what a card cannot do: the page's box and the orders");
        Object overflow = browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways on a phone");
        browser.screenshot("phone");
        browser.driver.executeScript("document.querySelector('#files-area').scrollIntoView()");
        browser.screenshot("phone-table");
    }

    // ------------------------------------------------------------------ helpers

    /** A count as the page shows it in English: 10,050. */
    private static String thousands(long n) {
        return String.format(Locale.UK, "%,d", n);
    }

    private static void open(ServedLibrary served, String path) {
        browser.driver.get(served.url(path));
        waitUntil(d -> "true".equals(find1("body").getAttribute("data-ready")));
    }

    private static void openFiles(ServedLibrary served, String path) {
        open(served, path);
        waitUntil(d -> "false".equals(find1("#files-area").getAttribute("aria-busy")));
    }

    private static void removeInDetail() {
        find1("#detail-remove").click();
        waitUntil(d -> find1("#confirm").getAttribute("open") != null);
        find1("#confirm-ok").click();
    }

    private static void choose(String css, String optionText) {
        browser.choose(css, optionText);
    }

    private static String valueOf(String css) {
        return find1(css).getDomProperty("value");
    }

    private static List<String> usersOf(ServedLibrary served, String id) {
        List<String> users = new ArrayList<>();
        served.envelope("/api/cached/files/" + id).at("/data/users").forEach(u -> users.add(u.asText()));
        return users;
    }

    private static List<WebElement> rows() {
        return find("#files-body tr");
    }

    private static WebElement row(String filename) {
        return new WebDriverWait(browser.driver, Browser.PATIENCE).ignoring(RuntimeException.class)
                .until(d -> rows().stream()
                .filter(r -> cell(r, 0).getText().equals(filename)).findFirst().orElse(null));
    }

    /** A row's data cells, counted after its selection box (see {@link SelectionBrowserTest}). */
    private static WebElement cell(WebElement row, int index) {
        return row.findElements(By.cssSelector("td:not(.select)")).get(index);
    }

    private static List<Long> sizes() {
        return rows().stream().map(r -> Long.parseLong(cell(r, 2).getAttribute("title").replaceAll("\\D", ""))).toList();
    }

    private static boolean isSorted(List<Long> values, boolean ascending) {
        for (int i = 1; i < values.size(); i++) {
            int order = Long.compare(values.get(i - 1), values.get(i));
            if (ascending ? order > 0 : order < 0) return false;
        }
        return values.size() > 1;
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
