package cacherr.adapters.web.dto;

import java.util.List;

/** {@code GET /api/results/operations/{id}}: the batch, and a page of its per-file results in the batch's order. */
public record BatchDetailData(BatchOperationInfo batchOperation, List<OperationResultInfo> fileOperations,
                              Pagination fileOperationsPagination) {
}
