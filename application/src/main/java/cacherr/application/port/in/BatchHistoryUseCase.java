package cacherr.application.port.in;

import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.query.Page;

/** Use case: the batch operations run, running and interrupted, with their per-file results. */
public interface BatchHistoryUseCase {
    /** The most results one call answers. */
    int MAX_RESULTS = 10_000;

    Page<BatchOperation> batches(BatchFilter filter);

    /**
     * The batch and up to {@code limit} (1..{@link #MAX_RESULTS}) of its results from {@code offset}.
     *
     * @throws cacherr.domain.error.NotFoundException when there is no such batch
     */
    BatchDetail batch(String id, int offset, int limit);
}
