package cacherr.adapters.web.dto;

import java.util.List;
import java.util.Map;

/** {@code GET /api/results/operations}: a page of batch operations, newest first. */
public record BatchListData(List<BatchOperationInfo> operations, Pagination pagination,
                            Map<String, Object> filterApplied) {
}
