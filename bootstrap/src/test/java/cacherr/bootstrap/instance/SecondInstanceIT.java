package cacherr.bootstrap.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service twice on one database and cache root, as separate processes: the second refuses to start
 * naming the first one's process, before it touches anything; a lock left by a killed process blocks nothing.
 */
class SecondInstanceIT {
    @TempDir
    Path home;

    @Test
    void aSecondProcessRefusesNamingTheFirstAndLeavesItsTemporaryFilesAlone() throws Exception {
        try (LaunchedService first = new LaunchedService(home.resolve("first"), Map.of())) {
            first.start();
            Path copying = OneInstanceTest.inFlightCopy(first.cacheRoot());
            try (LaunchedService second = new LaunchedService(home.resolve("second"), sameBooks(first))) {
                IllegalStateException exited = assertThrows(IllegalStateException.class, second::start);
                assertTrue(exited.getMessage().contains("the service exited with 1"), exited.getMessage());
                assertTrue(second.log().contains("another Cacherr is already running on the database "
                        + first.database()), second.log());
                assertTrue(second.log().contains("process " + first.pid() + " (started "), second.log());
            }
            assertTrue(Files.exists(copying), "the first service's temporary file is untouched");
            assertEquals(200, first.send("GET", "/health", null).statusCode(), "the first one goes on");
        }
    }

    @Test
    void aLockLeftByAKilledProcessDoesNotBlockTheNextStart() throws Exception {
        Path lockFile;
        long killed;
        try (LaunchedService first = new LaunchedService(home.resolve("first"), Map.of())) {
            first.start();
            killed = first.pid();
            first.kill();
            lockFile = first.database().resolveSibling("cached_files.db.lock");
            assertTrue(Files.readString(lockFile).contains("pid=" + killed), "the file stays, the lock is gone");
            try (LaunchedService next = new LaunchedService(home.resolve("next"), sameBooks(first))) {
                next.start();
                assertEquals(200, next.send("GET", "/health", null).statusCode());
                assertTrue(Files.readString(lockFile).contains("pid=" + next.pid()), Files.readString(lockFile));
            }
        }
    }

    private static Map<String, String> sameBooks(LaunchedService first) {
        return Map.of("CACHERR_DB_PATH", first.database().toString(), "CACHERR_ARRAY_ROOTS",
                first.arrayRoot().toString(), "CACHERR_CACHE_ROOT", first.cacheRoot().toString());
    }
}
