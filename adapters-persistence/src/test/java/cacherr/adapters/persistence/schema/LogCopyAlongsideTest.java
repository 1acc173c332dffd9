package cacherr.adapters.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.DatabaseRefusedException;
import cacherr.adapters.persistence.MigrationProgress;
import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit log of an adoption copied on two threads (LogCopyAlongside: the later rows read from the run's backup copy
 * into a scratch database, then moved into the migration's table) ends as the copy on one thread makes it: every table
 * of the adopted file the same, row by row with its rowid, whatever happens to the second thread's copy. Faults are
 * real where they can be (a scratch name taken, another program's write) and injected through the copy's hook where
 * they cannot (a failure after a part).
 */
class LogCopyAlongsideTest {
    private static final int FILES = 300;
    private static final int LOG_ROWS = 30_000;

    @TempDir
    static Path shared;
    private static Path original;
    private static Map<String, List<String>> onOneThread;

    @TempDir
    Path dir;
    private final AtomicInteger parts = new AtomicInteger();

    /** The original, with gaps in its log's rowids around where the threads split it, adopted on one thread. */
    @BeforeAll
    static void adoptOnOneThread() throws Exception {
        original = shared.resolve("original.db");
        new OriginalDatabase(FILES, LOG_ROWS, 23).writeTo(original);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original); Statement s = c.createStatement()) {
            long split = (long) (LOG_ROWS * LogCopyAlongside.OWN_SHARE);
            s.executeUpdate("DELETE FROM cache_operations_log WHERE rowid BETWEEN " + (split - 50) + " AND "
                    + (split + 50) + " OR rowid % 997 = 0 OR rowid = " + LOG_ROWS);
        }
        LogCopyAlongside.minRows = Long.MAX_VALUE;
        try {
            onOneThread = books(adopted("one-thread", progress -> { }));
        } finally {
            LogCopyAlongside.minRows = LogCopyAlongside.MIN_ROWS;
        }
        assertTrue(onOneThread.get("cache_operations_log").size() > LOG_ROWS * 9 / 10);
    }

    @BeforeEach
    void twoThreadsForASmallLog() {
        LogCopyAlongside.minRows = 0;
        LogCopyAlongside.cores = 2; // also where the tests run on one core
        LogCopyAlongside.afterPart = rows -> parts.incrementAndGet();
        LogCopyAlongside.usableSpace = database -> Long.MAX_VALUE; // wherever the tests run
    }

    @AfterEach
    void settingsAsTheyWere() {
        LogCopyAlongside.minRows = LogCopyAlongside.MIN_ROWS;
        LogCopyAlongside.cores = Runtime.getRuntime().availableProcessors();
        LogCopyAlongside.afterPart = rows -> { };
        LogCopyAlongside.usableSpace = LogCopyAlongside::usableSpaceBeside;
    }

    @Test
    void theLogCopiedOnTwoThreadsIsTheLogCopiedOnOne() throws Exception {
        Path file = adoptedHere(progress -> { });
        assertTrue(parts.get() > 0, "the second thread copied the later rows");
        assertEquals(onOneThread, books(file));
        assertNoScratchNorThread(file);
    }

    @Test
    void aSecondThreadThatFailsLeavesItsRowsToTheMigration() throws Exception {
        LogCopyAlongside.afterPart = rows -> {
            parts.incrementAndGet();
            throw new IllegalStateException("injected failure after " + rows + " rows");
        };
        Path file = dir.resolve("cached_files.db");
        Path scratch = LogCopyAlongside.scratch(file);
        List<Boolean> scratchAtLogReports = new ArrayList<>();
        Files.copy(original, file);
        SchemaMigrator.migrate(file, true, progress -> {
            if (progress.stepName().endsWith("audit log rows")) scratchAtLogReports.add(Files.exists(scratch));
        });
        assertEquals(1, parts.get(), "the second thread failed after its first part");
        assertEquals(onOneThread, books(file));
        assertEquals(false, scratchAtLogReports.get(scratchAtLogReports.size() - 1),
                "the failed copy's space was given back before this thread copied its rows");
        assertNoScratchNorThread(file);
    }

    /** Less room beside the file than the migration and a second copy could take: the log is copied on one thread. */
    @Test
    void aDiskWithoutRoomForASecondCopyLeavesTheLogToOneThread() throws Exception {
        LogCopyAlongside.usableSpace = database -> 2 * database.toFile().length() - 1;
        Path file = adoptedHere(progress -> { });
        assertEquals(0, parts.get(), "no second thread");
        assertEquals(onOneThread, books(file));
    }

    /** A directory with someone's file in it where the scratch database would be: no scratch, nothing of theirs lost. */
    @Test
    void aScratchNameTakenByADirectoryLeavesTheRowsToTheMigration() throws Exception {
        Path file = dir.resolve("cached_files.db");
        Path taken = LogCopyAlongside.scratch(file);
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("notes.txt"), "not Cacherr's");
        Files.copy(original, file);
        SchemaMigrator.migrate(file);
        assertEquals(0, parts.get(), "the second thread never copied a part");
        assertEquals(onOneThread, books(file));
        assertEquals("not Cacherr's", Files.readString(taken.resolve("notes.txt")));
    }

    /** A link where the scratch database would be: the link is removed, what it points to is never opened. */
    @Test
    void aLinkAtTheScratchNameIsRemovedNotFollowed() throws Exception {
        Path file = dir.resolve("cached_files.db");
        Path theirs = dir.resolve("theirs.txt");
        Files.writeString(theirs, "not Cacherr's");
        Files.createSymbolicLink(LogCopyAlongside.scratch(file), theirs);
        Files.copy(original, file);
        SchemaMigrator.migrate(file);
        assertTrue(parts.get() > 0, "the second thread copied into a scratch of its own");
        assertEquals(onOneThread, books(file));
        assertEquals("not Cacherr's", Files.readString(theirs));
        assertNoScratchNorThread(file);
    }

    /** A scratch database left by a run that died, holding rows that are no log's: made anew, none of them kept. */
    @Test
    void aScratchLeftByARunThatDiedIsMadeAnew() throws Exception {
        Path file = dir.resolve("cached_files.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + LogCopyAlongside.scratch(file));
             Statement s = c.createStatement()) {
            s.execute(V3CanonicalTables.LOG_TABLE);
            s.executeUpdate("INSERT INTO new_cache_operations_log VALUES ('left', 'cache', '/left/over', 'x', NULL,"
                    + " 'from a run that died', 1, NULL, NULL, '2026-01-01T00:00:00+00:00')");
        }
        Files.copy(original, file);
        SchemaMigrator.migrate(file);
        assertTrue(parts.get() > 0, "the second thread copied the later rows");
        assertEquals(onOneThread, books(file));
        assertNoScratchNorThread(file);
    }

    /**
     * Another program edits a later row and adds one after the backup copy was made and before step 3 holds the write
     * lock: the file's header moved, so the whole log is copied from the file (the backup lacks both).
     */
    @Test
    void aWriteAfterTheBackupIsCopiedFromTheFile() throws Exception {
        Path file = originalHere();
        List<String> written = new ArrayList<>();
        SchemaMigrator.migrate(file, true, progress -> {
            if (!progress.stepName().equals("backup copy") || !progress.finished() || !written.isEmpty()) return;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = other.createStatement()) {
                s.executeUpdate("UPDATE cache_operations_log SET reason = 'edited after the backup'"
                        + " WHERE rowid = (SELECT max(rowid) FROM cache_operations_log)");
                s.executeUpdate("INSERT INTO cache_operations_log (id, operation_type, file_path, triggered_by,"
                        + " reason, success, timestamp) VALUES ('added-after-backup', 'cache', '/media/late.mkv',"
                        + " 'test', 'added after the backup', 1, '2026-11-30T12:00:00+00:00')");
                written.add("written");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(List.of("written"), written);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> last = rows(s, "SELECT id, reason FROM cache_operations_log WHERE rowid >= "
                    + "(SELECT max(rowid) - 1 FROM cache_operations_log) ORDER BY rowid");
            assertEquals(2, last.size(), last.toString());
            assertTrue(last.get(0).endsWith("|edited after the backup"), last.toString());
            assertEquals("added-after-backup|added after the backup", last.get(1));
            assertEquals(onOneThread.get("cache_operations_log").size() + 1,
                    rows(s, "SELECT rowid FROM cache_operations_log").size());
        }
        assertEquals(0, parts.get(), "no second thread read the stale backup");
    }

    /**
     * A migration stopped in step 3 while the second thread copies (it is waited for), or after the rows were moved in,
     * before the step's commit (the scratch is attached then): no thread, no scratch, and the next start adopts it.
     */
    @ParameterizedTest(name = "stopped {0}")
    @ValueSource(strings = {"in the log's copy", "after step 3's work"})
    void aMigrationStoppedInStep3LeavesNoThreadAndNoScratch(String where) throws Exception {
        Path file = originalHere();
        Predicate<MigrationProgress> at = where.startsWith("in")
                ? progress -> progress.stepName().endsWith("audit log rows")
                : progress -> progress.stepName().startsWith("v3 ") && progress.finished();
        assertThrows(DatabaseRefusedException.class, () -> SchemaMigrator.migrate(file, true, progress -> {
            if (at.test(progress)) throw new IllegalStateException("injected stop at " + progress.describe());
        }));
        // stopped in the copy, the second thread may or may not have copied a part yet: either way it has ended
        if (!where.startsWith("in")) assertTrue(parts.get() > 0, "the rows were moved in before the stop");
        assertNoScratchNorThread(file);
        SchemaMigrator.migrate(file);
        assertEquals(onOneThread, books(file));
        assertNoScratchNorThread(file);
    }

    /** Only a byte copy is the file's state: an original in WAL mode (backed up by SQLite's online copy) is not. */
    @Test
    void anOriginalInWalModeIsCopiedOnOneThread() throws Exception {
        Path file = originalHere();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
        }
        SchemaMigrator.migrate(file);
        assertEquals(0, parts.get());
        assertEquals(onOneThread.get("cache_operations_log"), books(file).get("cache_operations_log"));
    }

    private Path adoptedHere(Consumer<MigrationProgress> listener) throws Exception {
        Path file = originalHere();
        SchemaMigrator.migrate(file, true, listener);
        return file;
    }

    /** A copy of the original in this test's directory, where the service keeps its database. */
    private Path originalHere() throws Exception {
        Path file = dir.resolve("cached_files.db");
        Files.copy(original, file);
        return file;
    }

    private static Path adopted(String name, Consumer<MigrationProgress> listener) throws Exception {
        Path file = shared.resolve(name).resolve("cached_files.db");
        Files.createDirectories(file.getParent());
        Files.copy(original, file);
        SchemaMigrator.migrate(file, true, listener);
        return file;
    }

    private static void assertNoScratchNorThread(Path file) {
        assertFalse(Files.exists(LogCopyAlongside.scratch(file)), "the scratch database is deleted");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("cacherr-log-copy")),
                "the second thread ended with the step");
    }

    /**
     * Every table's rows in storage order with their rowids (where they have one), each value quoted with its type;
     * left out: the adoption's time of day and the books' stamp, drawn anew by each run.
     */
    private static Map<String, List<String>> books(Path file) throws SQLException {
        Map<String, List<String>> books = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : rows(s, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
                List<String> columns = new ArrayList<>();
                for (String column : rows(s, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid")) {
                    if (!column.equals("adopted_at") && !column.equals("books_stamp")) {
                        columns.add("quote(\"" + column + "\")");
                    }
                }
                boolean withoutRowid = !rows(s, "SELECT 1 FROM sqlite_schema WHERE name = '" + table
                        + "' AND sql LIKE '%WITHOUT ROWID%'").isEmpty();
                String select = "SELECT " + (withoutRowid ? "" : "rowid, ") + String.join(", ", columns)
                        + " FROM \"" + table + "\"";
                books.put(table, columns.isEmpty() ? List.of() : rows(s, select));
            }
            books.put("(definitions)", rows(s, "SELECT type || ' ' || name || ': ' || coalesce(sql, '')"
                    + " FROM sqlite_schema ORDER BY rowid"));
        }
        return books;
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) row.append(i == 1 ? "" : "|").append(r.getString(i));
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
