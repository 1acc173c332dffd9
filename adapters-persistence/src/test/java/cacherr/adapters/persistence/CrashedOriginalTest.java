package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.InterruptedMigrationTest.books;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An original whose service died in the middle of a write: its file holds pages of the unfinished transaction and a
 * hot {@code -journal} beside it holds them as they were committed (or, in WAL mode, its {@code -wal} holds committed
 * pages not yet checkpointed). The adoption backs the pair up as it is, lets SQLite recover the file and ends at the
 * very books the adoption of the committed original gives; a journal that does not roll back is refused with words and
 * nothing touched; a start that stops (a full disk, a process that dies) leaves what the next start adopts.
 */
class CrashedOriginalTest {
    private static final String JOURNAL = "-journal";
    @TempDir
    static Path shared;
    /** The original as its last commit left it, and its adoption's books. */
    private static Path committed;
    private static Map<String, List<String>> committedBooks;
    /** The same original after the service died in a write that had spilled pages into the file. */
    private static Path crashed;

    @TempDir
    Path dir;

    @BeforeAll
    static void killTheOriginalServiceInTheMiddleOfAWrite() throws Exception {
        Path source = shared.resolve("source/cached_files.db");
        new OriginalDatabase(300, 3_000, 21).writeTo(source);
        committed = shared.resolve("committed/cached_files.db");
        Files.createDirectories(committed.getParent());
        Files.copy(source, committed);
        crashed = shared.resolve("crashed/cached_files.db");
        Files.createDirectories(crashed.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = 5"); // pages: the write spills into the file before it commits
            s.execute("BEGIN");
            s.executeUpdate("UPDATE cached_files SET status = 'removed', metadata = NULL");
            s.executeUpdate("DELETE FROM cache_operations_log WHERE rowid % 2 = 0");
            // the service dies here: the file and its journal as they are now are what the user has
            Files.copy(source, crashed);
            Files.copy(journalOf(source), journalOf(crashed));
            s.execute("ROLLBACK");
        }
        assertNotEquals(-1L, Files.mismatch(committed, crashed), "the file holds pages of the unfinished write");
        Path adopted = shared.resolve("adopted/cached_files.db");
        Files.createDirectories(adopted.getParent());
        Files.copy(committed, adopted);
        SchemaMigrator.migrate(adopted);
        committedBooks = books(adopted);
    }

    @Test
    void anOriginalLeftInTheMiddleOfAWriteIsRolledBackAndAdoptedAndItsBackupRestoresToTheSameBooks() throws Exception {
        Path file = crashedCopy(dir);
        assertTrue(SchemaMigrator.needsMigration(file), "the stand-in server tells the progress");

        SchemaMigrator.migrate(file);

        assertEquals(committedBooks, books(file));
        Path backup = onlyBackup(dir);
        assertArrayEquals(Files.readAllBytes(crashed), Files.readAllBytes(backup), "the file's bytes as they were");
        assertArrayEquals(Files.readAllBytes(journalOf(crashed)), Files.readAllBytes(journalOf(backup)),
                "its journal's bytes as they were");
        assertEquals(Set.of("cached_files.db", backup.getFileName().toString(), backup.getFileName() + JOURNAL),
                names(dir), "no journal left beside the file, no copy of the recovery check, no part of a copy");

        // the user restores the pair (the journal renamed with the file) and adopts it again
        Path restored = dir.resolve("restored/cached_files.db");
        Files.createDirectories(restored.getParent());
        Files.copy(backup, restored);
        Files.copy(journalOf(backup), journalOf(restored));
        SchemaMigrator.migrate(restored);
        assertEquals(committedBooks, books(restored));
    }

