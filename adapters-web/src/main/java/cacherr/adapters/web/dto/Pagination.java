package cacherr.adapters.web.dto;

import cacherr.domain.query.Page;

/** Where a page sits in the whole result. */
public record Pagination(int limit, int offset, long totalCount, boolean hasMore) {
    public static Pagination from(Page<?> page) {
        return new Pagination(page.limit(), page.offset(), page.total(), page.hasMore());
    }
}
