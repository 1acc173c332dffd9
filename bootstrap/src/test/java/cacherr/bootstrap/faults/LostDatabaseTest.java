package cacherr.bootstrap.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.DatabaseRefusedException;
import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.InProcessService;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service, in process, on real files, when its database is lost or damaged: deleted while it runs (it
 * stops writing and says so; the next start adopts the files it had swapped back into the new books), and damaged
 * before a start (refused with words, not a byte changed).
 */
class LostDatabaseTest {
    @TempDir
    Path home;

    @Test
    void aDatabaseDeletedWhileRunningStopsWritesAndTheNextStartAdoptsTheSwappedFilesBack() throws Exception {
        byte[] heat = "Heat, the whole film".getBytes();
        Path movie = write(home.resolve("array/movies/Heat.mkv"), heat);
        Path other = write(home.resolve("array/movies/Ronin.mkv"), "Ronin".getBytes());
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            Api api = service.api();
            assertEquals(201, api.cache(movie.toString(), "alice", "atomic_symlink").statusCode());
            assertEquals(200, api.send("GET", "/health", null).statusCode());

            Files.delete(service.database());

            HttpResponse<String> health = api.send("GET", "/health", null);
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("unhealthy") && health.body().contains("was deleted or moved away"),
                    health.body());
            HttpResponse<String> refused = api.cache(other.toString(), "alice", "atomic_symlink");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("was deleted or moved away"), refused.body());
            assertFalse(Files.isSymbolicLink(other), "nothing was swapped for a write the books could not keep");
            assertFalse(Files.exists(service.cacheRoot().resolve("movies/Ronin.mkv")));
        }
        assertTrue(Files.isSymbolicLink(movie), "the swap outlived the books");

        try (InProcessService service = InProcessService.start(home, Map.of())) {
            Api api = service.api();
            assertEquals(200, api.send("GET", "/health", null).statusCode());
            HttpResponse<String> listed = api.send("GET", "/api/cached/files", null);
            assertTrue(listed.body().contains("Heat.mkv") && listed.body().contains("\"active\""), listed.body());
            HttpResponse<String> log = api.send("GET", "/api/cached/operations", null);
            assertTrue(log.body().contains("cache_adopt") && log.body().contains("startup")
                    && log.body().contains("adopted"), "the audit log says the file was adopted: " + log.body());

            String id = Api.idOf(listed.body());
            HttpResponse<String> removed = api.send("DELETE", "/api/cached/files/" + id, null);
            assertEquals(200, removed.statusCode(), removed.body());
            assertFalse(Files.isSymbolicLink(movie));
            assertArrayEquals(heat, Files.readAllBytes(movie), "the original is back at its media path");
        }
    }

    /**
     * The books are lost and the cached copy is then edited through the cache (a tagger rewrote it): the next start
     * must not restore the original over the edit. The disk refuses the restore (the copy holds other data), so the
     * swap is adopted with both copies kept, and taking it off the cache asks which to keep; {@code keep_both} keeps
     * both: the original back at its media path, the edit beside it.
     */
    @Test
    void aStrandedSwapWhoseCopyWasEditedIsAdoptedWithBothCopiesKeptOnRealDisks() throws Exception {
        byte[] heat = "Heat, the whole film".getBytes();
        byte[] retagged = "Heat, the whole film, retagged by a tagger".getBytes();
        Path movie = write(home.resolve("array/movies/Heat.mkv"), heat);
        Path cached;
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            assertEquals(201, service.api().cache(movie.toString(), "alice", "atomic_symlink").statusCode());
            cached = service.cacheRoot().resolve("movies/Heat.mkv");
            assertTrue(Files.isSymbolicLink(movie) && Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS));
        }
        Files.delete(home.resolve("data/cached_files.db"));
        Files.write(cached, retagged); // through the cache: the symlink at the media path now shows the edit

        try (InProcessService service = InProcessService.start(home, Map.of())) {
            Api api = service.api();
            assertTrue(Files.isSymbolicLink(movie), "the original was not restored over the edited copy");
            assertArrayEquals(retagged, Files.readAllBytes(cached), "the edit is untouched");
            HttpResponse<String> listed = api.send("GET", "/api/cached/files", null);
            assertTrue(listed.body().contains("Heat.mkv") && listed.body().contains("\"active\""), listed.body());
            HttpResponse<String> log = api.send("GET", "/api/cached/operations", null);
            assertTrue(log.body().contains("cache_adopt") && log.body().contains("holds other data"),
                    "the audit log says why it was adopted rather than restored: " + log.body());
            assertFalse(log.body().contains("\"restored\""), log.body());

            String id = Api.idOf(listed.body());
            HttpResponse<String> asked = api.send("DELETE", "/api/cached/files/" + id, null);
            assertEquals(409, asked.statusCode(), asked.body());
            assertTrue(Files.isSymbolicLink(movie), "a refused uncache moves nothing");
            assertArrayEquals(retagged, Files.readAllBytes(cached));

            HttpResponse<String> kept = api.send("DELETE", "/api/cached/files/" + id, "{\"keep_both\": true}");
            assertEquals(200, kept.statusCode(), kept.body());
            assertFalse(Files.isSymbolicLink(movie));
            assertArrayEquals(heat, Files.readAllBytes(movie), "the original is back at its media path");
            Path keptCopy = cached.resolveSibling("Heat.mkv.cacherr-kept-copy");
            assertArrayEquals(retagged, Files.readAllBytes(keptCopy), "the edit is kept on the cache, renamed");
            assertFalse(Files.exists(cached, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedAtStartWithWordsAndNotAByteChanged() throws Exception {
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            Path movie = write(service.arrayRoot().resolve("movies/Heat.mkv"), new byte[100]);
            assertEquals(201, service.api().cache(movie.toString(), "alice", "atomic_copy").statusCode());
        }
        Path db = home.resolve("data/cached_files.db");
        damageTheFilesTable(db);
        String before = sha256(db);

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> InProcessService.start(home, Map.of()).close());

        assertTrue(refused.getMessage().contains("is damaged") && refused.getMessage().contains("restore a backup"),
                refused.getMessage());
        assertEquals(before, sha256(db));
    }

    private static Path write(Path file, byte[] content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Overwrites the root page of {@code cached_files} (with few rows, its only data page) with a byte pattern. */
    private static void damageTheFilesTable(Path file) throws Exception {
        long page;
        long pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement s = c.createStatement()) {
            pageSize = number(s, "PRAGMA page_size");
            page = number(s, "SELECT rootpage FROM sqlite_master WHERE name = 'cached_files'");
        }
        byte[] junk = new byte[(int) pageSize];
        Arrays.fill(junk, (byte) 0x5A);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek((page - 1) * pageSize);
            raw.write(junk);
        }
    }

    private static long number(Statement s, String sql) throws Exception {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
