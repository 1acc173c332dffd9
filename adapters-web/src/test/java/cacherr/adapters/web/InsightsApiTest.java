package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InsightsApiTest {
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
    void statisticsCountFilesSizesOperationsAndTheHitRatio() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 2048, "alice");
        api.aCachedMovie("Ronin.mkv", 1024, "bob");
        api.memory.app().recordAccess().recordAccess(new RecordAccessCommand(heat.id(), null));
        JsonNode data = assertOk(api.get("/api/cached/statistics"), 200);
        assertEquals(2, data.get("total_files").asInt());
        assertEquals(3072, data.get("total_size_bytes").asLong());
        assertEquals("3.0 KB", data.get("total_size_readable").asText());
        assertEquals(2, data.get("users_count").asInt());
        assertEquals(0.5, data.get("cache_hit_ratio").asDouble(), 1e-9);
        assertEquals("/array/movies/Heat.mkv", data.get("most_accessed_file").asText());
        assertEquals(2, data.get("files_by_operation").get("watchlist").asInt());
        assertEquals("3.0 KB", data.get("size_by_operation").get("watchlist").get("readable").asText());
        assertEquals(0, data.get("pending_removal_files").asInt());
        assertEquals(1L << 40, data.get("cache_space").get("total").get("bytes").asLong());
    }

    @Test
    void activityListsEveryDayOfThePeriodWithTheFilesCachedThatDay() {
        api.aCachedMovie("Heat.mkv", 2048, "alice");
        api.aCachedMovie("Ronin.mkv", 1024, "bob");

        JsonNode data = assertOk(api.get("/api/cached/activity?days=3"), 200);

        assertEquals(3, data.get("days").asInt());
        assertEquals(3, data.get("activity").size());
        JsonNode today = data.get("activity").get(2);
        assertEquals(2, today.get("files").asInt());
        assertEquals("3.0 KB", today.get("size").get("readable").asText());
        assertEquals(0, data.get("activity").get(0).get("files").asInt());
        assertFailure(api.get("/api/cached/activity?days=0"), 400, "days");
        assertFailure(api.get("/api/cached/activity?days=many"), 400, "days");
    }

    @Test
    void statisticsStillAnswerWithoutCacheSpaceWhenItCannotBeRead() {
        try (RunningApi broken = RunningApi.startWithCacheSpace(() -> {
            throw new IllegalStateException("statvfs failed");
        })) {
            assertTrue(assertOk(broken.get("/api/cached/statistics"), 200).get("cache_space").isNull());
        }
    }

    @Test
    void usersListTheirCounts() {
        api.aCachedMovie("Heat.mkv", 2048, "alice");
        api.aCachedMovie("Ronin.mkv", 1024, "alice");
        JsonNode data = assertOk(api.get("/api/cached/users"), 200);
        assertEquals(1, data.get("total_count").asInt());
        assertEquals("alice", data.get("users").get(0).get("user_id").asText());
        assertEquals(2, data.get("users").get(0).get("total_files").asInt());
    }

    @Test
    void userStatsSummariseAPeriodAndRefuseDaysOutOfRange() {
        api.aCachedMovie("Heat.mkv", 2048, "alice");
        JsonNode data = assertOk(api.get("/api/cached/users/alice/stats?days=7"), 200);
        assertEquals("alice", data.get("user_id").asText());
        assertEquals(7, data.get("period_days").asInt());
        assertEquals(1, data.get("total_files").asInt());
        assertEquals("watchlist", data.get("most_common_operation").asText());
        assertTrue(data.get("most_accessed_file").isNull());
        assertEquals(1, data.get("recent_files").size());
        assertEquals(30, assertOk(api.get("/api/cached/users/alice/stats"), 200).get("period_days").asInt());
        assertFailure(api.get("/api/cached/users/alice/stats?days=0"), 400, "days: must be between 1 and 3650");
        assertFailure(api.get("/api/cached/users/alice/stats?days=many"), 400, "days: must be a whole number");
    }

    @Test
    void theOperationLogFiltersByTypeUserAndSuccess() {
        api.aCachedMovie("Heat.mkv", 10, "alice");
        api.post("/api/cached/files", "{\"file_path\":\"/array/movies/none.mkv\",\"triggered_by_operation\":\"manual\"}");
        JsonNode all = assertOk(api.get("/api/cached/operations"), 200);
        assertEquals(2, all.get("pagination").get("total_count").asInt());
        assertTrue(all.get("pagination").get("total_count_exact").booleanValue(), "the in-memory log counts all");
        assertEquals(2, assertOk(api.get("/api/cached/operations?exact_total=true"), 200)
                .get("pagination").get("total_count").asInt());
        JsonNode failed = assertOk(api.get("/api/cached/operations?success=false&operation_type=cache_add"), 200);
        assertEquals(1, failed.get("operations").size());
        assertEquals("failed", failed.get("operations").get(0).get("status").asText());
        assertTrue(failed.get("operations").get(0).get("error_message").asText().contains("no file at"));
        JsonNode alice = assertOk(api.get("/api/cached/operations?user_id=alice&since=2026-01-01"), 200);
        assertEquals("alice", alice.get("operations").get(0).get("user_id").asText());
        assertEquals("alice", alice.get("filter_applied").get("user_id").asText());
    }

    @Test
    void theOperationLogRefusesUnknownTypesBadTimesAndBadBooleans() {
        assertFailure(api.get("/api/cached/operations?operation_type=dance"), 400, "operation_type must be one of");
        assertFailure(api.get("/api/cached/operations?since=soon"), 400, "since: must be an ISO-8601");
        assertFailure(api.get("/api/cached/operations?success=perhaps"), 400, "success: must be true or false");
        assertFailure(api.get("/api/cached/operations?exact_total=perhaps"), 400, "exact_total: must be true or false");
        assertFailure(api.get("/api/cached/operations?since=2026-02-01&until=2026-01-01"), 400, "since must not be after");
        assertFailure(api.get("/api/cached/operations?limit=1000"), 400, "limit: must be between 1 and 500");
    }

    @Test
    void recentOperationsAreTheBatchOperationsAndWithActiveOnlyThoseStillRunning() {
        CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
        api.post("/api/cached/cleanup", "{\"user_id\":\"system\"}");
        JsonNode all = assertOk(api.get("/api/results/operations?limit=10&offset=0"), 200);
        assertEquals(1, all.get("operations").size());
        assertEquals("cleanup_batch", all.get("operations").get(0).get("operation_type").asText());
        assertEquals(0, assertOk(api.get("/api/results/operations?active_only=true"), 200).get("operations").size());

        api.post("/api/results/operations", "{\"action\":\"attach_user\",\"ids\":[\"" + heat.id().value()
                + "\"],\"user_id\":\"bob\"}");
        JsonNode active = assertOk(api.get("/api/results/operations?active_only=true"), 200);
        assertEquals(1, active.get("pagination").get("total_count").asInt());
        assertEquals("pending", active.get("operations").get(0).get("status").asText());
        assertEquals("attach_batch", active.get("operations").get(0).get("operation_type").asText());
        assertFailure(api.get("/api/results/operations?active_only=sometimes"), 400, "active_only");
        assertFailure(api.get("/api/results/operations?exact_total=sometimes"), 400, "exact_total");
        api.memory.steps().runAll();
    }
}
