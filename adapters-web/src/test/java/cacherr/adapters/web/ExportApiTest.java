package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.Csv;
import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One server with many files for every export: arranging 20,000 rows is the slow part, so it is done once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest {
    private static final int MANY = 20_000;
    private static final Duration HANG = Duration.ofSeconds(60); // only ends a hang
    private static final String AWKWARD = "/array/movies/Heat, \"Director's Cut\".mkv";
    private RunningApi api;

    @BeforeAll
    void startWithManyFiles() {
        api = RunningApi.start();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < MANY - 1; i++) {
            String path = String.format("/array/tv/Show/S01E%05d.mkv", i);
            save(CachedFile.cache(new FileId("f" + i), placement(path), OperationType.ONDECK,
                    i % 2 == 0 ? new UserId("alice") : new UserId("bob"), null, null, at.plusSeconds(i)));
        }
        save(CachedFile.cache(new FileId("awkward"), placement(AWKWARD), OperationType.MANUAL, new UserId("carol"),
                null, new Metadata("{\"note\":\"a, \\\"quoted\\\" note\"}"), at));
    }

    private void save(CachedFile file) {
        api.memory.files().save(file);
    }

    private static Placement placement(String path) {
        return new Placement(path, path, "/cache" + path.substring("/array".length()), CacheMethod.ATOMIC_COPY, 1536,
                null);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void anExportAskedWhileTwoAreSentWaitsItsTurnAndIsThenSentInFull() throws Exception {
        ExportSlots slots = api.server.exportSlots();
        assertEquals(0, slots.sending(), "none sent between tests");
        CompletableFuture<RunningApi.Response> waited;
        try (ExportsInLine others = ExportsInLine.everyPlaceTaken(slots)) { // two exports still being read
            waited = CompletableFuture.supplyAsync(() -> api.get("/api/cached/export?format=txt&user_id=alice"));
            slots.awaitWaiting(1, HANG);
            assertEquals(200, api.get("/api/cached/files?limit=5").status(), "a page still answers meanwhile");
            assertFailure(api.get("/api/cached/export?format=xml"), 400, "format"); // bad input: refused at once
            assertFalse(waited.isDone(), "the export waits while every place is taken");
            others.giveOne();
            RunningApi.Response response = waited.get(HANG.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.status(), response.body());
            assertEquals(MANY / 2, response.body().lines().filter(l -> l.startsWith("/array/")).count());
            assertTrue(response.body().contains("Total: " + MANY / 2 + " files"));
        }
        for (int i = 0; i < ExportSlots.AT_ONCE + 2; i++) { // each export gives its place back when done
            assertEquals(200, api.get("/api/cached/export?format=txt&user_id=carol").status());
        }
        assertEquals(0, slots.sending());
        assertEquals(0, slots.waiting());
    }

    @Test
    void anExportFindingTheLineFullIsRefusedAtOnceWith503AndRetryAfter() throws Exception {
        ExportSlots slots = api.server.exportSlots();
        try (ExportsInLine others = ExportsInLine.everyPlaceTaken(slots).waiting(ExportSlots.QUEUE)) {
            RunningApi.Response refused = api.get("/api/cached/export?format=csv");
            assertFailure(refused, 503, "2 exports are being sent (each holds a database connection until its client"
                    + " has read it) and 16 more are waiting their turn; try again when one has finished");
            assertEquals("5", refused.header("Retry-After"));
            assertEquals(ExportSlots.QUEUE, slots.waiting(), "the refused export did not join the line");
        }
        assertEquals(200, api.get("/api/cached/export?format=txt&user_id=carol").status(), "all served, all free");
    }

    @Test
    void anExportThatWaitedItsLimitIsRefusedWith503AndNothingIsSent() throws Exception {
        ExportSlots slots = api.server.exportSlots();
        try (ExportsInLine others = ExportsInLine.everyPlaceTaken(slots)) {
            slots.waitUpTo(Duration.ZERO);
            RunningApi.Response refused = api.get("/api/cached/export?format=csv");
            assertFailure(refused, 503, "and none finished in the 0 s this one waited its turn");
            assertEquals("5", refused.header("Retry-After"));
            assertEquals(0, slots.waiting());
        } finally {
            slots.waitUpTo(ExportSlots.WAIT);
        }
    }

    @Test
    void stoppingTheServerRefusesTheExportsWaitingInsteadOfWaitingForThem() throws Exception {
        RunningApi own = RunningApi.start();
        CompletableFuture<Void> stopped = null;
        try {
            own.aCachedMovie("Alien.mkv", 1536, "alice");
            ExportSlots slots = own.server.exportSlots();
            ExportsInLine.everyPlaceTaken(slots); // never given back: exports whose clients never finish reading
            CompletableFuture<RunningApi.Response> waiting =
                    CompletableFuture.supplyAsync(() -> own.get("/api/cached/export?format=csv"));
            slots.awaitWaiting(1, HANG);
            // graceful: the stop waits for requests in progress, so it must not wait for this one's turn (30 s)
            stopped = CompletableFuture.runAsync(own::close);
            RunningApi.Response refused = waiting.get(HANG.toSeconds(), TimeUnit.SECONDS);
            assertFailure(refused, 503, "Cacherr is stopping; try the export again when it is back");
            assertEquals(0, slots.waiting());
            stopped.get(HANG.toSeconds(), TimeUnit.SECONDS);
        } finally {
            if (stopped == null) own.close();
        }
    }

    /** The application's time, as the envelopes: an embedder's clock makes the same export the same bytes. */
    @Test
    void anExportIsStampedWithTheApplicationsTime() throws Exception {
        Instant before = api.memory.clock().now(); // the server is shared by every test of this class
        api.memory.clock().set(Instant.parse("2031-07-04T12:34:56.789Z"));
        try {
            RunningApi.Response csv = api.get("/api/cached/export?format=csv&user_id=carol");
            assertEquals("attachment; filename=\"cached_files_20310704_123456.csv\"",
                    csv.header("Content-Disposition"));
            RunningApi.Response json = api.get("/api/cached/export?format=json&user_id=carol");
            assertEquals("2031-07-04T12:34:56Z",
                    new ObjectMapper().readTree(json.body()).get("export_timestamp").asText());
            assertEquals(json.body(), api.get("/api/cached/export?format=json&user_id=carol").body(), "the same bytes");
        } finally {
            api.memory.clock().set(before);
        }
    }

    @Test
    void csvHasTheOriginalColumnsOneRowPerFileAndEscapesCommasAndQuotes() {
        RunningApi.Response response = api.get("/api/cached/export?format=csv");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/csv"));
        assertTrue(response.header("Content-Disposition")
                .matches("attachment; filename=\"cached_files_\\d{8}_\\d{6}\\.csv\""), response.header("Content-Disposition"));
        // Streamed as it is written (chunked), not built in memory first to learn its length.
        assertNull(response.header("Content-Length"), "a streamed export has no Content-Length");
        List<List<String>> rows = Csv.parse(response.body());
        assertEquals(List.of("filename", "file_path", "cached_path", "cache_method", "file_size_readable", "cached_at",
                "triggered_by_user", "triggered_by_operation", "status", "users"), rows.get(0));
        assertEquals(MANY + 1, rows.size());
        List<String> awkward = rows.stream().filter(r -> r.get(1).equals(AWKWARD)).findFirst().orElseThrow();
        assertEquals("Heat, \"Director's Cut\".mkv", awkward.get(0));
        assertEquals("1.5 KB", awkward.get(4));
        assertEquals("carol", awkward.get(9));
    }

    @Test
    void csvWithMetadataAddsAColumnAndFiltersByUser() {
        List<List<String>> rows = Csv.parse(api.get("/api/cached/export?format=csv&user_id=carol&include_metadata=true")
                .body());
        assertEquals(2, rows.size());
        assertEquals("metadata", rows.get(0).get(10));
        assertEquals("{\"note\":\"a, \\\"quoted\\\" note\"}", rows.get(1).get(10));
    }

    @Test
    void jsonStreamsEveryFileWithTheCountAndTheFilters() throws Exception {
        RunningApi.Response response = api.get("/api/cached/export?format=json&status=active");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Disposition").endsWith(".json\""));
        JsonNode export = new ObjectMapper().readTree(response.body());
        assertEquals(MANY, export.get("total_files").asInt());
        assertEquals(MANY, export.get("cached_files").size());
        assertEquals("active", export.get("filters_applied").get("status").asText());
        assertTrue(export.get("export_timestamp").asText().endsWith("Z"));
        JsonNode first = export.get("cached_files").get(0);
        assertTrue(first.has("file_path") && first.has("users") && !first.has("metadata"), first::toString);
    }

    @Test
    void txtListsOneLinePerFileAndTheTotal() {
        RunningApi.Response response = api.get("/api/cached/export?format=txt&user_id=alice");
        assertEquals(200, response.status());
        long lines = response.body().lines().filter(l -> l.startsWith("/array/")).count();
        assertEquals(MANY / 2, lines);
        assertTrue(response.body().contains("Total: " + MANY / 2 + " files"));
    }

    @Test
    void theExportAppliesEveryFilterOfTheList() {
        RunningApi.Response response = api.get("/api/cached/export?format=txt&search=S01E0001"
                + "&triggered_by_operation=ondeck&user_id=bob&size_min=1000&size_max=2000"
                + "&cached_since=2026-01-01T00:00:15Z&sort=filename&order=desc");

        assertEquals(200, response.status(), response.body());
        List<String> paths = response.body().lines().filter(l -> l.startsWith("/array/")).toList();
        // S01E00010..S01E00019 match the search; bob has the odd ones; since 15 s keeps 15, 17 and 19.
        assertEquals(List.of("/array/tv/Show/S01E00019.mkv", "/array/tv/Show/S01E00017.mkv",
                "/array/tv/Show/S01E00015.mkv"), paths.stream().map(l -> l.split("\t| ")[0]).toList());
        assertFailure(api.get("/api/cached/export?size_min=5&size_max=1"), 400, "size_min");
        assertFailure(api.get("/api/cached/export?triggered_by_operation=binge"), 400, "triggered_by_operation");
    }

    @Test
    void anUnknownFormatOrStatusIsRefusedBeforeAnythingIsSent() {
        assertFailure(api.get("/api/cached/export?format=xml"), 400, "format: must be csv, json or txt");
        assertFailure(api.get("/api/cached/export?status=lost"), 400, "status must be one of");
        assertFailure(api.get("/api/cached/export?include_metadata=often"), 400, "include_metadata");
    }
}
