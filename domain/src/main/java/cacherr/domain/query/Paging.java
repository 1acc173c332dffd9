package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

/** Limit and offset of a paged query: limit 1..500 (default 50), offset 0 or more. */
public record Paging(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final Paging FIRST = new Paging(DEFAULT_LIMIT, 0);

    public Paging {
        require(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        require(offset >= 0, "offset must be 0 or more, not " + offset);
    }

    /** Paging from optional values, with the defaults for the missing ones. */
    public static Paging of(Integer limit, Integer offset) {
        return new Paging(limit == null ? DEFAULT_LIMIT : limit, offset == null ? 0 : offset);
    }
}
