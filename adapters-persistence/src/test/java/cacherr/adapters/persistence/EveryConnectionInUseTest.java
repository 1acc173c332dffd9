package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.StoreUnavailableException;
import cacherr.domain.query.FileFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pooled connection held (long exports, one per connection): another request waits as long as for SQLite's
 * lock, then is told the store is unavailable (a 503 with Retry-After at the API), not an internal error.
 */
class EveryConnectionInUseTest {
    @TempDir
    Path dir;

    @Test
    void aRequestFindingEveryConnectionInUseIsToldTheStoreIsUnavailableAndThenAnswersAgain() throws Exception {
        PersistenceSettings settings = new PersistenceSettings(dir.resolve("books.db"), 1, Duration.ofMillis(300));
        try (SqlitePersistence db = SqlitePersistence.open(settings)) {
            Bookkeeping books = db.bookkeeping();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> export = CompletableFuture.runAsync(() -> books.transactions().readOnly(() -> {
                holding.countDown();
                await(release); // the export's client reading slowly: its connection stays taken
                return null;
            }));
            holding.await();
            try {
                StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                        () -> books.transactions().readOnly(() -> books.files().list(FileFilter.FIRST_PAGE)));
                assertTrue(refused.getMessage().contains("every connection to the database stayed in use"),
                        refused.getMessage());
            } finally {
                release.countDown();
            }
            export.join();
            assertEquals(0, books.transactions().readOnly(() -> books.files().list(FileFilter.FIRST_PAGE))
                    .items().size());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
