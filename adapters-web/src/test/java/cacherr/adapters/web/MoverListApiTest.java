package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.out.MoverListInspection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoverListApiTest {
    @Test
    void withoutAListTheAnswerSaysItIsOffAndStillRemindsOfTheBuiltInMover() {
        try (RunningApi api = RunningApi.start()) {
            JsonNode data = assertOk(api.get("/api/cached/mover-list"), 200);
            assertFalse(data.get("enabled").asBoolean());
            assertEquals(0, data.get("entries").asInt());
            assertTrue(data.get("warnings").get(0).asText().contains("CACHERR_MOVER_LIST"));
            assertTrue(data.get("built_in_mover").asText().contains("7.2.1"));
        }
    }

    @Test
    void theListsStateEntriesMissingHostPathsAndRisksAreAnswered() throws Exception {
        Instant written = Instant.parse("2026-01-02T03:04:05Z");
        MoverListInspection inspection = new MoverListInspection("/boot/config/skip.txt", 3, written, true, 1,
                List.of("/mnt/cache/media/movies/Gone.mkv"), 1, List.of(new MoverListInspection.Risk(
                        "/cache/movies/Alien [1979]/Alien.mkv", "/mnt/cache/media/movies/Alien [1979]/Alien.mkv", true,
                        "'[' is a pattern to old readers")), List.of());
        MoverListStatus status = new MoverListStatus(true, false, 3, "disk full", written, inspection);
        InMemoryCacherr memory = InMemoryCacherr.create();
        Cacherr app = new Cacherr(memory.bookkeeping(), memory.storage(), memory.clock(), new SequentialIds(),
                CacheSettings.DEFAULTS, () -> status);
        try (CacherrWebServer server = new CacherrWebServer(app, RunningApi.testSettings()).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/cached/mover-list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode json = new ObjectMapper().readTree(response.body());
            assertTrue(json.get("success").asBoolean());
            JsonNode data = json.get("data");
            assertTrue(data.get("enabled").asBoolean());
            assertEquals("/boot/config/skip.txt", data.get("path").asText());
            assertFalse(data.get("up_to_date").asBoolean());
            assertEquals(3, data.get("entries").asInt());
            assertEquals(3, data.get("files_on_cache").asInt());
            assertEquals("2026-01-02T03:04:05Z", data.get("last_write").asText());
            assertEquals("disk full", data.get("last_error").asText());
            assertTrue(data.get("host_paths_checked").asBoolean());
            assertEquals(1, data.get("missing_host_paths_count").asInt());
            assertEquals("/mnt/cache/media/movies/Gone.mkv", data.get("missing_host_paths").get(0).asText());
            assertEquals(1, data.get("glob_risk_count").asInt());
            JsonNode risk = data.get("glob_risks").get(0);
            assertEquals("/cache/movies/Alien [1979]/Alien.mkv", risk.get("cached_path").asText());
            assertTrue(risk.get("may_be_moved").asBoolean());
            assertTrue(data.get("built_in_mover").asText().contains("7.2.1"));
        }
    }
}
