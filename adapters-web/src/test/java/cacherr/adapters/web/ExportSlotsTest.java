package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The places of the exports, on their own: in turn, bounded, and refused when stopping. No test waits on a clock. */
class ExportSlotsTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    private final ExportSlots slots = new ExportSlots();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void waitLongerThanATestMayTake() {
        slots.waitUpTo(Duration.ofMinutes(10)); // a stalled machine must not end a wait a test relies on
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        slots.close();
        threads.shutdownNow();
        threads.awaitTermination(HANG.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void placesAreTakenAtOnceWhileFreeAndGivenBack() {
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        assertEquals(ExportSlots.AT_ONCE, slots.sending());
        slots.give();
        assertNull(slots.take(), "a place given back is free again");
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) slots.give();
        assertEquals(0, slots.sending());
        assertThrows(IllegalStateException.class, slots::give, "a place never taken cannot be given");
    }

    @Test
    void exportsWaitingTakeTheirPlacesInTheOrderTheyAsked() throws Exception {
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        CompletableFuture<ExportSlots.Refusal> first = CompletableFuture.supplyAsync(slots::take, threads);
        slots.awaitWaiting(1, HANG);
        CompletableFuture<ExportSlots.Refusal> second = CompletableFuture.supplyAsync(slots::take, threads);
        slots.awaitWaiting(2, HANG);

        slots.give();
        assertNull(first.get(HANG.toSeconds(), TimeUnit.SECONDS), "the first in line takes the place given back");
        assertEquals(1, slots.waiting(), "the second still waits: every place is taken again");
        assertEquals(ExportSlots.AT_ONCE, slots.sending());

        slots.give();
        assertNull(second.get(HANG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, slots.waiting());
    }

    @Test
    void theLineIsBoundedAndOneMoreIsRefusedAtOnce() throws Exception {
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        for (int i = 0; i < ExportSlots.QUEUE; i++) CompletableFuture.supplyAsync(slots::take, threads);
        slots.awaitWaiting(ExportSlots.QUEUE, HANG);
        assertEquals(ExportSlots.Refusal.QUEUE_FULL, slots.refusedNow());
        assertEquals(ExportSlots.Refusal.QUEUE_FULL, slots.take(), "refused without waiting (this thread would hang)");
        assertEquals(ExportSlots.QUEUE, slots.waiting());
    }

    @Test
    void anExportThatWaitedItsLimitIsRefusedAndLeavesTheLine() {
        slots.waitUpTo(Duration.ZERO);
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        assertEquals(ExportSlots.Refusal.WAITED_TOO_LONG, slots.take());
        assertEquals(0, slots.waiting());
        slots.give();
        assertNull(slots.take(), "the place given back goes to the next who asks");
    }

    @Test
    void closingRefusesTheExportsWaitingAndEveryOneAskedLater() throws Exception {
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        CompletableFuture<ExportSlots.Refusal> waiting = CompletableFuture.supplyAsync(slots::take, threads);
        slots.awaitWaiting(1, HANG);
        slots.close();
        assertEquals(ExportSlots.Refusal.STOPPING, waiting.get(HANG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(ExportSlots.Refusal.STOPPING, slots.take());
        assertEquals(ExportSlots.Refusal.STOPPING, slots.refusedNow());
        assertEquals(0, slots.waiting());
    }

    @Test
    void anInterruptedWaitIsRefusedAndKeepsTheInterrupt() throws Exception {
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) assertNull(slots.take());
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            ExportSlots.Refusal refusal = slots.take();
            interrupted.complete(refusal == ExportSlots.Refusal.STOPPING && Thread.currentThread().isInterrupted());
        });
        waiter.start();
        slots.awaitWaiting(1, HANG);
        waiter.interrupt();
        assertEquals(true, interrupted.get(HANG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, slots.waiting());
    }
}
