package cacherr.adapters.web.dto;

import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Paging;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.Range;

/**
 * Query of {@code GET /api/cached/files}; {@code exactTotal} asks to count every match. Not a filter, so not among
 * {@link #filtersApplied()}.
 */
public record ListFilesParams(@Size(max = 200) String search, @Size(max = 200) String userId, String status,
                              String triggeredByOperation, @PositiveOrZero Long sizeMin, @PositiveOrZero Long sizeMax,
                              Instant cachedSince, Instant cachedUntil, @Range(min = 1, max = 500) Integer limit,
                              @PositiveOrZero Integer offset, boolean exactTotal, String sort, String order) {
    public FileFilter toFilter() {
        return new FileFilter(criteria(), FileSort.parse(sort, order), Paging.of(limit, offset, exactTotal));
    }

    public FileCriteria criteria() {
        return new FileCriteria(search, UserId.ofNullable(userId), status == null ? null : FileStatus.parse(status),
                triggeredByOperation == null ? null : OperationType.parse(triggeredByOperation), sizeMin, sizeMax,
                cachedSince, cachedUntil);
    }

    /** The filters given, by their parameter names. */
    public Map<String, Object> filtersApplied() {
        Map<String, Object> given = new LinkedHashMap<>();
        putIfPresent(given, "search", search);
        putIfPresent(given, "user_id", userId);
        putIfPresent(given, "status", status);
        putIfPresent(given, "triggered_by_operation", triggeredByOperation);
        putIfPresent(given, "size_min", sizeMin);
        putIfPresent(given, "size_max", sizeMax);
        putIfPresent(given, "cached_since", cachedSince);
        putIfPresent(given, "cached_until", cachedUntil);
        putIfPresent(given, "sort", sort);
        putIfPresent(given, "order", order);
        return given;
    }

    /** What {@code filter_applied} echoes: the filters given, and the page's limit and offset as used. */
    public Map<String, Object> filterApplied(Paging paging) {
        Map<String, Object> echoed = filtersApplied();
        echoed.put("limit", paging.limit());
        echoed.put("offset", paging.offset());
        return echoed;
    }

    static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) map.put(key, value);
    }
}
