package cacherr.adapters.web.dto;

import cacherr.domain.query.Page;

/**
 * Where a page sits in the whole result. When {@code totalCountExact} is false the store stopped counting: more than
 * {@code totalCount} match, and {@code hasMore} is true; a client pages by {@code hasMore}, never by the total.
 */
public record Pagination(int limit, int offset, long totalCount, boolean totalCountExact, boolean hasMore) {
    public static Pagination from(Page<?> page) {
        return new Pagination(page.limit(), page.offset(), page.total(), page.totalExact(), page.hasMore());
    }
}
