package cacherr.application.service;

import cacherr.application.port.out.Transactions;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The write transactions of batches give way to the single-file ones. The store has one writer at a time, in the
 * order they asked (SQLite's one writer, held in turn); without this, a single-file write that arrives while two batch
 * steps are queued waits for both. Here a batch step's write transaction begins only when no single-file write is
 * waiting or running, and only one batch write transaction at a time goes to the store: a single-file write waits for
 * at most the one batch transaction already under way. Which threads are a batch's is said by {@link #inBackground}.
 *
 * <p>A batch is not starved by a steady stream of single-file writes: once {@value #MAX_OVERTAKEN} of them have ended
 * while a batch write waited, it goes next. Only the outermost transaction of a thread waits; one begun inside it joins
 * it as before. Read-only transactions never wait (readers do not queue for the writer).
 */
final class ForegroundFirst implements Transactions {
    static final int MAX_OVERTAKEN = 8;

    private final Transactions store;
    private final ThreadLocal<Boolean> background = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private int foreground; // single-file write transactions waiting for the store or in it
    private long foregroundEnded; // how many of them have ended, ever: the measure of overtaking
    private int batchWriting; // batch write transactions let through to the store, not yet ended (one, but for a stop)
    private int batchWaiting;

    ForegroundFirst(Transactions store) {
        this.store = store;
    }

    /** Runs {@code work} as a batch's: its write transactions give way to the single-file ones. */
    <T> T inBackground(Supplier<T> work) {
        boolean was = background.get();
        background.set(true);
        try {
            return work.get();
        } finally {
            background.set(was);
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        int[] level = depth.get();
        if (level[0] > 0) return nested(level, work);
        return background.get() ? asBatch(level, work) : asForeground(level, work);
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return store.readOnly(work);
    }

    private <T> T asForeground(int[] level, Supplier<T> work) {
        lock.lock();
        try {
            foreground++;
        } finally {
            lock.unlock();
        }
        try {
            return nested(level, work);
        } finally {
            lock.lock();
            try {
                foreground--;
                foregroundEnded++;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private <T> T asBatch(int[] level, Supplier<T> work) {
        lock.lock();
        try {
            long seen = foregroundEnded;
            batchWaiting++;
            try {
                while (batchWriting > 0 || (foreground > 0 && foregroundEnded - seen < MAX_OVERTAKEN)) {
                    try {
                        turn.await();
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt(); // the service stops: this step goes ahead, then ends
                        break;
                    }
                }
            } finally {
                batchWaiting--;
            }
            batchWriting++;
        } finally {
            lock.unlock();
        }
        try {
            return nested(level, work);
        } finally {
            lock.lock();
            try {
                batchWriting--;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private <T> T nested(int[] level, Supplier<T> work) {
        level[0]++;
        try {
            return store.inTransaction(work);
        } finally {
            level[0]--;
        }
    }

    /** Whether a single-file write waits for the store or is in it: a batch's transaction then ends at once. */
    boolean foregroundWaiting() {
        lock.lock();
        try {
            return foreground > 0;
        } finally {
            lock.unlock();
        }
    }

    /** How many batch write transactions wait for their turn: for tests, to know one is waiting. */
    int batchWaiting() {
        lock.lock();
        try {
            return batchWaiting;
        } finally {
            lock.unlock();
        }
    }
}
