package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.StoreUnavailableException;
import cacherr.domain.file.FileId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another connection (as another process would) holds the write lock: a write waits for it, then says so. */
class LockedByAnotherProcessTest {
    @TempDir
    Path dir;
    private SqlitePersistence db;
    private Bookkeeping books;
    private Connection other;

    /** The books with {@code busyTimeout}, one file in them, and another connection to the same file. */
    private void open(Duration busyTimeout) throws Exception {
        Path file = dir.resolve("books.db");
        db = SqlitePersistence.open(new PersistenceSettings(file, 2, busyTimeout));
        books = db.bookkeeping();
        books.files().save(aFile("before").build());
        other = DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @AfterEach
    void close() throws Exception {
        if (other != null) other.close();
        if (db != null) db.close();
    }

    @Test
    void aWriteWaitsOutALockReleasedWithinTheBusyTimeout() throws Exception {
        // A busy timeout no loaded machine comes near, and a release only once the writer is provably waiting for the
        // lock: nothing here depends on how fast either side runs.
        open(Duration.ofSeconds(120));
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<Void> write = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    books.transactions().run(() -> {
                        books.files().findById(new FileId("before")).orElseThrow();
                        books.files().save(aFile("after").build());
                    });
                    write.complete(null);
                } catch (RuntimeException e) {
                    write.completeExceptionally(e);
                }
            }, "writer");
            writer.start();
            // The unit of work's first statement takes SQLite's write lock; it cannot return while the lock is held.
            while (!waitingForTheLock(writer) && !write.isDone()) Thread.onSpinWait();
            assertFalse(write.isDone(), "the write waits for the lock instead of failing at once");
            lock.execute("COMMIT");
            write.get(120, TimeUnit.SECONDS);
        }
        assertTrue(books.files().findById(new FileId("after")).isPresent());
    }

    private static boolean waitingForTheLock(Thread writer) {
        List<StackTraceElement> stack = List.of(writer.getStackTrace());
        return stack.stream().anyMatch(frame -> frame.getMethodName().equals("takeWriteLock"))
                && stack.stream().anyMatch(frame -> frame.getClassName().startsWith("org.sqlite."));
    }

    @Test
    void aLockHeldPastTheBusyTimeoutIsStoreUnavailableAndChangesNothing() throws Exception {
        open(Duration.ofMillis(700));
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                    () -> books.transactions().run(() -> books.files().save(aFile("after").build())));
            assertTrue(refused.getMessage().contains("locked by another process"), refused.getMessage());
            assertEquals(1, books.transactions().readOnly(() -> books.files().statistics().totalFiles()),
                    "readers are not blocked by the writer");
            lock.execute("COMMIT");
        }
        assertTrue(books.files().findById(new FileId("after")).isEmpty());
    }
}
