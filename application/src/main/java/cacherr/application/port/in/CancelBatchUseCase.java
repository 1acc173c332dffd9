package cacherr.application.port.in;

import cacherr.domain.batch.BatchOperation;

/** Use case: cancel a batch operation; its files done stay done, the rest are skipped. */
public interface CancelBatchUseCase {
    /**
     * @throws cacherr.domain.error.NotFoundException  when there is no such batch
     * @throws cacherr.domain.error.ConflictException when it has ended already
     */
    BatchOperation cancel(String id);
}
