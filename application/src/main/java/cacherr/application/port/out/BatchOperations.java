package cacherr.application.port.out;

import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.query.Page;
import java.util.List;
import java.util.Optional;

/**
 * Driven port: the history of batch operations and their per-file results, kept so they survive a restart. Each call
 * runs in a transaction of its own (or joins the current one, for an adapter that shares {@link Transactions}).
 */
public interface BatchOperations {
    /** Inserts the batch or replaces its saved state. */
    void save(BatchOperation batch);

    /** Inserts each result or replaces its saved state (by id). */
    void saveResults(List<OperationResult> results);

    Optional<BatchOperation> find(String id);

    /** One page of the batches the filter selects, newest first (ties by id), with their exact total. */
    Page<BatchOperation> list(BatchFilter filter);

    /** Up to {@code limit} results of batch {@code id} from {@code offset}, in their batch's order. */
    List<OperationResult> results(String id, int offset, int limit);

    /** Batches still pending or running, oldest first. */
    List<BatchOperation> unfinished();
}
