package cacherr.application.port.in;

import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import java.util.List;

/** A batch operation and a page of its per-file results, in the batch's order. */
public record BatchDetail(BatchOperation batch, List<OperationResult> results) {
    public BatchDetail {
        results = List.copyOf(results);
    }
}
