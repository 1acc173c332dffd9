package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.Exposition;
import cacherr.adapters.web.fixtures.Promtool;
import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.out.CacheSpace;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over a real loopback server: each family is there and moves when what it counts happens. */
class MetricsApiTest {
    private static final String TOKEN = "a-token-of-at-least-16-chars";

    private final MockClock clock = new MockClock();
    private final WebMetrics metrics = WebMetrics.prometheus(false, clock);
    private RunningApi api = RunningApi.startWithMetrics(metrics, RunningApi.testSettings());

    @AfterEach
    void stop() {
        api.close();
    }

    private Exposition scrape() {
        RunningApi.Response response = api.get("/metrics");
        assertEquals(200, response.status(), response.body());
        String type = response.header("Content-Type");
        assertTrue(type.startsWith("text/plain; version=0.0.4"), type);
        return new Exposition(response.body());
    }

    private JsonNode cache(String name, int size, String method) {
        String path = api.anUncachedMovie(name, size);
        RunningApi.Response response = api.post("/api/cached/files", "{\"file_path\":\"" + path + "\","
                + "\"triggered_by_operation\":\"watchlist\",\"user_id\":\"alice-private\",\"cache_method\":\""
                + method + "\"}");
        assertEquals(201, response.status(), response.body());
        return response.data();
    }

