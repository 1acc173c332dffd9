package cacherr.application.service;

import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.out.Instrumentation;
import cacherr.domain.batch.BatchStatus;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports batches to monitoring from their live events: a batch counts as running from its first event that is not
 * final until its final one (completed, failed, cancelled), and every file that completed or failed counts as
 * processed. Fed by the same events the live progress channel sends, so the two never disagree.
 */
public final class BatchMeter implements BatchListener {
    private final Instrumentation instrumentation;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public BatchMeter(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public void progress(BatchProgress progress) {
        String id = progress.batch().id();
        BatchStatus status = progress.batch().status();
        boolean over = status == BatchStatus.COMPLETED || status == BatchStatus.FAILED
                || status == BatchStatus.CANCELLED;
        if (over) {
            if (running.remove(id)) instrumentation.batchFinished();
        } else if (running.add(id)) {
            instrumentation.batchStarted();
        }
    }

    @Override
    public void fileUpdated(OperationResult result) {
        if (result.status() == ResultStatus.COMPLETED || result.status() == ResultStatus.FAILED) {
            instrumentation.batchFilesProcessed(1);
        }
    }
}
