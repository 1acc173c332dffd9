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
 * Another connection (as another process would) holds the write lock: a write waits for it, then says so. One deadline
 * covers a write's wait for another write of this service and its wait for another process's lock: together at most
 * the busy timeout (before, writers queued behind one that waited out another process's lock each waited their turn
 * and then a busy timeout of their own).
 *
 * <p>Nothing here depends on how fast the machine is: a writer's deadline is moved through the clock hook, a held lock
 * is released only after the writer has answered or is provably waiting, and {@code assertTimeoutPreemptively} bounds
 * only a writer that would otherwise wait forever.
 */
class LockedByAnotherProcessTest {
    /** Only a bound for a hung writer: far above any wait these tests expect. */
    private static final Duration HUNG = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private Bookkeeping books;
    private Connection other;

    /** The books with {@code busyTimeout}, one file in them, and another connection to the same file. */
    private void open(Duration busyTimeout) throws Exception {
        open(busyTimeout, 2, System::nanoTime);
    }

    /** As {@link #open(Duration)}, with {@code connections} in the pool and writers' deadlines read from {@code clock}. */
    private void open(Duration busyTimeout, int connections, LongSupplier clock) throws Exception {
        Path file = dir.resolve("books.db");
        db = SqlitePersistence.open(new PersistenceSettings(file, connections, busyTimeout), clock);
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

    @Test
    void aWriteBehindAnotherWriteOfTheServiceLongerThanTheBusyTimeoutIsToldToTryAgainAndChangesNothing()
            throws Exception {
        open(Duration.ofMillis(300), 1, System::nanoTime);
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
        open(Duration.ofMinutes(10), 1, clock);
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
        open(Duration.ofMinutes(10), 1, clock);
        clock.arrive();
        assertTimeoutPreemptively(HUNG, () -> books.files().save(aFile("late").build()));
        assertTrue(books.files().findById(new FileId("late")).isPresent(), "one try without waiting found it free");
    }

    @Test
    void theConnectionHasItsWholeBusyTimeoutBackAfterAShortenedWait() throws Exception {
        LateClock clock = new LateClock(Duration.ofMinutes(11));
        open(Duration.ofMinutes(10), 1, clock);
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
            while (!waitingForTheLock(writer) && !write.isDone()) Thread.onSpinWait();
            assertFalse(write.isDone(), "a writer arriving on time waits for the lock instead of failing at once");
            lock.execute("COMMIT");
            write.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        }
        assertTrue(books.files().findById(new FileId("patient")).isPresent());
        assertEquals(2, books.transactions().readOnly(() -> books.files().statistics().totalFiles()));
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
