package cacherr.application.inmemory;

import cacherr.application.port.out.BatchExecutor;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link BatchExecutor} that runs nothing by itself: a test runs the queued steps one at a time, in order, when it
 * chooses — so a batch can be watched, cancelled or "crashed" between any two files, deterministically.
 */
public final class StepExecutor implements BatchExecutor {
    private final Deque<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable step) {
        queued.add(step);
    }

    /** Runs the oldest queued step; false when none was queued. */
    public boolean runNext() {
        Runnable step;
        synchronized (this) {
            step = queued.poll();
        }
        if (step == null) return false;
        step.run();
        return true;
    }

    /** Runs steps (and the steps they queue) until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (runNext()) ran++;
        return ran;
    }

    public synchronized int queued() {
        return queued.size();
    }

    /** Forgets every queued step, as a stop of the service would. */
    public synchronized void dropAll() {
        queued.clear();
    }
}
