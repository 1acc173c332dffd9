package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another connection (as another process would) holds the write lock: a write waits for it, then says so. */
class LockedByAnotherProcessTest {
    @TempDir
    Path dir;
    private SqlitePersistence db;
    private Bookkeeping books;
    private Connection other;

    @BeforeEach
    void open() throws Exception {
        Path file = dir.resolve("books.db");
        db = SqlitePersistence.open(new PersistenceSettings(file, 2, Duration.ofMillis(700)));
        books = db.bookkeeping();
        books.files().save(aFile("before").build());
        other = DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @AfterEach
    void close() throws Exception {
        other.close();
        db.close();
    }

    @Test
    void aWriteWaitsOutALockReleasedWithinTheBusyTimeout() throws Exception {
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> books.transactions().run(() -> {
                books.files().findById(new FileId("before")).orElseThrow(); // reads first, then writes
                books.files().save(aFile("after").build());
            }));
            Thread.sleep(300);
            lock.execute("COMMIT");
            write.get(10, TimeUnit.SECONDS);
        }
        assertTrue(books.files().findById(new FileId("after")).isPresent());
    }

    @Test
    void aLockHeldPastTheBusyTimeoutIsStoreUnavailableAndChangesNothing() throws Exception {
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
