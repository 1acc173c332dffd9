package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One lock per path: a path never waits for another, and waits for itself. */
class PathLocksTest {
    private final PathLocks locks = new PathLocks();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aPathNeverWaitsForAnotherOneWhateverTheirHashes() throws Exception {
        String held = "/array/movies/a.mkv";
        String other = collidingWith(held); // the same stripe of the 64 the striped locks had
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> locks.withLock(held, () -> {
            inside.countDown();
            return await(release);
        }), threads);
        inside.await();
        // Bounded only so that a regression fails instead of hanging: the lock is free, nothing is waited for.
        String done = CompletableFuture.supplyAsync(() -> locks.withLock(other, () -> "done"), threads)
                .get(60, TimeUnit.SECONDS);
        assertEquals("done", done);
        release.countDown();
        holder.get(60, TimeUnit.SECONDS);
        assertEquals(0, locks.size(), "no lock is kept once nobody holds it");
    }

    @Test
    void twoUsesOfOnePathTakeTurns() throws Exception {
        String path = "/array/movies/a.mkv";
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> locks.withLock(path, () -> {
            log.add("first in");
            inside.countDown();
            await(release);
            log.add("first out");
            return null;
        }), threads);
        inside.await();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> locks.withLock(path, () -> log.add("second")),
                threads);
        while (!locks.waitedFor(path)) Thread.onSpinWait(); // the second waits: a state, not a time
        assertFalse(second.isDone());
        release.countDown();
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
        assertEquals(List.of("first in", "first out", "second"), log);
        assertEquals(0, locks.size());
    }

    @Test
    void aThreadMayTakeThePathItHoldsAgain() {
        assertEquals("inner", locks.withLock("/array/a", () -> locks.withLock("/array/a", () -> "inner")));
        assertEquals(0, locks.size());
    }

    private static String collidingWith(String path) {
        for (int i = 0; ; i++) {
            String candidate = "/array/movies/f" + i + ".mkv";
            if (Math.floorMod(candidate.hashCode(), 64) == Math.floorMod(path.hashCode(), 64)) return candidate;
        }
    }

    private static Object await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
