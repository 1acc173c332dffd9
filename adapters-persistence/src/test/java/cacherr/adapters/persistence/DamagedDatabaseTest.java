package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.StoreUnhealthyException;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.query.FileFilter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of the current version that is damaged, deleted, replaced or forbidden: refused at start with words and
 * its bytes untouched, or, met while running, reported as the store's health with every later write refused.
 */
class DamagedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aCurrentDatabaseWithADamagedDataPageIsRefusedAtStartWithoutChangingAByte() throws Exception {
        Path file = booksWithFiles(20);
        damageTheFilesTable(file);
        String before = sha256(file);

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> SqlitePersistence.open(PersistenceSettings.of(file)).close());

        assertTrue(refused.getMessage().contains("is damaged"), refused.getMessage());
        assertTrue(refused.getMessage().contains("quick_check"), refused.getMessage());
        assertTrue(refused.getMessage().contains("left untouched"), refused.getMessage());
        assertEquals(before, sha256(file), "not a byte of the damaged file changed");
        Path log = Path.of(file + "-wal");
        assertTrue(!Files.exists(log) || Files.size(log) == 0, "nothing was written to the write-ahead log either");
    }

    @Test
    void damageMetWhileRunningMakesTheStoreUnhealthyAndRefusesEveryLaterWrite() throws Exception {
        Path file = booksWithFiles(20);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            assertTrue(books.health().problem().isEmpty());
            // The pool's connections have not read the files table yet, so the next read meets the damage on disk.
            damageTheFilesTable(file);

            StoreUnhealthyException read = assertThrows(StoreUnhealthyException.class,
                    () -> books.transactions().readOnly(() -> books.files().list(FileFilter.FIRST_PAGE)));
            assertTrue(read.getMessage().contains("is damaged"), read.getMessage());
            String problem = books.health().problem().orElseThrow();
            assertTrue(problem.contains("is damaged") && problem.contains("restore a backup"), problem);

            // A write that would only touch sound pages (the audit log) is refused too, before it begins.
            StoreUnhealthyException write = assertThrows(StoreUnhealthyException.class,
                    () -> books.transactions().inTransaction(() -> books.journal().pruneBefore(java.time.Instant.EPOCH)));
            assertTrue(write.getMessage().contains("is damaged") && write.getMessage().contains("Nothing was written"),
                    write.getMessage());
        }
    }

    @Test
    void aDatabaseDeletedWhileRunningIsReportedAndNothingMoreIsWrittenIntoIt() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            books.files().save(aFile("f1").path("movies/One.mkv").build());
            Files.delete(file);

            String problem = books.health().problem().orElseThrow();
            assertTrue(problem.contains("was deleted or moved away"), problem);
            CachedFile another = aFile("f2").path("movies/Two.mkv").build();
            StoreUnhealthyException refused = assertThrows(StoreUnhealthyException.class,
                    () -> books.files().save(another));
            assertTrue(refused.getMessage().contains("was deleted or moved away"), refused.getMessage());
            assertTrue(books.files().findById(new FileId("f1")).isPresent(), "reads still answer from the open file");
        }
    }

    @Test
    void aDatabaseReplacedWhileRunningIsReportedAndTheNewFileIsNotWrittenByTheOldConnections() throws Exception {
        Path file = dir.resolve("books.db");
        Path other = booksWithFiles(3);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            books.files().save(aFile("f1").path("movies/One.mkv").build());
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String replacement = sha256(file);

            StoreUnhealthyException refused = assertThrows(StoreUnhealthyException.class,
                    () -> books.files().save(aFile("f2").path("movies/Two.mkv").build()));
            assertTrue(refused.getMessage().contains("was replaced by another file"), refused.getMessage());
            assertTrue(books.health().problem().orElseThrow().contains("Restart Cacherr"));
            assertEquals(replacement, sha256(file));
        }
    }

    /**
     * As root, permission bits stop nothing, so the file is made immutable ({@code chattr +i}): even root then gets
     * EPERM when it opens it for writing. Skipped, with a message, where chattr is refused.
     */
    @Test
    void aDatabaseThatCannotBeWrittenIsRefusedAsPermissionDeniedNotAsUnreadable() throws Exception {
        Path file = booksWithFiles(3);
        String before = sha256(file);
        Assumptions.assumeTrue(run("chattr", "+i", file.toString()) == 0,
                "cannot make " + file + " immutable (chattr +i needs root and a file system that supports it)");
        try {
            DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                    () -> SqlitePersistence.open(PersistenceSettings.of(file)).close());
            assertTrue(refused.getMessage().startsWith("permission denied"), refused.getMessage());
            assertTrue(refused.getMessage().contains("cannot write the database"), refused.getMessage());
            assertFalse(refused.getMessage().contains("not a readable SQLite database"), refused.getMessage());
        } finally {
            run("chattr", "-i", file.toString());
        }
        assertEquals(before, sha256(file));
    }

    /** A database of the current version with {@code count} files, closed (its log checkpointed into the file). */
    private Path booksWithFiles(int count) {
        Path file = dir.resolve("books-" + count + ".db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            for (int i = 0; i < count; i++) {
                db.bookkeeping().files().save(aFile(String.format("f%03d", i))
                        .path("tv/Show " + i + "/Episode " + i + ".mkv").build());
            }
        }
        assertFalse(Files.exists(Path.of(file + "-wal")), "the log was checkpointed and removed at close");
        return file;
    }

    /** Overwrites the root (here the only data) page of {@code cached_files} with a byte pattern. */
    static void damageTheFilesTable(Path file) throws Exception {
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

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void aDatabaseTooLargeToCheckBeforeServingIsCheckedRightAfterWithWritesHeldAndRefusedForGoodWhenDamaged()
            throws Exception {
        Path file = booksWithFiles(20);
        damageTheFilesTable(file);
        String before = sha256(file);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file), 0)) {
            Bookkeeping books = db.bookkeeping();
            assertTrue(db.checkPending());
            assertTrue(books.health().pending().orElseThrow().contains("is being checked after start-up"));
            cacherr.application.port.out.StoreUnavailableException held = assertThrows(
                    cacherr.application.port.out.StoreUnavailableException.class,
                    () -> books.journal().pruneBefore(java.time.Instant.EPOCH));
            assertTrue(held.getMessage().contains("writes are refused until it has passed"), held.getMessage());

            boolean[] recovered = {false};
            assertFalse(db.completeStartup(() -> recovered[0] = true));

            assertFalse(recovered[0], "no recovery writes into a damaged file");
            String problem = books.health().problem().orElseThrow();
            assertTrue(problem.contains("is damaged") && problem.contains("quick_check"), problem);
            assertThrows(StoreUnhealthyException.class, () -> books.journal().pruneBefore(java.time.Instant.EPOCH));
            assertEquals(before, sha256(file), "nothing was written while the check ran");
        }
    }

    @Test
    void aSoundDatabaseCheckedAfterStartUpTakesTheRecoveryWritesFirstAndThenEveryWrite() {
        Path file = booksWithFiles(3);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file), 0)) {
            Bookkeeping books = db.bookkeeping();
            assertThrows(cacherr.application.port.out.StoreUnavailableException.class,
                    () -> books.files().save(aFile("x").path("movies/X.mkv").build()));

            assertTrue(db.completeStartup(() -> books.files().save(aFile("r").path("movies/R.mkv").build())));

            assertTrue(books.files().findById(new FileId("r")).isPresent(), "recovery wrote during the hold");
            books.files().save(aFile("x").path("movies/X.mkv").build());
            assertFalse(db.checkPending());
            assertTrue(books.health().pending().isEmpty() && books.health().problem().isEmpty());
        }
    }
}
