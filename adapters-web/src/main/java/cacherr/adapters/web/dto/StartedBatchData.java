package cacherr.adapters.web.dto;

/** The answer to starting or cancelling a batch: the batch as it stands. */
public record StartedBatchData(BatchOperationInfo batchOperation) {
}
