package cacherr.bootstrap.smoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service, started as the README says (bin/cacherr, on the module path, in its own process): a green
 * build alone does not prove the launched program starts.
 */
class PackagedServiceSmokeIT {
    @Test
    void thePackagedServiceCachesARealFileAndStopsCleanlyOnSigterm(@TempDir Path home) throws Exception {
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            Path movie = service.arrayRoot().resolve("movies/Heat (1995)/Heat.mkv");
            Files.createDirectories(movie.getParent());
            byte[] content = new byte[3 * 1024 * 1024 + 17];
            new Random(42).nextBytes(content);
            Files.write(movie, content);

            service.start();
            HttpResponse<String> cached = service.send("POST", "/api/cached/files", "{\"file_path\":\"" + movie
                    + "\",\"triggered_by_operation\":\"watchlist\",\"user_id\":\"alice\",\"reason\":\"smoke test\"}");

            assertEquals(201, cached.statusCode(), cached.body());
            Path copy = service.cacheRoot().resolve("movies/Heat (1995)/Heat.mkv");
            assertArrayEquals(content, Files.readAllBytes(copy), "the cached copy is whole");
            assertTrue(Files.isSymbolicLink(movie), "the media path points at the cache");
            assertArrayEquals(content, Files.readAllBytes(movie), "and still reads the same movie");

            HttpResponse<String> list = service.send("GET", "/api/cached/files?user_id=alice", null);
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains("\"total_count\":1"), list.body());
            assertTrue(list.body().contains("\"filename\":\"Heat.mkv\""), list.body());

            assertEquals(143, service.stop(), "SIGTERM ends the JVM through its shutdown hook (128 + 15)");
            String log = service.log();
            assertTrue(log.contains("Cacherr listening on http://127.0.0.1:"), log);
            assertTrue(log.contains("Cacherr stopped"), log);
        }
    }
}