    /**
     * Scrapes that arrive while one is written wait for the next one and share it; it began after they arrived, so it
     * shows what was counted before they asked, which the one under way when they came does not.
     */
    @Test
    void scrapesArrivingDuringAWriteShareTheNextOneWhichShowsWhatCameBeforeThem() throws Exception {
        Counter counted = Counter.builder("test.before.asking").register(metrics.registry());
        CountDownLatch writing = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        metrics.afterWrite = () -> {
            if (writes.incrementAndGet() > 1) return;
            writing.countDown(); // the first write, its text written, is held until the others have arrived
            await(release);
        };
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            Future<Exposition> first = clients.submit(this::scrape);
            await(writing);
            counted.increment(); // after the first write read the meters: only writes that begin later show it
            List<Future<Exposition>> later = List.of(clients.submit(this::scrape), clients.submit(this::scrape));
            awaitWaiting(2); // both arrived and wait
            release.countDown();

            assertEquals(0.0, first.get().value("test_before_asking_total"));
            Exposition second = later.get(0).get(), third = later.get(1).get();
            assertEquals(2, writes.get(), "the two that waited shared one write");
            assertEquals(second.text, third.text);
            assertEquals(1.0, second.value("test_before_asking_total"));
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void aFailedWriteIsNotSharedAndEachScrapeAfterAnotherWritesAnew() throws Exception {
        CountDownLatch writing = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        metrics.afterWrite = () -> {
            if (writes.incrementAndGet() > 1) return;
            writing.countDown();
            await(release);
            throw new IllegalStateException("a scrape that failed");
        };
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<RunningApi.Response> failed = clients.submit(() -> api.get("/metrics"));
            await(writing);
            Future<Exposition> waiting = clients.submit(this::scrape);
            awaitWaiting(1);
            release.countDown();
            assertEquals(500, failed.get().status());
            assertTrue(waiting.get().text.contains("jvm_memory_used_bytes"), "the waiter wrote its own");
            assertEquals(2, writes.get());
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
        Counter counted = Counter.builder("test.between").register(metrics.registry());
        scrape();
        counted.increment();
        assertEquals(1.0, scrape().value("test_between_total"), "one after another: each is written anew");
        assertEquals(4, writes.get());
    }

    /** Until n scrapes wait for a write; the bound only keeps a broken build from hanging, no step depends on it. */
    private void awaitWaiting(int n) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (metrics.scrapesWaiting() < n) {
            assertTrue(System.nanoTime() < giveUp, n + " scrapes never came to wait");
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "a test step never came");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void cachingAFileThroughHttpMovesTheOperationsTheBytesTheRequestsAndTheBooks() {
        Exposition before = scrape();
        assertEquals(0, before.valueOrZero("cacherr_operations_seconds_count", "action", "cache"));
        assertEquals(0, before.value("cacherr_copy_bytes_total"));
        assertEquals(0, before.value("cacherr_files", "status", "active"));

        cache("Heat.mkv", 4096, "atomic_copy");
        Exposition after = scrape();

        assertEquals(1, after.value("cacherr_operations_seconds_count", "action", "cache", "method", "atomic_copy",
                "outcome", "success"));
        assertEquals(4096, after.value("cacherr_copy_bytes_total"));
        assertEquals(1, after.value("cacherr_copy_duration_seconds_count"));
        assertTrue(after.has("cacherr_copy_throughput_bytes_per_second_count"), "its time is 0 on the mock clock");
        assertEquals(0, after.value("cacherr_cache_drive_in_flight_bytes"), "the copy is over");
        assertEquals(1, after.value("http_server_requests_seconds_count", "route", "/api/cached/files",
                "method", "POST", "status", "2xx"));
        assertEquals(1, after.value("cacherr_files", "status", "active"));
        assertEquals(0, after.value("cacherr_files", "status", "orphaned"));
        assertEquals(4096, after.value("cacherr_cache_files_size_bytes"));
        assertEquals(1, after.value("cacherr_users"));
    }

    @Test
    void aFailedCacheMovesTheFailureOutcomeAndTheClientErrorClass() {
        RunningApi.Response response = api.post("/api/cached/files", "{\"file_path\":\"/array/movies/Missing.mkv\","
                + "\"triggered_by_operation\":\"watchlist\"}");
        assertTrue(response.status() >= 400 && response.status() < 500, response.toString());

        Exposition after = scrape();
        assertEquals(1, after.value("cacherr_operations_seconds_count", "action", "cache", "method", "atomic_symlink",
                "outcome", "failed"));
        assertEquals(0, after.valueOrZero("cacherr_operations_seconds_count", "action", "cache", "outcome", "success"));
        assertEquals(0, after.value("cacherr_copy_bytes_total"));
        assertEquals(1, after.value("http_server_requests_seconds_count", "route", "/api/cached/files",
                "method", "POST", "status", "4xx"));
        assertEquals(0, after.value("cacherr_files", "status", "active"));
    }

    @Test
    void everyActionIsCountedAndARuleBrokenIsRejected() {
        String id = cache("Heat.mkv", 100, "atomic_symlink").get("id").asText();
        String file = "/api/cached/files/" + id;
        assertEquals(200, api.post(file + "/access", "{\"user_id\":\"alice-private\"}").status());
        assertEquals(200, api.put(file + "/users/bob", null).status());
        assertEquals(200, api.delete(file + "/users/bob", null).status());
        assertEquals(200, api.post("/api/cached/verify", null).status());
        assertEquals(200, api.post("/api/cached/cleanup", null).status());
        assertEquals(200, api.delete(file, null).status());
        assertEquals(404, api.delete("/api/cached/files/unknown-id", null).status());

        Exposition after = scrape();
        for (String action : new String[] {"access", "attach", "detach", "uncache"}) {
            assertEquals(1, after.value("cacherr_operations_seconds_count", "action", action, "method",
                    "atomic_symlink", "outcome", "success"), action);
        }
        for (String action : new String[] {"verify", "cleanup"}) {
            assertEquals(1, after.value("cacherr_operations_seconds_count", "action", action, "method", "none",
                    "outcome", "success"), action);
        }
        assertEquals(1, after.value("cacherr_operations_seconds_count", "action", "uncache", "method", "none",
                "outcome", "rejected"));
        assertEquals(1, after.value("http_server_requests_seconds_count", "route", "/api/cached/files/{id}",
                "method", "DELETE", "status", "4xx"));
    }

    @Test
    void theBooksGaugesFollowAccessesUsersAndTheOldestFilesAge() {
        String id = cache("Heat.mkv", 100, "atomic_copy").get("id").asText();
        cache("Ronin.mkv", 50, "atomic_copy");
        clock.add(Duration.ofMillis(api.memory.clock().now().toEpochMilli() - clock.wallTime()));
        clock.add(90, TimeUnit.MINUTES);

        Exposition before = scrape();
        assertEquals(0, before.value("cacherr_hit_ratio"));
        assertEquals(5400, before.value("cacherr_oldest_file_age_seconds"));

        api.post("/api/cached/files/" + id + "/access", "{\"user_id\":\"bob\"}");
        api.put("/api/cached/files/" + id + "/users/bob", null);
        Exposition after = scrape();
        assertEquals(0.5, after.value("cacherr_hit_ratio"));
        assertEquals(2, after.value("cacherr_users"));
        assertEquals(150, after.value("cacherr_cache_files_size_bytes"));
    }

    @Test
    void theCacheDriveAndTheJournalAreThere() {
        CacheSpace space = api.memory.storage().space();
        Exposition before = scrape();
        assertEquals(space.freeBytes(), before.value("cacherr_cache_drive_free_bytes"));
        assertEquals(space.totalBytes(), before.value("cacherr_cache_drive_size_bytes"));
        assertEquals(0, before.value("cacherr_cache_drive_reserve_bytes"));
        assertEquals(Double.POSITIVE_INFINITY, before.value("cacherr_cache_drive_limit_bytes"), "no limit");
        assertEquals(0, before.value("cacherr_journal_in_flight"));

        api.memory.journal().begin(new FileOperationIntent("intent-1", IntentKind.CACHE, null,
                new Placement("/array/a.mkv", "/array/a.mkv", "/cache/a.mkv", CacheMethod.ATOMIC_COPY, 1, null),
                api.memory.clock().now()));
        api.memory.storage().write("/array/movies/Big.mkv", new byte[1000]);
        Exposition after = scrape();
        assertEquals(1, after.value("cacherr_journal_in_flight"));
    }

    /** The exports' gauges follow their places: two sent (their clients still reading) and one waiting its turn. */
    @Test
    void theExportsBeingSentAndWaitingAreThere() throws Exception {
        Exposition before = scrape();
        assertEquals(0, before.value("cacherr_exports_sending"));
        assertEquals(0, before.value("cacherr_exports_waiting"));
        try (ExportsInLine exports = ExportsInLine.everyPlaceTaken(api.server.exportSlots()).waiting(1)) {
            Exposition during = scrape();
            assertEquals(ExportSlots.AT_ONCE, during.value("cacherr_exports_sending"));
            assertEquals(1, during.value("cacherr_exports_waiting"));
        }
        assertEquals(0, scrape().value("cacherr_exports_waiting"), "the one in line took its turn and ended");
    }

    @Test
    void batchesDatabaseReadsTheJvmAndTheProcessAreThere() {
        api.get("/api/cached/files");
        Exposition metrics = scrape();
        assertEquals(0, metrics.value("cacherr_batches_running"), "batches report here once they exist");
        assertEquals(0, metrics.value("cacherr_batch_files_total"));
        assertEquals(1, metrics.value("cacherr_db_read_seconds_count", "read", "list", "outcome", "success"));
        for (String family : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_uptime_seconds", "process_cpu_seconds_total", "system_load_average_1m",
                "process_files_open_files", "jvm_info"}) {
            assertTrue(metrics.has(family), family + " is missing");
        }
    }

