package cacherr.application.port.in;

/** Use case: follow every batch's progress live. */
public interface WatchBatchesUseCase {
    /** Starts telling {@code listener}; closing the returned handle stops it. */
    AutoCloseable watch(BatchListener listener);
}
