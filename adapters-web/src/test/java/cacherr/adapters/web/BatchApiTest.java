package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batch operations over HTTP: the reference's shapes field by field, every action, dry run, cancel, live events. */
class BatchApiTest {
    static final List<String> BATCH_OPERATION = List.of("id", "operation_type", "status", "test_mode", "triggered_by",
            "triggered_by_user", "reason", "started_at", "completed_at", "total_files", "files_processed",
            "files_successful", "files_failed", "total_size_bytes", "bytes_processed", "error_message", "metadata");
    static final List<String> OPERATION_RESULT = List.of("id", "operation_id", "file_path", "filename", "source_path",
            "destination_path", "operation_type", "status", "reason", "triggered_by_user", "file_size_bytes",
            "started_at", "completed_at", "error_message", "parent_operation_id");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningApi api = RunningApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    private static void assertHas(JsonNode object, List<String> fields) {
        for (String field : fields) assertTrue(object.has(field), () -> "missing " + field + " in " + object);
    }

    private JsonNode start(String body) {
        RunningApi.Response response = api.post("/api/results/operations", body);
        assertEquals(202, response.status(), response.body());
        return response.data().get("batch_operation");
    }

    private JsonNode detail(String id) {
        return assertOk(api.get("/api/results/operations/" + id), 200);
    }

