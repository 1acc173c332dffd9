package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

/**
 * Limit and offset of a paged query: limit 1..500 (default 50), offset 0 or more.
 *
 * @param exactTotal whether the page's total must be exact however many files match; without it a store may stop
 *                   counting past {@link Page#COUNTED_UP_TO} matches (see {@link Page#totalExact()})
 */
public record Paging(int limit, int offset, boolean exactTotal) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final Paging FIRST = new Paging(DEFAULT_LIMIT, 0);

    public Paging {
        require(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        require(offset >= 0, "offset must be 0 or more, not " + offset);
    }

    /** A slice whose total may be a lower bound when many files match. */
    public Paging(int limit, int offset) {
        this(limit, offset, false);
    }

    /** Paging from optional values, with the defaults for the missing ones. */
    public static Paging of(Integer limit, Integer offset) {
        return of(limit, offset, false);
    }

    /** Paging from optional values, with the defaults for the missing ones. */
    public static Paging of(Integer limit, Integer offset, boolean exactTotal) {
        return new Paging(limit == null ? DEFAULT_LIMIT : limit, offset == null ? 0 : offset, exactTotal);
    }

    /**
     * How many matches a store must count before it may report a lower bound instead of an exact total: all of
     * them when {@link #exactTotal}, else {@code max(Page.COUNTED_UP_TO, offset + limit) + 1}.
     */
    public long countBound() {
        return exactTotal ? Long.MAX_VALUE : Math.max(Page.COUNTED_UP_TO, (long) offset + limit) + 1;
    }
}