    @Test
    void noLabelHoldsAPathAUserOrAnId() {
        String id = cache("Secret Title.mkv", 10, "atomic_copy").get("id").asText();
        api.get("/api/cached/files/" + id);
        api.get("/api/cached/users/alice-private/stats");
        api.get("/no/such/page/" + id);

        String text = scrape().text;
        assertFalse(text.contains("Secret"), "a path in a label");
        assertFalse(text.contains("alice-private"), "a user in a label");
        assertFalse(text.contains(id), "an id in a label");
        Exposition metrics = new Exposition(text);
        assertEquals(1, metrics.value("http_server_requests_seconds_count", "route", "/api/cached/files/{id}",
                "method", "GET", "status", "2xx"));
        assertEquals(1, metrics.value("http_server_requests_seconds_count", "route", "other", "method", "GET",
                "status", "4xx"), "unknown paths share one label");
    }

    @Test
    void anUnknownMethodDoesNotBecomeALabel() {
        api.send("BREW", "/api/cached/files", null);

        assertTrue(scrape().samples("http_server_requests_seconds_count", "method", "BREW").isEmpty());
    }

    @Test
    void promtoolAcceptsTheExposition() {
        cache("Heat.mkv", 4096, "atomic_copy");
        api.post("/api/cached/files", "{\"file_path\":\"/array/movies/Missing.mkv\",\"triggered_by_operation\":\"x\"}");
        api.get("/api/cached/statistics");

        Promtool.Result result = Promtool.checkMetrics(scrape().text);

        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output().strip(), "promtool's lint found problems");
    }

    @Test
    void metricsOffAnswer404AndMeasureNothing() {
        api.close();
        api = RunningApi.startWithMetrics(WebMetrics.off(), RunningApi.testSettings());

        RunningApi.Response response = api.get("/metrics");
        assertEquals(404, response.status());
        assertTrue(response.error().contains("CACHERR_METRICS"), response.error());
    }

    @Test
    void withATokenMetricsAreOpenUnlessTheyAreToldToRequireIt() {
        api.close();
        api = RunningApi.startWithMetrics(WebMetrics.prometheus(false, clock),
                RunningApi.testSettings().withApiToken(TOKEN));
        assertEquals(200, api.get("/metrics").status(), "reads are open");

        api.close();
        api = RunningApi.startWithMetrics(WebMetrics.prometheus(true, clock),
                RunningApi.testSettings().withApiToken(TOKEN));
        assertEquals(401, api.get("/metrics").status());
        assertEquals(401, api.send("GET", "/metrics", null, "Authorization", "Bearer wrong-token-of-16-chars")
                .status());
        assertEquals(200, api.send("GET", "/metrics", null, "Authorization", "Bearer " + TOKEN).status());
        assertEquals(200, api.send("GET", "/metrics", null, "X-Api-Key", TOKEN).status());
    }

    @Test
    void requiringTheTokenWithoutATokenConfiguredLeavesMetricsOpen() {
        api.close();
        api = RunningApi.startWithMetrics(WebMetrics.prometheus(true, clock), RunningApi.testSettings());

        assertEquals(200, api.get("/metrics").status());
    }
}
