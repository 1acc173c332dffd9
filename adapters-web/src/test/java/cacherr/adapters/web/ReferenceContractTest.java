package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertEnvelope;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertFields;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static cacherr.adapters.web.fixtures.ApiAssertions.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.Csv;
import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shapes existing clients read, endpoint by endpoint, as written in shared/REFERENCE-API.md. */
class ReferenceContractTest {
    static final List<String> CACHED_FILE_INFO = List.of("id", "file_path", "filename", "original_path", "cached_path",
            "cache_method", "file_size_bytes", "file_size_readable", "cached_at", "last_accessed", "access_count",
            "triggered_by_user", "triggered_by_operation", "status", "users", "metadata");

    private RunningApi api;
    private CachedFile heat;

    @BeforeEach
    void start() {
        api = RunningApi.start();
        heat = api.aCachedMovie("Heat.mkv", 1536, "alice");
        api.memory.app().recordAccess().recordAccess(new RecordAccessCommand(heat.id(), null));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Every field the reference names is there (we may add more; we never rename or drop one). */
    private static void assertHas(JsonNode object, String... fields) {
        for (String field : fields) assertTrue(object.has(field), () -> "missing " + field + " in " + object);
    }

    static void assertCachedFileInfo(JsonNode file) {
        assertFields(file, CACHED_FILE_INFO);
        assertTrue(file.get("file_size_bytes").isNumber() && file.get("access_count").isNumber());
        assertTrue(file.get("users").isArray());
        assertTrue(file.get("cached_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), file::toString);
        assertTrue(file.get("metadata").isNull() || file.get("metadata").isObject());
        assertTrue(Set.of("atomic_symlink", "atomic_copy", "atomic_hardlink").contains(file.get("cache_method").asText()));
    }

    @Test
    void listFiles() {
        JsonNode data = assertOk(api.get("/api/cached/files?limit=50&offset=0&status=active"), 200);
        assertFields(data, List.of("files", "pagination", "filter_applied"));
        // ours adds total_count_exact: false when total_count is a lower bound (more match, uncounted)
        assertFields(data.get("pagination"), List.of("limit", "offset", "total_count", "total_count_exact", "has_more"));
        assertTrue(data.get("pagination").get("total_count").isIntegralNumber());
        assertCachedFileInfo(data.get("files").get(0));
        assertEquals("active", data.get("filter_applied").get("status").asText());
    }

    @Test
    void oneFile() {
        assertCachedFileInfo(assertOk(api.get("/api/cached/files/" + heat.id().value()), 200));
    }

    @Test
    void removeFile() {
        RunningApi.Response response = api.delete("/api/cached/files/" + heat.id().value(), "{\"reason\":\"manual\"}");
        assertHas(assertOk(response, 200), "file_id", "file_path", "reason");
        assertEquals("Cached file removed successfully: Heat.mkv", response.json().get("message").asText());
    }

    @Test
    void statistics() {
        JsonNode data = assertOk(api.get("/api/cached/statistics"), 200);
        assertHas(data, "total_files", "total_size_bytes", "total_size_readable", "active_files", "orphaned_files",
                "users_count", "oldest_cached_at", "most_accessed_file", "cache_hit_ratio");
        assertEquals("/array/movies/Heat.mkv", data.get("most_accessed_file").asText());
        assertTrue(data.get("cache_hit_ratio").isNumber());
    }

    @Test
    void userStats() {
        JsonNode data = assertOk(api.get("/api/cached/users/alice/stats?days=30"), 200);
        assertFields(data, List.of("user_id", "period_days", "total_files", "active_files", "total_size_bytes",
                "total_size_readable", "files_by_operation", "access_stats", "most_accessed_file",
                "most_common_operation", "recent_files"));
        assertFields(data.get("access_stats"), List.of("average_access_count", "max_access_count"));
        assertFields(data.get("most_accessed_file"), List.of("path", "filename", "access_count"));
        JsonNode recent = data.get("recent_files").get(0).deepCopy();
        assertEquals("watchlist", ((com.fasterxml.jackson.databind.node.ObjectNode) recent).remove("operation").asText(),
                "the client's user card shows each recent file's operation");
        assertCachedFileInfo(recent);
        assertTrue(data.get("files_by_operation").get("watchlist").isNumber());
    }

    @Test
    void cleanup() {
        assertHas(assertOk(api.post("/api/cached/cleanup", "{\"remove_orphaned\":false}"), 200),
                "orphaned_count", "removed_count", "remove_orphaned");
    }

    @Test
    void search() {
        JsonNode data = assertOk(api.get("/api/cached/files/search?q=heat&type=all&limit=10&include_removed=false"), 200);
        // ours adds total_found_exact: false when total_found is a lower bound (more match, uncounted)
        assertFields(data, List.of("query", "search_type", "results", "total_found", "total_found_exact", "limited_to"));
        assertTrue(data.get("total_found").isIntegralNumber());
        assertCachedFileInfo(data.get("results").get(0));
    }

    @Test
    void exportCsvAndJson() throws Exception {
        RunningApi.Response csv = api.get("/api/cached/export?format=csv&user_id=alice&status=active");
        assertEquals(List.of("filename", "file_path", "cached_path", "cache_method", "file_size_readable", "cached_at",
                "triggered_by_user", "triggered_by_operation", "status", "users"), Csv.parse(csv.body()).get(0));
        assertTrue(csv.header("Content-Disposition").matches("attachment; filename=\"cached_files_\\d{8}_\\d{6}\\.csv\""));
        JsonNode json = new ObjectMapper().readTree(api.get("/api/cached/export?format=json").body());
        assertEquals(Set.of("export_timestamp", "total_files", "filters_applied", "cached_files"),
                fieldNames(json));
    }

    @Test
    void operations() {
        JsonNode data = assertOk(api.get("/api/results/operations?limit=10&offset=0&active_only=false"), 200);
        assertHas(data, "operations", "pagination");
    }

    @Test
    void failuresCarryTheEnvelopeToo() {
        RunningApi.Response missing = api.get("/api/cached/files/unknown");
        assertEquals(404, missing.status());
        assertEnvelope(missing.json());
        assertEquals(false, missing.json().get("success").asBoolean());
        assertTrue(missing.json().get("data").isNull());
    }
}