    @Test
    void aJournalWithoutAJournalHeaderIsRefusedWithWordsAndNothingIsTouched() throws Exception {
        Path file = crashedCopy(dir);
        try (RandomAccessFile journal = new RandomAccessFile(journalOf(file).toFile(), "rw")) {
            journal.write(new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A});
        }
        byte[] fileBefore = Files.readAllBytes(file);
        byte[] journalBefore = Files.readAllBytes(journalOf(file));

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> SchemaMigrator.migrate(file));

        assertTrue(refused.getMessage().contains("in the middle of a write")
                && refused.getMessage().contains("its journal is damaged")
                && refused.getMessage().contains("left untouched"), refused.getMessage());
        assertFalse(refused.getMessage().contains("not a readable SQLite database"), refused.getMessage());
        assertUntouched(file, fileBefore, journalBefore);
    }

    /** A record's first bytes are outside its checksum: SQLite plays the damaged page back, the check finds it. */
    @Test
    void aJournalThatRollsBackToADamagedFileIsRefusedAfterTheCheckOnACopyAndNothingIsTouched() throws Exception {
        Path file = crashedCopy(dir);
        try (RandomAccessFile journal = new RandomAccessFile(journalOf(file).toFile(), "rw")) {
            journal.seek(firstRecord(journalOf(file)) + 4);
            byte[] junk = new byte[64];
            Arrays.fill(junk, (byte) 0x5A);
            journal.write(junk);
        }
        byte[] fileBefore = Files.readAllBytes(file);
        byte[] journalBefore = Files.readAllBytes(journalOf(file));

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> SchemaMigrator.migrate(file));

        assertTrue(refused.getMessage().contains("tried on a copy")
                && refused.getMessage().contains("left untouched"), refused.getMessage());
        assertUntouched(file, fileBefore, journalBefore);
    }

    @Test
    void aDiskFullDuringTheBackupCopyLeavesThePairAsItWasAndTheNextStartAdoptsIt() throws Exception {
        Path file = crashedCopy(dir);
        byte[] fileBefore = Files.readAllBytes(file);
        byte[] journalBefore = Files.readAllBytes(journalOf(file));

        int[] reports = {0};
        RuntimeException full = assertThrows(RuntimeException.class, () -> SchemaMigrator.migrate(file, true, p -> {
            // the journal's copy is complete (its last report), the file's has begun (its first)
            if (p.stepName().equals("backup copy: pages copied") && p.done() > 0 && ++reports[0] == 2) {
                throw new IllegalStateException("injected: No space left on device");
            }
        }));

        assertTrue(full.getMessage().contains("No space left"), full.toString());
        assertUntouched(file, fileBefore, journalBefore);
        SchemaMigrator.migrate(file);
        assertEquals(committedBooks, books(file));
        onlyBackup(dir);
    }

    /**
     * The process dies after the backup, while SQLite writes the journal's pages back (here: after the first one):
     * the next start finishes the rollback, adopts the committed books and keeps the first backup, which is still the
     * pair as it was.
     */
    @Test
    void aStartThatDiedInTheRollbackIsFinishedByTheNextOneWithTheFirstBackup() throws Exception {
        Path file = crashedCopy(dir);
        assertThrows(IllegalStateException.class, () -> SchemaMigrator.migrate(file, true, p -> {
            if (p.stepName().equals("rollback")) throw new IllegalStateException("injected: the process dies");
        }));
        writeBackTheFirstPage(file);

        SchemaMigrator.migrate(file);

        assertEquals(committedBooks, books(file));
        Path backup = onlyBackup(dir);
        assertArrayEquals(Files.readAllBytes(crashed), Files.readAllBytes(backup));
        assertArrayEquals(Files.readAllBytes(journalOf(crashed)), Files.readAllBytes(journalOf(backup)));
    }

    /**
     * Another program (the original service started again, a sqlite3 shell) rolls the file back while the adoption
     * is about to try the rollback on a copy, or while it copies the pair (the journal already open): the adoption
     * ends at the committed books and every backup it made restores to them.
     */
    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"recovery check", "backup copy: pages copied"})
    void anotherProgramThatRollsTheFileBackMeanwhileChangesNeitherTheBooksNorTheBackup(String step) throws Exception {
        Path file = crashedCopy(dir);
        boolean[] rolledBack = {false};

        SchemaMigrator.migrate(file, true, p -> {
            if (!p.stepName().equals(step) || rolledBack[0]) return;
            rolledBack[0] = true;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = other.createStatement()) {
                s.executeQuery("SELECT count(*) FROM sqlite_master").close(); // SQLite rolls the journal back
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertFalse(Files.exists(journalOf(file)), "the other program rolled the file back");
        });

        assertTrue(rolledBack[0]);
        assertEquals(committedBooks, books(file));
        Path backup = onlyBackup(dir);
        Path restored = dir.resolve("restored/cached_files.db");
        Files.createDirectories(restored.getParent());
        Files.copy(backup, restored);
        if (Files.exists(journalOf(backup))) Files.copy(journalOf(backup), journalOf(restored));
        SchemaMigrator.migrate(restored);
        assertEquals(committedBooks, books(restored));
    }

    /**
     * A service in WAL mode that died leaves committed pages in its {@code -wal} that the file lacks, with or without
     * its {@code -shm}: SQLite replays them, the backup (SQLite's online copy) holds them, the books are those of the
     * original with the log checkpointed.
     */
    @ParameterizedTest(name = "with its -shm: {0}")
    @ValueSource(booleans = {false, true})
    void anOriginalWhoseWalWasNotCheckpointedIsAdoptedWithTheWalsCommittedPages(boolean withShm) throws Exception {
        Path file = walOriginalThatDied(withShm);

        SchemaMigrator.migrate(file);

        assertEquals(books(checkpointedAndAdopted()), books(file));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + onlyBackup(file.getParent()));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM cache_operations_log")) {
            assertEquals(1_500, r.getLong(1), "the backup holds the -wal's committed deletion");
        }
    }

    /** Until its backup is complete the file and its {@code -wal} stay as they are: no checkpoint moves the pages. */
    @Test
    void aStartThatStopsBeforeTheBackupOfAWalOriginalLeavesItsFileAndWalAsTheyWere() throws Exception {
        Path file = walOriginalThatDied(false);
        Path wal = Path.of(file + "-wal");
        byte[] fileBefore = Files.readAllBytes(file);
        byte[] walBefore = Files.readAllBytes(wal);

        assertThrows(IllegalStateException.class, () -> SchemaMigrator.migrate(file, true, p -> {
            if (p.stepName().equals("backup copy")) throw new IllegalStateException("injected: No space left on device");
        }));

        assertArrayEquals(fileBefore, Files.readAllBytes(file), "not a byte of the file changed");
        assertArrayEquals(walBefore, Files.readAllBytes(wal), "not a byte of its -wal changed");
        SchemaMigrator.migrate(file);
        assertEquals(books(checkpointedAndAdopted()), books(file));
    }

    /** The original of a service in WAL mode that died after two commits, in {@code dir/crashed}. */
    private Path walOriginalThatDied(boolean withShm) throws Exception {
        Path source = dir.resolve("source/cached_files.db");
        new OriginalDatabase(300, 3_000, 21).writeTo(source);
        Path file = dir.resolve("crashed/cached_files.db");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.executeUpdate("UPDATE cached_files SET status = 'removed' WHERE rowid % 3 = 0");
            s.executeUpdate("DELETE FROM cache_operations_log WHERE rowid % 2 = 0");
            // the service dies here, its writes committed to the -wal only
            Files.copy(source, file);
            Files.copy(Path.of(source + "-wal"), Path.of(file + "-wal"));
            if (withShm) Files.copy(Path.of(source + "-shm"), Path.of(file + "-shm"));
        }
        assertTrue(Files.size(Path.of(file + "-wal")) > 0);
        return file;
    }

    /** The source of {@link #walOriginalThatDied}, closed (its -wal checkpointed into it), copied and adopted. */
    private Path checkpointedAndAdopted() throws Exception {
        Path checkpointed = dir.resolve("checkpointed/cached_files.db");
        Files.createDirectories(checkpointed.getParent());
        Files.copy(dir.resolve("source/cached_files.db"), checkpointed);
        SchemaMigrator.migrate(checkpointed);
        return checkpointed;
    }

    /** A copy of the crashed original and its hot journal, named as the service names them, in {@code folder}. */
    private static Path crashedCopy(Path folder) throws Exception {
        Path file = folder.resolve("cached_files.db");
        Files.copy(crashed, file);
        Files.copy(journalOf(crashed), journalOf(file));
        return file;
    }

    private static Path journalOf(Path file) {
        return Path.of(file + JOURNAL);
    }

    /** Where the journal's first record begins: after its header, which fills one sector. */
    private static long firstRecord(Path journal) throws Exception {
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(journal), 0, 28);
        return header.getInt(20) & 0xffffffffL;
    }

    /** What a rollback that died after one page leaves: the journal's first page written back into the file. */
    private static void writeBackTheFirstPage(Path file) throws Exception {
        ByteBuffer journal = ByteBuffer.wrap(Files.readAllBytes(journalOf(file)));
        int pageSize = journal.getInt(24);
        int record = (int) firstRecord(journalOf(file));
        int page = journal.getInt(record);
        byte[] content = Arrays.copyOfRange(journal.array(), record + 4, record + 4 + pageSize);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek((long) (page - 1) * pageSize);
            raw.write(content);
        }
        assertNotEquals(-1L, Files.mismatch(crashed, file), "the page written back changed the file");
    }

    private static void assertUntouched(Path file, byte[] fileBefore, byte[] journalBefore) throws Exception {
        assertArrayEquals(fileBefore, Files.readAllBytes(file), "not a byte of the file changed");
        assertArrayEquals(journalBefore, Files.readAllBytes(journalOf(file)), "not a byte of its journal changed");
        assertEquals(Set.of(file.getFileName().toString(), file.getFileName() + JOURNAL), names(file.getParent()),
                "no backup, no copy of the recovery check, no part of a copy left");
    }

    private static Set<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path onlyBackup(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> copies = files.filter(p -> p.getFileName().toString().endsWith(".bak")).toList();
            assertEquals(1, copies.size(), copies.toString());
            return copies.get(0);
        }
    }
}
