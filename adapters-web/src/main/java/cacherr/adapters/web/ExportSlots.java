package cacherr.adapters.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The places of the exports being sent. An export holds one of the database's pooled connections (its read
 * transaction: one consistent view) until its client has read the last row, so at most {@link #AT_ONCE} are sent at
 * once. One more waits its turn, in the order the exports were asked, up to {@link #WAIT}; at most {@link #QUEUE}
 * wait. Before, one more was refused with 503 at once: of eight clients exporting together, six got 503 on every try
 * (even for an export of 58 KB that takes 2 ms), and a program had to guess when to ask again.
 *
 * <p>A waiting export holds an HTTP thread and nothing of the database. Requests other than exports never wait here.
 * When the server stops, every waiting export is refused at once (a graceful stop waits for requests in progress).
 */
final class ExportSlots {
    /** Exports sent at once, at most: the pool has four connections (writes need one, pages and searches others). */
    static final int AT_ONCE = 2;
    /** Exports waiting their turn, at most; one more is refused at once. */
    static final int QUEUE = 16;
    /** How long an export waits for its turn before it is refused. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Why an export was not given a place. */
    enum Refusal {
        /** {@link #QUEUE} exports were waiting already. */
        QUEUE_FULL,
        /** It waited {@link #WAIT} and no place came free for it. */
        WAITED_TOO_LONG,
        /** The server is stopping (or the waiting thread was interrupted). */
        STOPPING
    }

    /** The exports waiting, first in line first: each is its own token, so one that gives up leaves the others' order. */
    private final ArrayDeque<Object> line = new ArrayDeque<>();
    private int sending;
    private boolean closed;
    private Duration wait = WAIT;

    /**
     * Takes a place for an export: at once when one is free and nobody waits, else in turn, waiting up to
     * {@link #WAIT}. Null when a place was taken (give it back with {@link #give}), else why none was.
     */
    synchronized Refusal take() {
        if (closed) return Refusal.STOPPING;
        if (line.isEmpty() && sending < AT_ONCE) {
            sending++;
            return null;
        }
        if (line.size() >= QUEUE) return Refusal.QUEUE_FULL;
        Object me = new Object();
        line.addLast(me);
        notifyAll(); // for awaitWaiting
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                if (closed) return Refusal.STOPPING;
                if (line.peekFirst() == me && sending < AT_ONCE) {
                    sending++;
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return Refusal.WAITED_TOO_LONG;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Refusal.STOPPING;
        } finally {
            line.remove(me);
            notifyAll(); // the next in line may now be first, with a place free
        }
    }

    /** Gives back a place {@link #take} gave. */
    synchronized void give() {
        if (sending == 0) throw new IllegalStateException("no export's place is taken");
        sending--;
        notifyAll();
    }

    /**
     * What {@link #take} would refuse at once, without waiting (a HEAD's answer): null when an export asked now would be
     * sent, at once or in its turn.
     */
    synchronized Refusal refusedNow() {
        if (closed) return Refusal.STOPPING;
        return line.size() >= QUEUE ? Refusal.QUEUE_FULL : null;
    }

    /** Refuses every export waiting and every one asked from now on (the server stops). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Exports being sent now. */
    synchronized int sending() {
        return sending;
    }

    /** Exports waiting their turn now. */
    synchronized int waiting() {
        return line.size();
    }

    /** How long an export waits for its turn before it is refused ({@link #WAIT}). */
    synchronized Duration waitLimit() {
        return wait;
    }

    /** Tests: how long an export waits for its turn. */
    synchronized void waitUpTo(Duration wait) {
        this.wait = wait;
    }

    /** Tests: returns once {@code count} exports wait their turn (a timeout only ends a hang). */
    synchronized void awaitWaiting(int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (line.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new IllegalStateException(line.size() + " exports wait, not " + count);
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
