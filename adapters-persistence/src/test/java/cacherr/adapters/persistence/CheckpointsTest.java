package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes never checkpoint the write-ahead log themselves: a request's commit does not pay for copying pages a prune
 * batch wrote, and no writer waits behind that copy. The checkpoint thread does it, for whatever was written since its
 * last round, and the log is cut back when SQLite starts it over.
 */
class CheckpointsTest {
    /** SQLite's automatic checkpoint starts at 1,000 pages: a log past this size was never checkpointed by a write. */
    private static final long PAST_AUTOMATIC = 2 * ConnectionPool.WAL_SIZE_LIMIT_BYTES;

    @TempDir
    Path dir;

    @Test
    void writersLeaveTheLogToTheCheckpointThreadWhichCopiesItAllAndTheLogIsCutBack() throws Exception {
        Path file = dir.resolve("books.db");
        Path wal = Path.of(file + "-wal");
        int written = 0;
        try (SqlitePersistence db = SqlitePersistence.openCheckpointingOnRequest(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            // one transaction per file, as requests write: with SQLite's automatic checkpoint on, the log would be
            // copied back and started over at 1,000 pages (~4 MB) and never reach this size
            while (walBytes(wal) <= PAST_AUTOMATIC) {
                assertTrue(written < 10_000, "the log stopped growing: a writer checkpointed it (" + walBytes(wal)
                        + " bytes after " + written + " files)");
                books.files().save(aFile(String.format("f%05d", written))
                        .path("tv/Show " + (written % 9) + "/Season 1/E" + written + ".mkv")
                        .cachedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(written))
                        .user(new UserId("user" + (written % 4))).build());
                written++;
            }

            Optional<Checkpoints.Result> round = db.checkpoints().runIfWritten();

            assertTrue(round.isPresent(), "something was written since the last round");
            assertFalse(round.get().busy());
            assertTrue(round.get().logFrames() > 4 * 1000, "pages past 4 x the automatic threshold: " + round.get());
            assertEquals(round.get().logFrames(), round.get().checkpointedFrames(), "no reader held any of it back");
            assertTrue(books.files().findById(new FileId("f00000")).isPresent());
            assertEquals(Optional.empty(), db.checkpoints().runIfWritten(), "a read is no reason for a round");

            books.files().save(aFile("one-more").path("movies/One More (2026).mkv").user(new UserId("user1")).build());

            assertTrue(Files.size(wal) <= ConnectionPool.WAL_SIZE_LIMIT_BYTES, "the log, started over after the"
                    + " complete checkpoint, was cut back: " + Files.size(wal) + " bytes");
            assertTrue(db.checkpoints().runIfWritten().isPresent(), "the write is due for the next round");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT (SELECT count(*) FROM cached_files), "
                     + "(SELECT integrity_check FROM pragma_integrity_check)")) {
            rows.next();
            assertEquals(written + 1, rows.getInt(1));
            assertEquals("ok", rows.getString(2));
        }
    }

    private static long walBytes(Path wal) throws Exception {
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
