package cacherr.bootstrap.configuration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.bootstrap.Configuration;
import cacherr.bootstrap.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured roots are checked before the database is opened (issue 15, item 3): a typo in a root is refused at
 * once, and an original database is neither backed up nor migrated first.
 */
class RootsBeforeMigrationTest {
    @TempDir
    Path home;

    @Test
    void aMissingRootIsRefusedBeforeAnOriginalDatabaseIsTouched() throws Exception {
        Path db = home.resolve("cached_files.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cached_files (id TEXT PRIMARY KEY, file_path TEXT NOT NULL UNIQUE,"
                    + " filename TEXT NOT NULL, original_path TEXT NOT NULL, cached_path TEXT NOT NULL,"
                    + " cache_method TEXT NOT NULL, file_size_bytes INTEGER NOT NULL, file_size_readable TEXT NOT NULL,"
                    + " cached_at TIMESTAMP NOT NULL, last_accessed TIMESTAMP, access_count INTEGER DEFAULT 0,"
                    + " triggered_by_user TEXT, triggered_by_operation TEXT NOT NULL,"
                    + " status TEXT NOT NULL DEFAULT 'active', metadata TEXT, created_at TIMESTAMP)");
            s.execute("PRAGMA user_version = 2");
        }
        byte[] before = Files.readAllBytes(db);
        Files.createDirectories(home.resolve("cache"));

        assertThrows(RuntimeException.class, () -> Service.start(Configuration.from(Map.of(
                "CACHERR_PORT", "65001", // never bound: start-up stops before
                "CACHERR_DB_PATH", db.toString(),
                "CACHERR_ARRAY_ROOTS", home.resolve("arary").toString(), // the typo: no such directory
                "CACHERR_CACHE_ROOT", home.resolve("cache").toString()))));

        assertArrayEquals(before, Files.readAllBytes(db), "the database was not migrated");
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".bak")).count(), "nor backed up");
        }
    }
}