    @Test
    void aBatchStartsAt202RunsInTheBackgroundAndAnswersInTheReferenceShape() {
        String heat = api.anUncachedMovie("Heat.mkv", 1000);
        String alien = api.anUncachedMovie("Alien.mkv", 500);

        JsonNode started = start("{\"action\":\"cache\",\"paths\":[\"" + heat + "\",\"" + alien + "\"],"
                + "\"user_id\":\"alice\",\"triggered_by_operation\":\"watchlist\"}");
        assertHas(started, BATCH_OPERATION);
        assertEquals("cache_batch", started.get("operation_type").asText());
        assertEquals("pending", started.get("status").asText());
        assertEquals(2, started.get("total_files").asInt());
        assertEquals(0, started.get("files_processed").asInt());
        assertTrue(started.get("completed_at").isNull());
        assertTrue(api.memory.files().findByPath(heat).isEmpty(), "not done in the request");

        api.memory.steps().runAll();

        JsonNode data = detail(started.get("id").asText());
        JsonNode batch = data.get("batch_operation");
        assertHas(batch, BATCH_OPERATION);
        assertEquals("completed", batch.get("status").asText());
        assertEquals(false, batch.get("test_mode").asBoolean());
        assertEquals("api", batch.get("triggered_by").asText());
        assertEquals("alice", batch.get("triggered_by_user").asText());
        assertEquals(2, batch.get("files_processed").asInt());
        assertEquals(2, batch.get("files_successful").asInt());
        assertEquals(0, batch.get("files_failed").asInt());
        assertEquals(1500, batch.get("bytes_processed").asLong());
        assertEquals(1500, batch.get("total_size_bytes").asLong());
        assertTrue(batch.get("started_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertTrue(batch.get("completed_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertTrue(batch.get("error_message").isNull());
        assertEquals("watchlist", batch.get("metadata").get("triggered_by_operation").asText());

        JsonNode file = data.get("file_operations").get(0);
        assertHas(file, OPERATION_RESULT);
        assertEquals(batch.get("id"), file.get("operation_id"));
        assertEquals(heat, file.get("file_path").asText());
        assertEquals("Heat.mkv", file.get("filename").asText());
        assertEquals(heat, file.get("source_path").asText());
        assertEquals("/cache/movies/Heat.mkv", file.get("destination_path").asText());
        assertEquals("cache", file.get("operation_type").asText());
        assertEquals("completed", file.get("status").asText());
        assertEquals(1000, file.get("file_size_bytes").asLong());
        assertEquals("alice", file.get("triggered_by_user").asText());
        assertTrue(file.get("error_message").isNull());
        assertTrue(file.get("parent_operation_id").isNull());
        assertEquals(2, data.get("file_operations_pagination").get("total_count").asInt());

        JsonNode list = assertOk(api.get("/api/results/operations?limit=10&offset=0&active_only=false"), 200);
        assertHas(list.get("operations").get(0), BATCH_OPERATION);
        assertEquals(List.of("limit", "offset", "total_count", "total_count_exact", "has_more"),
                iterate(list.get("pagination").fieldNames()));
        assertEquals(1, assertOk(api.get("/api/results/operations?operation_type=cache_batch&user_id=alice"
                + "&start_date=2026-01-01T00:00:00&end_date=2026-01-01"), 200).get("operations").size());
        assertEquals(0, assertOk(api.get("/api/results/operations?operation_type=array_batch"), 200)
                .get("operations").size());
    }

    @Test
    void uncacheAttachAndDetachBatchesByIdsAndByFilters() {
        CachedFile a = api.aCachedMovie("a.mkv", 10, "alice");
        CachedFile b = api.aCachedMovie("b.mkv", 10, "alice");
        CachedFile c = api.aCachedMovie("c.mkv", 10, "bob");

        start("{\"action\":\"attach_user\",\"ids\":[\"" + a.id().value() + "\",\"" + c.id().value()
                + "\"],\"user_id\":\"carol\",\"reason\":\"family night\"}");
        api.memory.steps().runAll();
        assertTrue(api.memory.app().getFile().get(c.id()).isAttributedTo(new cacherr.domain.file.UserId("carol")));

        start("{\"action\":\"detach_user\",\"ids\":[\"" + a.id().value() + "\"],\"user_id\":\"carol\"}");
        api.memory.steps().runAll();
        assertFalse(api.memory.app().getFile().get(a.id()).isAttributedTo(new cacherr.domain.file.UserId("carol")));

        JsonNode uncache = start("{\"action\":\"uncache\",\"filters\":{\"user_id\":\"alice\"}}");
        assertEquals("array_batch", uncache.get("operation_type").asText());
        assertEquals(2, uncache.get("total_files").asInt());
        api.memory.steps().runAll();
        assertEquals(FileStatus.REMOVED, api.memory.app().getFile().get(a.id()).status());
        assertEquals(FileStatus.REMOVED, api.memory.app().getFile().get(b.id()).status());
        assertEquals(FileStatus.ACTIVE, api.memory.app().getFile().get(c.id()).status());
        assertEquals("array", detail(uncache.get("id").asText()).get("file_operations").get(0)
                .get("operation_type").asText());
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndChangesNothing() {
        CachedFile a = api.aCachedMovie("a.mkv", 10, "alice");
        JsonNode dry = start("{\"action\":\"uncache\",\"ids\":[\"" + a.id().value() + "\"],\"test_mode\":true}");
        assertTrue(dry.get("test_mode").asBoolean());
        api.memory.steps().runAll();

        JsonNode file = detail(dry.get("id").asText()).get("file_operations").get(0);
        assertEquals("completed", file.get("status").asText());
        assertEquals("would be taken off the cache; the original put back in place", file.get("reason").asText());
        assertEquals(FileStatus.ACTIVE, api.memory.app().getFile().get(a.id()).status());
        assertTrue(api.memory.storage().exists(a.cachedPath()));
    }

    @Test
    void cancellingKeepsWhatIsDoneAndSkipsTheRest() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(api.aCachedMovie("f" + i + ".mkv", 10, "alice").id().value())
                    .append('"');
        }
        JsonNode batch = start("{\"action\":\"uncache\",\"ids\":[" + ids + "]}");
        String id = batch.get("id").asText();
        api.memory.steps().runNext();

        RunningApi.Response cancelled = api.post("/api/results/operations/" + id + "/cancel", "");
        JsonNode data = assertOk(cancelled, 200).get("batch_operation");
        assertEquals("cancelled", data.get("status").asText());
        assertEquals(1, data.get("files_successful").asInt());
        assertEquals(4, data.get("files_processed").asInt());
        api.memory.steps().runAll();
        List<String> statuses = iterate(detail(id).get("file_operations").elements()).stream()
                .map(n -> n.get("status").asText()).toList();
        assertEquals(List.of("completed", "skipped", "skipped", "skipped"), statuses);

        assertFailure(api.post("/api/results/operations/" + id + "/cancel", ""), 409, "has ended already");
        assertFailure(api.post("/api/results/operations/nope/cancel", ""), 404, "no batch operation has the id nope");
        assertFailure(api.get("/api/results/operations/nope"), 404, "no batch operation has the id nope");
    }

    @Test
    void badInputGetsAClear4xxAndStartsNothing() {
        CachedFile a = api.aCachedMovie("a.mkv", 10, "alice");
        assertFailure(api.post("/api/results/operations", "{}"), 400, "action is required");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"explode\",\"ids\":[\"x\"]}"), 400,
                "action must be one of cache, uncache, attach_user, detach_user");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"cache\"}"), 400, "the batch is empty");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"cache\",\"paths\":[]}"), 400,
                "the batch is empty");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"uncache\",\"filters\":{}}"), 400,
                "give at least one filter, or \"all\": true");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"uncache\",\"filters\":{\"user_id\":\"nobody\"}}"),
                400, "no file matches the filters");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"uncache\",\"filters\":{\"cached_since\":\"soon\"}}"),
                400, "filters.cached_since");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"attach_user\",\"ids\":[\"" + a.id().value()
                + "\"]}"), 400, "user_id is required to attach user");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"uncache\",\"ids\":[\"" + a.id().value()
                + "\",\"nope\"]}"), 404, "no cached file has the id nope");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"cache\",\"paths\":[\"relative.mkv\"]}"), 400,
                "absolute path");
        assertFailure(api.post("/api/results/operations", "{\"action\":\"cache\",\"paths\":[\"/a\"],\"frobs\":1}"), 400,
                "frobs");
        assertFailure(api.get("/api/results/operations?operation_type=party"), 400, "operation_type must be one of");
        assertFailure(api.get("/api/results/operations/x?limit=0"), 400, "limit");
        assertEquals(0, api.memory.steps().queued());
        assertEquals(0, assertOk(api.get("/api/results/operations"), 200).get("operations").size());
    }

    /**
     * A stream that connects once the server has ended its live streams (it stops) is ended at once too: a graceful
     * stop, which waits for the requests in progress, never waits for it. It used to be kept open, and the stop waited
     * out its 10 s (a test that had just read a stream's headers and stopped the server failed so, now and then).
     */
    @Test
    @Timeout(60) // a guard against a hang only: nothing here waits on time
    void aStreamThatConnectsAfterTheStreamsWereEndedIsEndedAtOnce() throws Exception {
        api.server.batchEvents().close();
        HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.server.port() + "/api/results/operations/events"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString()); // returns once the stream has ended
        assertEquals(200, stream.statusCode());
        assertFalse(stream.body().contains("connected"), stream.body());
    }

    /** A real SSE client on loopback reads the events as a browser's EventSource would; no sleeps: it reads as they come. */
    @Test
    @Timeout(60) // a guard against a hang only: nothing here waits on time
    void progressArrivesLiveOverServerSentEvents() throws Exception {
        String heat = api.anUncachedMovie("Heat.mkv", 1000);
        String alien = api.anUncachedMovie("Alien.mkv", 500);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.server.port() + "/api/results/operations/events"))
                        .header("Accept", "text/event-stream").build(), // as EventSource sends it
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), stream.headers()::toString);
        Iterator<String> lines = stream.body().iterator();
        assertEquals("connected", nextEvent(lines).name);

        String id = start("{\"action\":\"cache\",\"paths\":[\"" + heat + "\",\"" + alien + "\"],\"user_id\":\"alice\"}")
                .get("id").asText();
        Event accepted = nextEvent(lines);
        assertEquals("operation_progress", accepted.name);
        assertEquals(id, accepted.data.get("operation_id").asText());
        assertEquals(0, accepted.data.get("progress").asInt());
        assertEquals("pending", accepted.data.get("status").asText());

        api.memory.steps().runNext();
        Event processing = nextEvent(lines);
        assertEquals("operation_file_update", processing.name);
        assertEquals("processing", processing.data.get("status").asText());
        Event completed = nextEvent(lines);
        assertEquals("operation_file_update", completed.name);
        assertHas(completed.data, List.of("operation_id", "status", "error_message", "completed_at"));
        assertEquals("completed", completed.data.get("status").asText());
        assertTrue(completed.data.get("error_message").isNull());
        assertEquals(heat, completed.data.get("file_path").asText());
        Event half = nextEvent(lines);
        assertEquals("operation_progress", half.name);
        assertHas(half.data, List.of("operation_id", "progress", "current_file", "files_processed", "total_files",
                "estimated_time_remaining"));
        assertEquals(50, half.data.get("progress").asInt());
        assertEquals(heat, half.data.get("current_file").asText());
        assertEquals(1, half.data.get("files_processed").asInt());
        assertEquals(2, half.data.get("total_files").asInt());
        assertEquals(0, half.data.get("estimated_time_remaining").asLong(), "the in-memory clock stands still");

        api.memory.steps().runAll();
        Event last = null;
        for (int i = 0; i < 4; i++) last = nextEvent(lines); // processing, completed, progress 2/2, the end
        assertEquals("operation_progress", last.name);
        assertEquals(100, last.data.get("progress").asInt());
        assertEquals("completed", last.data.get("status").asText());
        stream.body().close();
    }

    private record Event(String name, JsonNode data) {
    }

    private static Event nextEvent(Iterator<String> lines) throws Exception {
        String name = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (name != null || data.length() > 0) break;
                continue;
            }
            if (line.startsWith(":")) continue; // a comment (keep-alive)
            if (line.startsWith("event:")) name = line.substring(6).strip();
            if (line.startsWith("data:")) data.append(line.substring(5).strip());
        }
        return new Event(name, JSON.readTree(data.toString()));
    }

    private static <T> List<T> iterate(Iterator<T> items) {
        List<T> all = new java.util.ArrayList<>();
        items.forEachRemaining(all::add);
        return all;
    }
}
