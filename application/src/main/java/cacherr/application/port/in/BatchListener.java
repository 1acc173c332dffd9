package cacherr.application.port.in;

import cacherr.domain.batch.OperationResult;

/**
 * Told of every batch's progress as it happens, on the thread that made it: keep it short and never block (a slow
 * listener slows the batch, never the other way round; a listener that throws is dropped).
 */
public interface BatchListener {
    /** After each file, and when a batch starts, ends or is cancelled. */
    void progress(BatchProgress progress);

    /** When one file's part begins or ends. */
    void fileUpdated(OperationResult result);
}
