package cacherr.application.port.in;

import cacherr.domain.batch.BatchOperation;

/** Use case: start a batch operation; it runs in the background and its progress can be watched. */
public interface StartBatchUseCase {
    /**
     * @return the batch as recorded when it was accepted (pending, with its total)
     * @throws cacherr.domain.error.InvalidInputException when its filters match no file or more than
     *                                                    {@link StartBatchCommand#MAX_FILES}
     */
    BatchOperation start(StartBatchCommand command);
}
