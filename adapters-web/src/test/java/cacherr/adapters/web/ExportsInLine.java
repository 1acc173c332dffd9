package cacherr.adapters.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports that stand for real ones in a server's {@link ExportSlots}: every place taken (as by exports whose clients
 * are still reading), and {@code waiting} more in line behind them, each on its own thread. Closing gives the places
 * back; each one in line then takes its turn and gives its place back at once. Meanwhile an export waits its turn as
 * long as a test may take (not the service's 30 s), so that a slow machine does not end a wait a test relies on.
 */
final class ExportsInLine implements AutoCloseable {
    private static final Duration HANG = Duration.ofSeconds(60);
    /** Longer than any of a test's own bounds, which end a hang first. */
    private static final Duration TURN = Duration.ofMinutes(10);

    private final ExportSlots slots;
    private final List<Thread> inLine = new ArrayList<>();
    private int held;

    private ExportsInLine(ExportSlots slots) {
        this.slots = slots;
    }

    /** Every place of {@code slots} taken, nobody waiting. */
    static ExportsInLine everyPlaceTaken(ExportSlots slots) {
        ExportsInLine exports = new ExportsInLine(slots);
        slots.waitUpTo(TURN);
        for (int i = 0; i < ExportSlots.AT_ONCE; i++) {
            if (slots.take() != null) throw new IllegalStateException("a place was not free: " + slots.sending());
            exports.held++;
        }
        return exports;
    }

    /** {@code count} more exports waiting their turn; returns once they all wait. */
    ExportsInLine waiting(int count) throws InterruptedException {
        int before = slots.waiting();
        for (int i = 0; i < count; i++) {
            Thread waiter = new Thread(() -> {
                if (slots.take() == null) slots.give();
            }, "export-in-line-" + i);
            waiter.setDaemon(true);
            waiter.start();
            inLine.add(waiter);
        }
        slots.awaitWaiting(before + count, HANG);
        return this;
    }

    /** Gives one held place back. */
    void giveOne() {
        slots.give();
        held--;
    }

    @Override
    public void close() throws InterruptedException {
        for (; held > 0; held--) slots.give();
        slots.waitUpTo(ExportSlots.WAIT);
        for (Thread waiter : inLine) {
            waiter.join(HANG.toMillis());
            if (waiter.isAlive()) throw new IllegalStateException(waiter.getName() + " still waits");
        }
    }
}
