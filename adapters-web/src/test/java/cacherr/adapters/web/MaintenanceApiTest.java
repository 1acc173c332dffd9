package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceApiTest {
    private RunningApi api;

    @BeforeEach
    void start() {
        api = RunningApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private CachedFile anOrphanedMovie() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        api.memory.storage().delete(heat.cachedPath());
        return heat;
    }

    private FileStatus statusOf(CachedFile file) {
        return api.memory.app().getFile().get(file.id()).status();
    }

    @Test
    void cleanupWithoutABodyMarksOrphansAndSaysSo() {
        CachedFile heat = anOrphanedMovie();
        JsonNode data = assertOk(api.post("/api/cached/cleanup", null), 200);
        assertEquals(1, data.get("orphaned_count").asInt());
        assertEquals(0, data.get("removed_count").asInt());
        assertEquals(false, data.get("remove_orphaned").asBoolean());
        assertEquals("orphaned", data.get("changes").get(0).get("to").asText());
        assertEquals(FileStatus.ORPHANED, statusOf(heat));
    }

    @Test
    void aDryRunListsTheChangesAndChangesNothing() {
        CachedFile heat = anOrphanedMovie();
        var response = api.post("/api/cached/cleanup", "{\"remove_orphaned\":true,\"dry_run\":true}");
        JsonNode data = assertOk(response, 200);
        assertEquals(1, data.get("removed_count").asInt());
        assertTrue(data.get("dry_run").asBoolean());
        assertEquals(heat.id().value(), data.get("changes").get(0).get("file_id").asText());
        assertEquals("removed", data.get("changes").get(0).get("to").asText());
        assertTrue(response.json().get("message").asText().contains("Dry run"));
        assertEquals(FileStatus.ACTIVE, statusOf(heat));
    }

    @Test
    void removeOrphanedReallyRemovesThem() {
        CachedFile heat = anOrphanedMovie();
        assertEquals(1, assertOk(api.post("/api/cached/cleanup", "{\"remove_orphaned\":true}"), 200)
                .get("removed_count").asInt());
        assertEquals(FileStatus.REMOVED, statusOf(heat));
    }

    @Test
    void cleanupRefusesWrongTypesAndUnknownFields() {
        assertFailure(api.post("/api/cached/cleanup", "{\"remove_orphaned\":\"yes\"}"), 400,
                "remove_orphaned: must be true or false");
        assertFailure(api.post("/api/cached/cleanup", "{\"remove_orphans\":true}"), 400, "unknown field 'remove_orphans'");
    }

    @Test
    void verifyChecksTheFilesAskedForAndFindsProblems() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, null);
        CachedFile ronin = api.aCachedMovie("Ronin.mkv", 10, null);
        api.memory.storage().delete(ronin.cachedPath());
        JsonNode one = assertOk(api.post("/api/cached/verify", "{\"ids\":[\"" + heat.id().value()
                + "\"],\"checksum\":true}"), 200);
        assertEquals(1, one.get("checked").asInt());
        assertEquals(1, one.get("intact").asInt());
        JsonNode all = assertOk(api.post("/api/cached/verify", null), 200);
        assertEquals(2, all.get("checked").asInt());
        assertEquals(1, all.get("problems").asInt());
        assertEquals("cached_copy_missing", all.get("findings").get(0).get("state").asText());
        assertEquals("orphaned", all.get("findings").get(0).get("status_after").asText());
    }

    @Test
    void verifyRefusesUnknownIdsAndTooManyIds() {
        assertFailure(api.post("/api/cached/verify", "{\"ids\":[\"nope\"]}"), 404);
        assertFailure(api.post("/api/cached/verify", "{\"ids\":[\"\"]}"), 400, "ids", "must not be blank");
        StringBuilder ids = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < 501; i++) ids.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
        assertFailure(api.post("/api/cached/verify", ids.append("]}").toString()), 400,
                "ids: size must be between 0 and 500");
        assertFailure(api.post("/api/cached/verify", "{\"ids\":\"all\"}"), 400, "ids: must be an array");
    }

    @Test
    void purgeForgetsFilesRemovedLongerAgoThanAsked() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, null);
        api.memory.app().uncacheFile().uncache(new cacherr.application.port.in.UncacheCommand(heat.id(), null, null));
        assertEquals(0, assertOk(api.post("/api/cached/purge?older_than_days=7", null), 200)
                .get("purged_count").asInt());
        api.memory.clock().advance(Duration.ofDays(8));
        assertEquals(1, assertOk(api.post("/api/cached/purge?older_than_days=7", null), 200)
                .get("purged_count").asInt());
        assertFailure(api.get("/api/cached/files/" + heat.id().value()), 404);
        assertFailure(api.post("/api/cached/purge?older_than_days=-1", null), 400,
                "older_than_days: must be between 0 and 36500");
    }
}
