package cacherr.adapters.web.dto;

import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/**
 * Query of {@code GET /api/cached/export}: a format, and the same filters and order as the list (its paging aside:
 * an export has every matching file).
 */
public record ExportParams(@Pattern(regexp = "csv|json|txt", message = "must be csv, json or txt") String format,
                           @Valid ListFilesParams filters, boolean includeMetadata) {
    public FileCriteria criteria() {
        return filters.criteria();
    }

    public FileSort sort() {
        return FileSort.parse(filters.sort(), filters.order());
    }

    public Map<String, Object> filtersApplied() {
        Map<String, Object> given = filters.filtersApplied();
        given.put("include_metadata", includeMetadata);
        return given;
    }
}
