package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.in.AttributeUserCommand;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The details the original web client depends on (REFERENCE-API.md, "Details the original client depends on"). */
class OriginalClientDetailsApiTest {
    private final RunningApi api = RunningApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void cleanupAsTheClientSendsItChecksEveryFileAndCountsOnlyWhatThisRunMarked() {
        CachedFile alices = api.aCachedMovie("Heat.mkv", 10, "alice");
        CachedFile bobs = api.aCachedMovie("Alien.mkv", 10, "bob");
        api.memory.storage().delete(alices.cachedPath());
        api.memory.storage().delete(bobs.cachedPath());

        RunningApi.Response first = api.post("/api/cached/cleanup", "{\"remove_orphaned\":false,\"user_id\":\"system\"}");
        assertEquals(200, first.status(), first.body());
        assertEquals(2, first.data().get("orphaned_count").asInt(), "system is who asked, not whose files");
        assertEquals("Cache cleanup completed. 2 files marked as orphaned.", first.json().get("message").asText());
        assertEquals(FileStatus.ORPHANED, api.memory.app().getFile().get(bobs.id()).status());

        RunningApi.Response second = api.post("/api/cached/cleanup", "{\"remove_orphaned\":false,\"user_id\":\"system\"}");
        assertEquals(0, second.data().get("orphaned_count").asInt());
        assertEquals("Cache cleanup completed. 0 files marked as orphaned.", second.json().get("message").asText());
    }

    @Test
    void userStatisticsRecentFilesCarryTheirOperation() {
        api.aCachedMovie("Heat.mkv", 10, "alice");
        JsonNode recent = api.get("/api/cached/users/alice/stats").data().get("recent_files").get(0);
        assertEquals("watchlist", recent.get("operation").asText());
        assertEquals("watchlist", recent.get("triggered_by_operation").asText());
        assertEquals("Heat.mkv", recent.get("filename").asText());
    }

    @Test
    void queryDatesWithoutAZoneAreReadAsUtc() {
        api.aCachedMovie("Heat.mkv", 10, "alice"); // cached at 2026-01-01T00:00:00Z (the in-memory clock)
        api.memory.clock().advance(Duration.ofHours(2));
        api.aCachedMovie("Alien.mkv", 10, "alice");

        JsonNode data = api.get("/api/cached/files?cached_since=2026-01-01T01:00:00").data();
        assertEquals(1, data.get("files").size(), data.toString());
        assertEquals("Alien.mkv", data.get("files").get(0).get("filename").asText());
        assertEquals("2026-01-01T01:00:00Z", data.get("filter_applied").get("cached_since").asText());
        assertEquals(2, api.get("/api/cached/files?cached_since=2026-01-01T00:00:00.000000").data().get("files").size());
        assertEquals(400, api.get("/api/cached/files?cached_since=2026-01-01T25:00:00").status());
    }

    @Test
    void filterAppliedEchoesLimitAndOffset() {
        JsonNode echoed = api.get("/api/cached/files?status=active&limit=20&offset=40").data().get("filter_applied");
        assertEquals("active", echoed.get("status").asText());
        assertEquals(20, echoed.get("limit").asInt());
        assertEquals(40, echoed.get("offset").asInt());
        JsonNode defaults = api.get("/api/cached/files").data().get("filter_applied");
        assertEquals(50, defaults.get("limit").asInt());
        assertEquals(0, defaults.get("offset").asInt());
    }

    @Test
    void csvJoinsUsersWithABareComma() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        api.memory.app().attributeUser().attribute(new AttributeUserCommand(heat.id(), new UserId("bob"), "shared"));
        String csv = api.get("/api/cached/export?format=csv").body();
        assertTrue(csv.contains(",\"alice,bob\"\r\n"), csv);
    }
}
