package cacherr.application.port.out;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Driven port: where batch operations run, away from the request that started them. Each task is one file's step;
 * the service keeps at most its concurrency of them queued per batch. An executor with a fixed number of threads
 * bounds how many files are worked on at once across every batch.
 */
public interface BatchExecutor {
    /** Runs {@code step} later, on another thread or in a test's own time. */
    void execute(Runnable step);

    /**
     * Runs each step in the calling thread before {@code execute} returns, steps submitted by a step after it (a loop,
     * not a recursion, however many files). For programs that start no threads; a batch then runs inside the call that
     * starts it.
     */
    static BatchExecutor direct() {
        return new BatchExecutor() {
            private final ThreadLocal<Deque<Runnable>> queue = new ThreadLocal<>();

            @Override
            public void execute(Runnable step) {
                Deque<Runnable> running = queue.get();
                if (running != null) {
                    running.add(step);
                    return;
                }
                Deque<Runnable> steps = new ArrayDeque<>();
                queue.set(steps);
                try {
                    steps.add(step);
                    while (!steps.isEmpty()) steps.poll().run();
                } finally {
                    queue.remove();
                }
            }
        };
    }
}
