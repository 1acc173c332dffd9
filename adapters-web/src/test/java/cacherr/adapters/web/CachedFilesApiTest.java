package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedFilesApiTest {
    private RunningApi api;

    @BeforeEach
    void start() {
        api = RunningApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listingReturnsFilesPaginationAndTheFiltersGiven() {
        api.aCachedMovie("Heat.mkv", 2048, "alice");
        api.aCachedMovie("Ronin.mkv", 1024, "bob");
        JsonNode data = assertOk(api.get("/api/cached/files?user_id=alice&limit=10"), 200);
        assertEquals(1, data.get("files").size());
        assertEquals("/array/movies/Heat.mkv", data.get("files").get(0).get("file_path").asText());
        assertEquals(1, data.get("pagination").get("total_count").asInt());
        assertTrue(data.get("pagination").get("total_count_exact").booleanValue(), "the in-memory books count all");
        assertFalse(data.get("pagination").get("has_more").asBoolean());
        assertEquals("alice", data.get("filter_applied").get("user_id").asText());
    }

    @Test
    void askingForAnExactTotalIsAcceptedAndIsNoFilter() {
        api.aCachedMovie("Heat.mkv", 2048, "alice");
        api.aCachedMovie("Ronin.mkv", 1024, "bob");
        JsonNode data = assertOk(api.get("/api/cached/files?exact_total=true&limit=1"), 200);
        assertEquals(2, data.get("pagination").get("total_count").asInt());
        assertTrue(data.get("pagination").get("total_count_exact").booleanValue());
        assertTrue(data.get("pagination").get("has_more").booleanValue());
        assertFalse(data.get("filter_applied").has("exact_total"), data.get("filter_applied")::toString);
        assertFailure(api.get("/api/cached/files?exact_total=perhaps"), 400, "exact_total: must be true or false");
    }

    @Test
    void listingPagesWithLimitAndOffsetAndSortsBySize() {
        api.aCachedMovie("A.mkv", 100, null);
        api.aCachedMovie("B.mkv", 300, null);
        api.aCachedMovie("C.mkv", 200, null);
        JsonNode data = assertOk(api.get("/api/cached/files?sort=file_size_bytes&order=desc&limit=2&offset=0"), 200);
        assertEquals("B.mkv", data.get("files").get(0).get("filename").asText());
        assertEquals("C.mkv", data.get("files").get(1).get("filename").asText());
        assertTrue(data.get("pagination").get("has_more").asBoolean());
        JsonNode next = assertOk(api.get("/api/cached/files?sort=file_size_bytes&order=desc&limit=2&offset=2"), 200);
        assertEquals("A.mkv", next.get("files").get(0).get("filename").asText());
    }

    @Test
    void listingFiltersByADateRangeWhoseEndDayIsIncluded() {
        api.aCachedMovie("Monday.mkv", 100, null);
        api.memory.clock().advance(java.time.Duration.ofHours(23));
        api.aCachedMovie("LateMonday.mkv", 100, null);
        api.memory.clock().advance(java.time.Duration.ofHours(2));
        api.aCachedMovie("Tuesday.mkv", 100, null);

        JsonNode monday = assertOk(api.get("/api/cached/files?cached_since=2026-01-01&cached_until=2026-01-01"), 200);
        assertEquals(2, monday.get("pagination").get("total_count").asInt(), "a date as the end means its whole day");
        assertEquals("2026-01-01T23:59:59.999999Z", monday.get("filter_applied").get("cached_until").asText());
        JsonNode exact = assertOk(api.get("/api/cached/files?cached_until=2026-01-01T00:00:00Z"), 200);
        assertEquals("Monday.mkv", exact.get("files").get(0).get("filename").asText());
        assertEquals(1, exact.get("pagination").get("total_count").asInt());
        assertFailure(api.get("/api/cached/files?cached_since=2026-01-02&cached_until=2026-01-01"), 400,
                "cached_since must not be later than cached_until");
    }

    @Test
    void listingRefusesALimitOutOfRangeNamingTheField() {
        assertFailure(api.get("/api/cached/files?limit=0"), 400, "limit: must be between 1 and 500");
        assertFailure(api.get("/api/cached/files?limit=501"), 400, "limit: must be between 1 and 500");
        assertFailure(api.get("/api/cached/files?limit=ten"), 400, "limit: must be a whole number");
        assertFailure(api.get("/api/cached/files?offset=-1"), 400, "offset");
    }

    @Test
    void listingRefusesUnknownStatusOperationSortAndBadDates() {
        assertFailure(api.get("/api/cached/files?status=gone"), 400, "status must be one of");
        assertFailure(api.get("/api/cached/files?triggered_by_operation=x"), 400, "triggered_by_operation");
        assertFailure(api.get("/api/cached/files?sort=colour"), 400, "sort must be one of");
        assertFailure(api.get("/api/cached/files?order=up"), 400, "order must be asc or desc");
        assertFailure(api.get("/api/cached/files?cached_since=yesterday"), 400, "cached_since: must be an ISO-8601");
        assertFailure(api.get("/api/cached/files?size_min=5&size_max=1"), 400, "size_min");
        assertFailure(api.get("/api/cached/files?size_min=-5"), 400, "size_min: must be greater than or equal to 0");
    }

    @Test
    void oneFileByIdAndUnknownIdIsNotFound() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 2048, "alice");
        JsonNode file = assertOk(api.get("/api/cached/files/" + heat.id().value()), 200);
        assertEquals("Heat.mkv", file.get("filename").asText());
        assertEquals("2.0 KB", file.get("file_size_readable").asText());
        assertFailure(api.get("/api/cached/files/nope"), 404);
    }

    @Test
    void searchFindsByFilenameAndSaysWhatItLookedFor() {
        api.aCachedMovie("Heat.mkv", 10, "alice");
        api.aCachedMovie("Ronin.mkv", 10, "bob");
        JsonNode data = assertOk(api.get("/api/cached/files/search?q=heat&type=filename&limit=5"), 200);
        assertEquals("heat", data.get("query").asText());
        assertEquals("filename", data.get("search_type").asText());
        assertEquals(1, data.get("total_found").asInt());
        assertTrue(data.get("total_found_exact").booleanValue(), "the in-memory books count all");
        assertEquals(5, data.get("limited_to").asInt());
        assertEquals("Heat.mkv", data.get("results").get(0).get("filename").asText());
    }

    @Test
    void searchNeedsAQueryAKnownTypeAndALimitInRange() {
        assertFailure(api.get("/api/cached/files/search"), 400, "q: must not be blank");
        assertFailure(api.get("/api/cached/files/search?q=x&type=colour"), 400, "type must be one of");
        assertFailure(api.get("/api/cached/files/search?q=x&limit=900"), 400, "limit: must be between 1 and 500");
        assertFailure(api.get("/api/cached/files/search?q=x&include_removed=maybe"), 400, "include_removed");
        assertFailure(api.get("/api/cached/files/search?q=x&exact_total=maybe"), 400, "exact_total");
    }

    @Test
    void cachingANewFileAnswers201WithTheRecordedFile() {
        String path = api.anUncachedMovie("Heat.mkv", 4096);
        JsonNode file = assertOk(api.post("/api/cached/files", "{\"file_path\":\"" + path + "\","
                + "\"triggered_by_operation\":\"watchlist\",\"user_id\":\"alice\",\"reason\":\"friday\","
                + "\"cache_method\":\"copy\",\"metadata\":{\"tmdb\":949}}"), 201);
        assertEquals("atomic_copy", file.get("cache_method").asText());
        assertEquals("alice", file.get("users").get(0).asText());
        assertEquals(949, file.get("metadata").get("tmdb").asInt());
        assertEquals(1, api.get("/api/cached/files").data().get("pagination").get("total_count").asInt());
    }

    @Test
    void cachingAPathAlreadyCachedAnswers200KeepsItsIdAndAddsTheUser() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        JsonNode file = assertOk(api.post("/api/cached/files", "{\"file_path\":\"/array/movies/Heat.mkv\","
                + "\"triggered_by_operation\":\"ondeck\",\"user_id\":\"bob\"}"), 200);
        assertEquals(heat.id().value(), file.get("id").asText());
        assertEquals(2, file.get("users").size());
    }

    @Test
    void cachingRefusesBadBodiesWithA400ThatNamesTheProblem() {
        assertFailure(api.post("/api/cached/files", null), 400, "request body is required");
        assertFailure(api.post("/api/cached/files", "{\"file_path\":"), 400, "malformed JSON");
        assertFailure(api.post("/api/cached/files", "[1,2]"), 400, "must be a JSON object");
        assertFailure(api.post("/api/cached/files", "{\"triggered_by_operation\":\"watchlist\"}"), 400,
                "file_path: must not be blank");
        assertFailure(api.post("/api/cached/files", "{\"file_path\":7,\"triggered_by_operation\":\"watchlist\"}"),
                400, "file_path: must be a string");
        assertFailure(api.post("/api/cached/files", "{\"file_path\":\"/array/movies/x\",\"colour\":1}"), 400,
                "unknown field 'colour'");
        assertFailure(api.post("/api/cached/files", body("/array/movies/x", "binge")), 400,
                "triggered_by_operation must be one of");
        assertFailure(api.post("/api/cached/files", "{\"file_path\":\"/array/movies/x\","
                + "\"triggered_by_operation\":\"manual\",\"cache_method\":\"teleport\"}"), 400, "cache_method must be");
        assertFailure(api.post("/api/cached/files", "{\"file_path\":\"/array/movies/x\","
                + "\"triggered_by_operation\":\"manual\",\"metadata\":[1]}"), 400, "metadata: must be a JSON object");
        assertFailure(api.post("/api/cached/files", body("relative/path", "manual")), 400, "file_path must be");
    }

    @Test
    void cachingMapsStorageRefusalsToTheirStatuses() {
        assertFailure(api.post("/api/cached/files", body("/etc/passwd", "manual")), 400, "not inside an array root");
        assertFailure(api.post("/api/cached/files", body("/array/movies/missing.mkv", "manual")), 404, "no file at");
    }

    @Test
    void removingAFileAnswersWithTheOriginalShapeAndRemovingItAgainIsAConflict() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        String path = "/api/cached/files/" + heat.id().value();
        var removed = api.delete(path, "{\"reason\":\"watched\",\"user_id\":\"alice\"}");
        JsonNode data = assertOk(removed, 200);
        assertEquals("Cached file removed successfully: Heat.mkv", removed.json().get("message").asText());
        assertEquals(heat.id().value(), data.get("file_id").asText());
        assertEquals("watched", data.get("reason").asText());
        assertEquals("removed", data.get("status").asText());
        assertFailure(api.delete(path, null), 409, "already removed");
    }

    @Test
    void removingWithoutABodyUsesTheDefaultsAndAnUnknownIdIsNotFound() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, null);
        assertFailure(api.delete("/api/cached/files/" + heat.id().value(), "{\"reason\":5}"), 400,
                "reason: must be a string");
        assertEquals("manual", assertOk(api.delete("/api/cached/files/" + heat.id().value(), null), 200)
                .get("reason").asText());
        assertFailure(api.delete("/api/cached/files/unknown", null), 404);
    }

    @Test
    void removingAFileInUseIsPostponedWith202AndPendingRemoval() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, null);
        api.memory.storage().setInUse(heat.filePath(), true);
        var response = api.delete("/api/cached/files/" + heat.id().value(), null);
        assertEquals("pending_removal", assertOk(response, 202).get("status").asText());
        assertTrue(response.json().get("message").asText().contains("in use"));
        assertEquals("pending_removal", api.get("/api/cached/files/" + heat.id().value()).data().get("status").asText());
    }

    @Test
    void recordingAnAccessCountsIt() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, null);
        JsonNode file = assertOk(api.post("/api/cached/files/" + heat.id().value() + "/access", "{\"user_id\":\"alice\"}"), 200);
        assertEquals(1, file.get("access_count").asInt());
        assertFalse(file.get("last_accessed").isNull());
        assertFailure(api.post("/api/cached/files/unknown/access", null), 404);
    }

    @Test
    void attachingAndDetachingUsers() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        String users = "/api/cached/files/" + heat.id().value() + "/users/";
        assertEquals(2, assertOk(api.put(users + "bob", "{\"reason\":\"asked\"}"), 200).get("users").size());
        assertEquals(3, assertOk(api.put(users + "carol", null), 200).get("users").size());
        JsonNode after = assertOk(api.delete(users + "alice", null), 200);
        assertEquals("bob", after.get("users").get(0).asText());
        assertFailure(api.delete(users + "alice", null), 404, "not attributed");
        assertFailure(api.put("/api/cached/files/unknown/users/bob", null), 404);
    }

    private static String body(String path, String operation) {
        return "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"" + operation + "\"}";
    }
}
