package cacherr.bootstrap;

import cacherr.domain.batch.BatchOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads batch operations run on: {@link #THREADS} files at once across every batch, {@link #PER_BATCH} of one
 * batch at once — the single-file API keeps its own request threads and is never queued behind a batch.
 *
 * <p>They run at a lower CPU priority than the request threads: each raises its own nice value by {@link #NICENESS}
 * when it starts (Linux schedules threads one by one, and a process may always lower its own threads' priority; Java's
 * thread priorities are ignored there). On a busy machine the kernel then gives a single-file request the CPU before a
 * batch step. Where that cannot be done (no {@code /proc/thread-self} or no {@code renice}), they run as before.
 */
public final class BatchThreads {
    private static final Logger LOG = LoggerFactory.getLogger(BatchThreads.class);
    static final int THREADS = 2;
    /**
     * Files of one batch at once. {@code -Dcacherr.faults.batchWorkers=1} (tests only, like the copy gate) runs them one
     * by one: the storage places one file at a time, so a test that holds a copy at the copy gate would otherwise hold
     * the other worker's file behind it too, and which of the two got there first would decide what the test sees.
     */
    public static final int PER_BATCH = Math.max(1, Math.min(THREADS, Integer.getInteger("cacherr.faults.batchWorkers",
            THREADS)));
    static final int NICENESS = 10;

    private BatchThreads() {
    }

    public static ExecutorService start() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(THREADS, steps -> {
            Thread thread = new Thread(() -> {
                lowerOwnPriority();
                steps.run();
            }, "cacherr-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
    }

    /** {@code renice} of the calling thread alone (its kernel task id read from {@code /proc/thread-self}). */
    static boolean lowerOwnPriority() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            String tid = self.getFileName().toString();
            int nice = Math.min(19, ownNiceness() + NICENESS); // renice sets the value given, not an increment
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (renice.waitFor() == 0) return true;
            LOG.debug("renice of batch thread {} exited with {}", tid, renice.exitValue());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Batch threads keep the normal CPU priority: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The nice value of the calling thread, from {@code /proc/thread-self/stat} (for tests). */
    static int ownNiceness() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]); // field 19 of stat(5), counted from the state (field 3)
    }

    /**
     * Takes no new step and lets the files being worked on finish (a copy is not cut in half when it need not be);
     * the rest of a batch is left for the recovery at the next start. Interrupts what is still running after 30 s.
     */
    public static void stop(ExecutorService steps) {
        steps.shutdown();
        try {
            if (!steps.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Batch steps still running 30 s into the shutdown: interrupting them");
                steps.shutdownNow();
            }
        } catch (InterruptedException e) {
            steps.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static void report(List<BatchOperation> interrupted) {
        for (BatchOperation batch : interrupted) {
            LOG.warn("Batch operation {} ({}) was cut short by a stop: {} of {} files done, {} failed, {} skipped",
                    batch.id(), batch.action().operationType(), batch.filesSuccessful(), batch.totalFiles(),
                    batch.filesFailed(), batch.filesSkipped());
        }
    }
}
