package cacherr.application.port.in;

import cacherr.domain.batch.BatchOperation;
import java.util.List;

/**
 * Use case, at start-up after the file operations are recovered: batches a stop of the service cut short are marked
 * failed, each file with its true outcome read from the books.
 */
public interface RecoverInterruptedBatchesUseCase {
    List<BatchOperation> recoverBatches();
}
