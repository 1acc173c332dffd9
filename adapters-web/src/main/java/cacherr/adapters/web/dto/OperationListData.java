package cacherr.adapters.web.dto;

import java.util.List;
import java.util.Map;

/** A page of operations, and the filters that selected them. */
public record OperationListData(List<OperationInfo> operations, Pagination pagination,
                                Map<String, Object> filterApplied) {
}
