package cacherr.adapters.web.dto;

import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/** Query of {@code GET /api/cached/files/search}; {@code exactTotal} asks to count every match. */
public record SearchParams(@NotBlank @Size(max = 200) String q, String type, @Range(min = 1, max = 500) int limit,
                           boolean includeRemoved, boolean exactTotal) {
    public static final int DEFAULT_LIMIT = 50;

    public SearchQuery toQuery() {
        return new SearchQuery(q, SearchType.parse(type), limit, includeRemoved, exactTotal);
    }
}
