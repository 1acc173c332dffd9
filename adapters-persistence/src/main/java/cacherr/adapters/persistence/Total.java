package cacherr.adapters.persistence;

import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * A number of matches: exact, or — when counting stopped at its bound — a lower bound ({@code exact} false, the
 * value one below the bound: more than {@code value} match). Counting a broad query's matches visits every one of
 * them, so a count is bounded unless the caller asked for an exact total ({@code Long.MAX_VALUE} as the bound).
 */
record Total(long value, boolean exact) {
    static Total exact(long value) {
        return new Total(value, true);
    }

    /** The rows of {@code select} (one per match), counted up to {@code bound}. */
    static Total count(StatelessSession session, String select, Map<String, ?> params, long bound) {
        if (bound == Long.MAX_VALUE) return exact(Jdbc.number(session, "SELECT count(*) FROM (" + select + ")", params));
        Map<String, Object> bounded = new HashMap<>(params);
        bounded.put("countBound", bound);
        long counted = Jdbc.number(session, "SELECT count(*) FROM (" + select + " LIMIT :countBound)", bounded);
        return counted < bound ? exact(counted) : new Total(bound - 1, false);
    }

    /**
     * The page of {@code items} this total counts: past the bound, a lower bound of {@code paging}'s own
     * ({@link Paging#countBound()} less one; a count may have gone further to choose the page's way), unless the page
     * is not full — then it is the last one, and its end is the total.
     */
    <T> Page<T> page(List<T> items, Paging paging) {
        int limit = paging.limit(), offset = paging.offset();
        if (!exact && items.size() == limit) return new Page<>(items, paging.countBound() - 1, limit, offset, false);
        long counted = exact ? value : (long) offset + items.size();
        return new Page<>(items, Math.max(counted, items.size()), limit, offset);
    }
}
