package cacherr.adapters.web.dto;

import cacherr.domain.query.Paging;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.Range;

/** Query of {@code GET /api/results/operations}; {@code exactTotal} asks to count every entry of the log. */
public record RecentOperationsParams(@Range(min = 1, max = 500) Integer limit, @PositiveOrZero Integer offset,
                                     boolean activeOnly, boolean exactTotal) {
    public Paging paging() {
        return Paging.of(limit, offset, exactTotal);
    }
}
