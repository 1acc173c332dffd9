package cacherr.bootstrap.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.AlreadyRunningException;
import cacherr.bootstrap.fixtures.InProcessService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second service on the same database or cache root refuses to start before it sweeps, recovers or migrates
 * anything. Here both run in this JVM (the lock is an OS file lock; {@code SecondInstanceIT} shows it between
 * processes).
 */
class OneInstanceTest {
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path home;

    @Test
    void aSecondServiceOnTheSameDatabaseRefusesToStartAndSweepsNothing() throws Exception {
        try (InProcessService first = InProcessService.start(home, Map.of())) {
            Path copying = inFlightCopy(first.cacheRoot());
            AlreadyRunningException refused = assertThrows(AlreadyRunningException.class,
                    () -> InProcessService.start(home, Map.of()));
            assertTrue(refused.getMessage().contains("another Cacherr is already running on the database"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("process " + PID), refused.getMessage());
            assertTrue(refused.getMessage().contains("CACHERR_DB_PATH"), refused.getMessage());
            assertTrue(Files.exists(copying), "the first service's temporary file was not swept");
            assertEquals(200, first.api().send("GET", "/health", null).statusCode(), "the first one goes on");
        }
    }

    @Test
    void aSecondServiceOnTheSameCacheRootWithAnotherDatabaseRefusesToo() throws Exception {
        try (InProcessService first = InProcessService.start(home, Map.of())) {
            Path copying = inFlightCopy(first.cacheRoot());
            AlreadyRunningException refused = assertThrows(AlreadyRunningException.class,
                    () -> InProcessService.start(home, Map.of("CACHERR_DB_PATH",
                            home.resolve("other/books.db").toString())));
            assertTrue(refused.getMessage().contains("the cache root " + first.cacheRoot()), refused.getMessage());
            assertTrue(refused.getMessage().contains("CACHERR_CACHE_ROOT"), refused.getMessage());
            assertTrue(Files.exists(copying), "the first service's temporary file was not swept");
            assertTrue(Files.notExists(home.resolve("other/books.db")), "no database was created for the refused one");
        }
    }

    @Test
    void onceTheFirstHasStoppedTheNextStarts() throws Exception {
        InProcessService.start(home, Map.of()).close();
        try (InProcessService next = InProcessService.start(home, Map.of())) {
            assertEquals(200, next.api().send("GET", "/health", null).statusCode());
            String holder = Files.readString(next.database().resolveSibling("cached_files.db.lock"));
            assertTrue(holder.contains("pid=" + PID), holder);
        }
    }

    /** What a copy in progress looks like on the cache: the first service's hidden temporary file. */
    static Path inFlightCopy(Path cacheRoot) throws Exception {
        Path temp = cacheRoot.resolve("movies/.cacherr-tmp-copy-Heat.mkv");
        Files.createDirectories(temp.getParent());
        Files.write(temp, new byte[4096]);
        return temp;
    }
}
