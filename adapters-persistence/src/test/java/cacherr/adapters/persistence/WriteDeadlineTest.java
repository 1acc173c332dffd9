package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deadline for a write: the wait for another write of this service and the wait for another process's lock
 * together last at most the busy timeout. Before, writers queued behind one that waited out another process's lock
 * each waited their turn and then a busy timeout of their own.
 *
 * <p>Nothing here depends on how fast the machine is: a writer's deadline is moved through the clock hook, a held
 * lock is released only after the writer has answered, and {@code assertTimeoutPreemptively} bounds only a writer that
 * would otherwise wait forever (the behaviour before).
 */
class WriteDeadlineTest {
    /** Only a bound for a hung writer: far above any wait these tests expect. */
    private static final Duration HUNG = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private Bookkeeping books;
    private Connection other;

    /** The books (one connection, so every write reuses it), one file in them, another connection to the file. */
    private void open(Duration busyTimeout, LongSupplier clock) throws Exception {
        Path file = dir.resolve("books.db");
        db = SqlitePersistence.open(new PersistenceSettings(file, 1, busyTimeout), clock);
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
    void aWriteBehindAnotherWriteOfTheServiceLongerThanTheBusyTimeoutIsToldToTryAgainAndChangesNothing()
            throws Exception {
        open(Duration.ofMillis(300), System::nanoTime);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> books.transactions().run(() -> {
            books.files().save(aFile("first").build());
            holding.countDown();
            await(release); // a long write of the service itself: it keeps the in-process write lock
        }));
        holding.await();
        try {
            StoreUnavailableException refused = assertTimeoutPreemptively(HUNG, () -> assertThrows(
                    StoreUnavailableException.class, () -> books.files().save(aFile("second").build())));
            assertTrue(refused.getMessage().contains("another write kept the database busy past the wait (300 ms)"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("nothing was changed, try again"), refused.getMessage());
        } finally {
            release.countDown();
        }
        first.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        assertTrue(books.files().findById(new FileId("first")).isPresent(), "the long write went through");
        assertTrue(books.files().findById(new FileId("second")).isEmpty(), "the refused write changed nothing");
        books.files().save(aFile("third").build());
        assertTrue(books.files().findById(new FileId("third")).isPresent(), "the lock is free again");
    }

    @Test
    void aWriteThatSpentItsWaitBehindAnotherWriteDoesNotWaitAnotherBusyTimeoutForAnotherProcess() throws Exception {
        // A busy timeout no machine comes near: a writer that waited it out would hang the test.
        LateClock clock = new LateClock(Duration.ofMinutes(11));
        open(Duration.ofMinutes(10), clock);
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            clock.arrive(); // the writer's deadline is read now; every later reading is 11 minutes on
            StoreUnavailableException refused = assertTimeoutPreemptively(HUNG, () -> assertThrows(
                    StoreUnavailableException.class, () -> books.files().save(aFile("late").build())));
            assertTrue(refused.getMessage().contains("locked by another process"), refused.getMessage());
            lock.execute("COMMIT");
        }
        assertTrue(books.files().findById(new FileId("late")).isEmpty(), "the refused write changed nothing");
    }

    @Test
    void aWriteThatSpentItsWaitStillGoesThroughWhenNoOtherProcessHoldsTheLock() throws Exception {
        LateClock clock = new LateClock(Duration.ofMinutes(11));
        open(Duration.ofMinutes(10), clock);
        clock.arrive();
        assertTimeoutPreemptively(HUNG, () -> books.files().save(aFile("late").build()));
        assertTrue(books.files().findById(new FileId("late")).isPresent(), "one try without waiting found it free");
    }

    @Test
    void theConnectionHasItsWholeBusyTimeoutBackAfterAShortenedWait() throws Exception {
        LateClock clock = new LateClock(Duration.ofMinutes(11));
        open(Duration.ofMinutes(10), clock);
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            clock.arrive();
            assertThrows(StoreUnavailableException.class, () -> books.files().save(aFile("late").build()));
            lock.execute("COMMIT");
        }
        clock.onTime();
        // The pool's only connection: readers on it (a WAL reader can meet a busy lock too) wait as configured.
        assertEquals(Duration.ofMinutes(10).toMillis(),
                (long) db.unit().read(session -> Jdbc.number(session, "PRAGMA busy_timeout", Map.of())));
        CompletableFuture<Void> write = new CompletableFuture<>();
        try (Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            Thread writer = new Thread(() -> {
                try {
                    books.files().save(aFile("patient").build());
                    write.complete(null);
                } catch (RuntimeException e) {
                    write.completeExceptionally(e);
                }
            }, "patient writer");
            writer.start();
            while (!waitingForSqlitesLock(writer) && !write.isDone()) Thread.onSpinWait();
            assertFalse(write.isDone(), "a writer arriving on time waits for the lock instead of failing at once");
            lock.execute("COMMIT");
            write.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        }
        assertTrue(books.files().findById(new FileId("patient")).isPresent());
        assertEquals(2, books.transactions().readOnly(() -> books.files().statistics().totalFiles()));
    }

    private static boolean waitingForSqlitesLock(Thread writer) {
        List<StackTraceElement> stack = List.of(writer.getStackTrace());
        return stack.stream().anyMatch(frame -> frame.getMethodName().equals("takeWriteLock"))
                && stack.stream().anyMatch(frame -> frame.getClassName().startsWith("org.sqlite."));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The machine's clock, except after {@link #arrive()}: the first reading (a writer's arrival) is now, every later
     * one {@code late} on — as if the writer had waited that long for the writes queued before it.
     */
    private static final class LateClock implements LongSupplier {
        private final long late;
        private volatile boolean arriving;
        private volatile boolean arrived;

        LateClock(Duration late) {
            this.late = late.toNanos();
        }

        void arrive() {
            arriving = true;
            arrived = false;
        }

        void onTime() {
            arriving = false;
            arrived = false;
        }

        @Override
        public synchronized long getAsLong() {
            long now = System.nanoTime();
            if (!arriving) return now;
            if (!arrived) {
                arrived = true;
                return now;
            }
            return now + late;
        }
    }
}
