package cacherr.bootstrap;

import cacherr.domain.batch.BatchOperation;
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
 */
final class BatchThreads {
    private static final Logger LOG = LoggerFactory.getLogger(BatchThreads.class);
    static final int THREADS = 2;
    static final int PER_BATCH = 2;

    private BatchThreads() {
    }

    static ExecutorService start() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(THREADS, step -> {
            Thread thread = new Thread(step, "cacherr-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
    }

    /**
     * Takes no new step and lets the files being worked on finish (a copy is not cut in half when it need not be);
     * the rest of a batch is left for the recovery at the next start. Interrupts what is still running after 30 s.
     */
    static void stop(ExecutorService steps) {
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
