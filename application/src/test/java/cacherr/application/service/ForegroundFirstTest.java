package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Transactions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batch writes give way to single-file writes. Each test holds transactions open with latches and waits for states
 * ({@link ForegroundFirst#batchWaiting()}), never for a time.
 */
class ForegroundFirstTest {
    /** The store: runs the work, no lock of its own, so only the gate orders anything. */
    private static final Transactions STORE = new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T readOnly(Supplier<T> work) {
            return work.get();
        }
    };

    private final ForegroundFirst gate = new ForegroundFirst(STORE);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aBatchWriteWaitsForTheSingleFileWriteUnderWayAndThenGoes() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> single = CompletableFuture.runAsync(() -> gate.run(() -> {
            log.add("single in");
            inside.countDown();
            await(release);
            log.add("single out");
        }), threads);
        inside.await();
        CompletableFuture<Void> batch = batchWrite("batch");
        awaitWaiting(1);
        assertFalse(batch.isDone());
        assertEquals(List.of("single in"), log, "the batch write has not begun");
        release.countDown();
        single.get(60, TimeUnit.SECONDS);
        batch.get(60, TimeUnit.SECONDS);
        assertEquals(List.of("single in", "single out", "batch"), log);
    }

    @Test
    void onlyOneBatchWriteAtATimeSoASingleFileWriteWaitsForOneAtMost() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> gate.inBackground(() -> {
            gate.run(() -> {
                log.add("first in");
                inside.countDown();
                await(release);
                log.add("first out");
            });
            return null;
        }), threads);
        inside.await();
        CompletableFuture<Void> second = batchWrite("second");
        awaitWaiting(1);
        assertEquals(List.of("first in"), log, "the second batch write waits for the first");
        release.countDown();
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
        assertEquals(List.of("first in", "first out", "second"), log);
    }

    @Test
    void aSteadyStreamOfSingleFileWritesDoesNotStarveABatch() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> long_ = CompletableFuture.runAsync(() -> gate.run(() -> {
            inside.countDown();
            await(release); // a single-file write that stays: without the bound the batch would wait for it
        }), threads);
        inside.await();
        CompletableFuture<Void> batch = batchWrite("batch");
        awaitWaiting(1);
        for (int i = 0; i < ForegroundFirst.MAX_OVERTAKEN - 1; i++) gate.run(() -> log.add("single"));
        assertEquals(1, gate.batchWaiting(), "still waiting after " + (ForegroundFirst.MAX_OVERTAKEN - 1));
        gate.run(() -> log.add("single"));
        batch.get(60, TimeUnit.SECONDS);
        assertEquals("batch", log.get(log.size() - 1), "its turn came after " + ForegroundFirst.MAX_OVERTAKEN);
        release.countDown();
        long_.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aTransactionBegunInsideABatchWriteJoinsItWithoutWaiting() {
        String result = gate.inBackground(() -> gate.inTransaction(() -> gate.inTransaction(() -> "joined")));
        assertEquals("joined", result);
        assertEquals(0, gate.batchWaiting());
    }

    @Test
    void readsNeverWait() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> single = CompletableFuture.runAsync(() -> gate.run(() -> {
            inside.countDown();
            await(release);
        }), threads);
        inside.await();
        assertEquals("read", gate.inBackground(() -> gate.readOnly(() -> "read")), "a batch read passes a writer");
        release.countDown();
        single.get(60, TimeUnit.SECONDS);
        assertTrue(log.isEmpty());
    }

    private CompletableFuture<Void> batchWrite(String name) {
        return CompletableFuture.runAsync(() -> gate.inBackground(() -> {
            gate.run(() -> log.add(name));
            return null;
        }), threads);
    }

    /** Waits until {@code count} batch writes wait at the gate: a state, however long the machine takes to reach it. */
    private void awaitWaiting(int count) {
        while (gate.batchWaiting() < count) Thread.onSpinWait();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
