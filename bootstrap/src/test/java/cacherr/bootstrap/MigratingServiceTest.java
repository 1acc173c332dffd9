package cacherr.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.MigrationProgress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While an original Cacherr's database is migrated at start-up, the port answers (issue 15, item 3): {@code /health}
 * says "migrating" with the progress, an API route answers 503 with the words, the page says the database is being
 * upgraded; afterwards the real server answers on the same port. A port already taken fails before the migration.
 * The migration is held mid-way by a latch in the start-up's migration seam: nothing here waits on time.
 */
class MigratingServiceTest {
    @TempDir
    Path home;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whileTheDatabaseIsMigratedHealthSaysSoAndTheApiAnswers503() throws Exception {
        Path db = originalDatabase();
        int port = freePort();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<MigrationProgress> holdAtStep4 = progress -> {
            if (progress.step() == 4 && !progress.finished() && reached.getCount() > 0) {
                reached.countDown();
                await(release);
            }
        };
        Configuration config = config(db, port);
        CompletableFuture<Service> starting = CompletableFuture.supplyAsync(() -> Service.start(config, holdAtStep4));
        try {
            assertTrue(reached.await(5, TimeUnit.MINUTES), "the migration reached step 4"); // a bound, not a timing

            HttpResponse<String> health = get(port, "/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"migrating\""), health.body());
            assertTrue(health.body().contains("\"percent\":"), health.body());
            assertTrue(health.body().contains("step 4/"), health.body());
            assertTrue(health.body().contains("Cacherr is upgrading its database: "), health.body());

            HttpResponse<String> files = get(port, "/api/cached/files?limit=5");
            assertEquals(503, files.statusCode());
            assertTrue(files.body().contains("Cacherr is upgrading its database: "), files.body());
            assertTrue(files.body().contains("% done"), files.body());
            assertEquals("5", files.headers().firstValue("Retry-After").orElse(""));

            HttpResponse<String> page = get(port, "/cached");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Cacherr is upgrading its database"), page.body());
        } finally {
            release.countDown();
        }
        try (Service service = starting.get(5, TimeUnit.MINUTES)) {
            assertEquals(port, service.port());
            HttpResponse<String> health = get(port, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"healthy\""), health.body());
            assertSearchFinds(port, "Heat", "/mnt/user/movies/Heat.mkv", true);
        }
    }

    /**
     * An original whose service died in the middle of a write (a hot {@code -journal} beside it) is recovered behind
     * the stand-in server (it used to be refused as unreadable), and the service then serves what was committed.
     */
    @Test
    void anOriginalLeftInTheMiddleOfAWriteIsRolledBackBehindTheStandInServerAndServesWhatWasCommitted()
            throws Exception {
        Path source = originalDatabase();
        Path db = home.resolve("crashed/cached_files.db");
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = 5"); // pages: the write spills into the file before it commits
            s.execute("BEGIN");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                    + " INSERT INTO cached_files SELECT 'uuid-u' || i, '/mnt/user/tv/Uncommitted' || i || '.mkv', 'U'"
                    + " || i || '.mkv', '/mnt/user/tv/U' || i || '.mkv', '/mnt/cache/tv/U' || i || '.mkv', 'symlink',"
                    + " 1000 + i, '1 KB', '2025-09-03T21:15:42.123456+00:00', NULL, 0, 'alice', 'watchlist',"
                    + " 'active', NULL, '2025-09-03 21:15:42' FROM n");
            Files.copy(source, db); // the service dies here
            Files.copy(Path.of(source + "-journal"), Path.of(db + "-journal"));
            s.execute("ROLLBACK");
        }
        int port = freePort();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<MigrationProgress> holdAtTheRollback = progress -> {
            if (progress.stepName().equals("rollback") && reached.getCount() > 0) {
                reached.countDown();
                await(release);
            }
        };
        Configuration config = config(db, port);
        CompletableFuture<Service> starting = CompletableFuture.supplyAsync(() -> Service.start(config,
                holdAtTheRollback));
        try {
            while (!reached.await(50, TimeUnit.MILLISECONDS)) { // until the rollback is reached or the start ended
                assertFalse(starting.isDone(), () -> "the start ended before the rollback: "
                        + starting.handle((service, failure) -> String.valueOf(failure)).join());
            }
            HttpResponse<String> health = get(port, "/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"migrating\"") && health.body().contains("rollback"),
                    health.body());
        } finally {
            release.countDown();
        }
        try (Service service = starting.get(5, TimeUnit.MINUTES)) {
            assertSearchFinds(port, "Heat", "/mnt/user/movies/Heat.mkv", true);
            assertSearchFinds(port, "Uncommitted", "/mnt/user/tv/Uncommitted", false);
        }
        try (Stream<Path> files = Files.list(db.getParent())) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().contains(".crashed-")).count(),
                    "the file and its journal backed up as they were");
        }
    }

    @Test
    void aPortAlreadyTakenFailsBeforeTheOriginalDatabaseIsTouched() throws Exception {
        Path db = originalDatabase();
        byte[] before = Files.readAllBytes(db);
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> Service.start(config(db, taken.getLocalPort())));
            assertTrue(refused.getMessage().contains("cannot listen on"), refused.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(db), "the database was not migrated");
        try (Stream<Path> files = Files.list(db.getParent())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".bak")).count(), "nor backed up");
        }
    }

    @Test
    void anAdoptedDatabaseGetsItsPlannerStatisticsRightAfterStartUp() throws Exception {
        Path db = originalDatabase();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                    + " INSERT INTO cached_files SELECT 'uuid-x' || i, '/mnt/user/tv/E' || i || '.mkv', 'E' || i"
                    + " || '.mkv', '/mnt/user/tv/E' || i || '.mkv', '/mnt/cache/tv/E' || i || '.mkv', 'symlink',"
                    + " 1000 + i, '1 KB', '2025-09-03T21:15:42.123456+00:00', NULL, 0, 'alice', 'watchlist',"
                    + " 'active', NULL, '2025-09-03 21:15:42' FROM n");
        }
        try (Service service = Service.start(config(db, freePort()))) {
            // the housekeeping thread writes them after start-up, one index per transaction: waited for as a state
            // (every index of the three tables that hold rows analysed); the bound only ends a hung test
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!(analysed(db, "cached_files") && analysed(db, "cache_operations_log")
                    && analysed(db, "cached_file_users"))) {
                assertTrue(System.nanoTime() < deadline, "not every table's indexes analysed 300 s after start-up");
                Thread.sleep(50);
            }
        }
    }

    private static boolean analysed(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (var tables = s.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")) {
                if (!tables.next()) return false;
            }
            // every full index of the table has its row (analysed one per transaction, so some may still be missing;
            // a partial index with no entries, e.g. of failures, gets none)
            try (var rows = s.executeQuery("SELECT count(*) FROM sqlite_master m WHERE m.type = 'index'"
                    + " AND m.tbl_name = '" + table + "' AND (m.sql IS NULL OR m.sql NOT LIKE '% WHERE %')"
                    + " AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 st"
                    + " WHERE st.idx = m.name)")) {
                return rows.next() && rows.getLong(1) == 0;
            }
        }
    }

    private Configuration config(Path db, int port) throws Exception {
        Files.createDirectories(home.resolve("array"));
        Files.createDirectories(home.resolve("cache"));
        return Configuration.from(Map.of("CACHERR_PORT", Integer.toString(port), "CACHERR_DB_PATH", db.toString(),
                "CACHERR_ARRAY_ROOTS", home.resolve("array").toString(),
                "CACHERR_CACHE_ROOT", home.resolve("cache").toString()));
    }

    /** A small database as the original Cacherr writes it (REFERENCE-SCHEMA.md), user_version 0. */
    private Path originalDatabase() throws Exception {
        Path db = home.resolve("data/cached_files.db");
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cached_files (id TEXT PRIMARY KEY, file_path TEXT NOT NULL UNIQUE,"
                    + " filename TEXT NOT NULL, original_path TEXT NOT NULL, cached_path TEXT NOT NULL,"
                    + " cache_method TEXT NOT NULL, file_size_bytes INTEGER NOT NULL, file_size_readable TEXT NOT NULL,"
                    + " cached_at TIMESTAMP NOT NULL, last_accessed TIMESTAMP, access_count INTEGER DEFAULT 0,"
                    + " triggered_by_user TEXT, triggered_by_operation TEXT NOT NULL,"
                    + " status TEXT NOT NULL DEFAULT 'active', metadata TEXT,"
                    + " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("CREATE TABLE cached_file_users (cached_file_id TEXT NOT NULL, user_id TEXT NOT NULL,"
                    + " attribution_reason TEXT NOT NULL, added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (cached_file_id, user_id),"
                    + " FOREIGN KEY (cached_file_id) REFERENCES cached_files(id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE cache_operations_log (id TEXT PRIMARY KEY, operation_type TEXT NOT NULL,"
                    + " file_path TEXT NOT NULL, triggered_by TEXT NOT NULL, triggered_by_user TEXT,"
                    + " reason TEXT NOT NULL, success BOOLEAN NOT NULL, error_message TEXT, metadata TEXT,"
                    + " timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO cached_files VALUES ('uuid-1', '/mnt/user/movies/Heat.mkv', 'Heat.mkv',"
                    + " '/mnt/user/movies/Heat.mkv', '/mnt/cache/movies/Heat.mkv', 'symlink', 29300000000, '27.3 GB',"
                    + " '2025-09-03T21:15:42.123456+00:00', NULL, 0, 'alice', 'watchlist', 'active', NULL,"
                    + " '2025-09-03 21:15:42')");
            s.execute("INSERT INTO cached_file_users VALUES ('uuid-1', 'alice', 'watchlist',"
                    + " '2025-09-03T21:15:42.123456+00:00')");
            s.execute("INSERT INTO cache_operations_log VALUES ('log-1', 'cache_add', '/mnt/user/movies/Heat.mkv',"
                    + " 'watchlist', 'alice', 'on watchlist', 1, NULL, NULL, '2025-09-03T21:15:42.123456+00:00')");
        }
        return db;
    }

    /** A search of the list for {@code term} answers 200 and shows {@code path} (with {@code found} false: does not). */
    private void assertSearchFinds(int port, String term, String path, boolean found) throws Exception {
        HttpResponse<String> answer = get(port, "/api/cached/files?search=" + term);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(found, answer.body().contains(path), answer.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
