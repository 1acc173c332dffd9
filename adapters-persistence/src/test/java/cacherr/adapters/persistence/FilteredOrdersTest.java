package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema v18: each operation's files in the list's order ({@code idx_files_operation_cached_at}) and each user's
 * files with the filtered columns ({@code user_files} made anew). The step, on a file of the version before, makes
 * the index and the table (filled from the attributions and their files), writes their planner statistics only where
 * the file has some (one index's statistics alone would keep the whole file from being analysed after start-up), and
 * run again changes nothing.
 */
class FilteredOrdersTest {
    private static final String INDEX = "idx_files_operation_cached_at";

    @TempDir
    Path dir;

    @Test
    void theStepMakesTheIndexAndItsStatisticsWhereTheFileHasSome() throws Exception {
        Path analysed = dir.resolve("analysed.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(analysed))) {
            MixedBooks.fill(db.bookkeeping().files());
            db.analyze();
        }
        toTheVersionBefore(analysed);
        SqlitePersistence.open(PersistenceSettings.of(analysed)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + analysed); Statement s = c.createStatement()) {
            assertEquals(SqlitePersistence.schemaVersion(), s.executeQuery("PRAGMA user_version").getInt(1));
            assertEquals(1, s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + INDEX + "'").getInt(1));
            assertEquals(1, s.executeQuery("SELECT count(*) FROM sqlite_stat1 WHERE idx = '" + INDEX + "'").getInt(1),
                    "its statistics written with the others'");
            assertTrue(s.executeQuery("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'idx_files_cached_at'")
                    .getInt(1) == 1, "the others' kept");
            assertEquals(1, s.executeQuery("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'idx_user_files_file'")
                    .getInt(1), "the table made anew analysed too");
            assertFilled(s);
        }

        Path fresh = dir.resolve("fresh.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(fresh))) {
            MixedBooks.fill(db.bookkeeping().files());
        }
        toTheVersionBefore(fresh);
        SqlitePersistence.open(PersistenceSettings.of(fresh)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh); Statement s = c.createStatement()) {
            assertEquals(1, s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + INDEX + "'").getInt(1));
            assertFalse(s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").getInt(1) > 0,
                    "a file without statistics has none afterwards, so it is still analysed as a whole");
            s.execute("PRAGMA user_version = " + (SqlitePersistence.schemaVersion() - 1)); // the step once more
        }
        SqlitePersistence.open(PersistenceSettings.of(fresh)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh); Statement s = c.createStatement()) {
            assertEquals(SqlitePersistence.schemaVersion(), s.executeQuery("PRAGMA user_version").getInt(1));
            assertEquals(1, s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + INDEX + "'").getInt(1));
            assertFilled(s);
        }
    }

    /** {@code user_files} holds each attribution once, with its file's columns. */
    private static void assertFilled(Statement s) throws Exception {
        long attributions = Twins.count(s, "SELECT count(*) FROM cached_file_users");
        assertTrue(attributions > 100, "attributions: " + attributions);
        assertEquals(attributions, Twins.count(s, "SELECT count(*) FROM user_files uf JOIN cached_files f"
                + " ON f.id = uf.file_id AND f.seq = uf.seq AND f.cached_at = uf.cached_at AND f.status = uf.status"
                + " AND f.triggered_by_operation = uf.operation AND f.file_size_bytes = uf.file_size_bytes"
                + " JOIN cached_file_users u ON u.cached_file_id = f.id AND u.user_id = uf.user_id"));
        assertEquals(attributions, Twins.count(s, "SELECT count(*) FROM user_files"));
    }

    /** The file as version 17 left it: no index of the operations' order, the users' rows without the filters. */
    private static void toTheVersionBefore(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP INDEX " + INDEX);
            s.execute("DROP TRIGGER trg_user_files_file");
            s.execute("DROP TABLE user_files");
            s.execute("CREATE TABLE user_files (user_id TEXT NOT NULL, cached_at TEXT NOT NULL, file_id TEXT NOT NULL,"
                    + " seq INTEGER NOT NULL, PRIMARY KEY (user_id, cached_at, file_id)) WITHOUT ROWID");
            s.execute("INSERT INTO user_files SELECT u.user_id, f.cached_at, f.id, f.seq FROM cached_file_users u"
                    + " JOIN cached_files f ON f.id = u.cached_file_id");
            s.execute("CREATE INDEX idx_user_files_file ON user_files (file_id, user_id)");
            if (s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").getInt(1) > 0) {
                s.execute("DELETE FROM sqlite_stat1 WHERE idx = '" + INDEX + "'");
            }
            s.execute("PRAGMA user_version = 17");
        }
    }
}
