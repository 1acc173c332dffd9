package cacherr.bootstrap.mover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.filesystem.FileMoverList;
import cacherr.bootstrap.ConfigurationException;
import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.InProcessService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service keeping the mover's list: real database, real files, real HTTP, a real list file. */
class MoverListServiceTest {
    private static final String USER_LINES = "/mnt/cache/appdata/plex\n# my own note\n";

    @Test
    void theListFollowsCachingAndRemovalAndIsRebuiltAtStartUp(@TempDir Path home) throws Exception {
        Path list = home.resolve("skip.txt");
        Files.writeString(list, USER_LINES);
        Map<String, String> env = Map.of("CACHERR_MOVER_LIST", list.toString(),
                "CACHERR_MOVER_HOST_MAP", home.resolve("cache") + "=/mnt/cache/media");
        String kept;
        try (InProcessService service = InProcessService.start(home, env)) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            List<Path> movies = media.create(2, 1000, 2000, 7);
            String first = Api.idOf(service.api().cache(movies.get(0).toString(), "alice", "atomic_copy").body());
            service.api().cache(movies.get(1).toString(), "bob", "atomic_symlink");
            List<String> hostPaths = movies.stream()
                    .map(movie -> "/mnt/cache/media/" + service.arrayRoot().relativize(movie)).sorted().toList();
            kept = "/mnt/cache/media/" + service.arrayRoot().relativize(movies.get(1));
            assertEquals(ours(hostPaths), Files.readString(list));

            String state = service.api().send("GET", "/api/cached/mover-list", (String) null).body();
            assertTrue(state.contains("\"enabled\":true") && state.contains("\"entries\":2"), state);

            assertEquals(200, service.api().send("DELETE", "/api/cached/files/" + first, (String) null).statusCode());
        } // stopping writes the removals still waiting for their batch
        String afterStop = Files.readString(list);
        assertEquals(ours(List.of(kept)), afterStop, "the removed file left the list");

        Files.writeString(list, USER_LINES); // someone removed our part while the service was down
        try (InProcessService service = InProcessService.start(home, env)) {
            String rebuilt = Files.readString(list);
            assertTrue(rebuilt.startsWith(USER_LINES + FileMoverList.DEFAULT_MARKER + "\n"), rebuilt);
            assertEquals(afterStop, rebuilt, "start-up writes the list from the books");
        }
    }

    @Test
    void aListInADirectoryThatDoesNotExistStopsStartUpNamingTheVariable(@TempDir Path home) {
        Map<String, String> env = Map.of("CACHERR_MOVER_LIST", home.resolve("missing/skip.txt").toString(),
                "CACHERR_MOVER_HOST_MAP", home.resolve("cache") + "=/mnt/cache/media");
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> InProcessService.start(home, env).close());
        assertTrue(refused.getMessage().contains("CACHERR_MOVER_LIST"), refused.getMessage());
    }

    private static String ours(List<String> hostPaths) {
        StringBuilder text = new StringBuilder(USER_LINES + FileMoverList.DEFAULT_MARKER + "\n");
        hostPaths.forEach(path -> text.append(path).append('\n'));
        return text.toString();
    }
}
