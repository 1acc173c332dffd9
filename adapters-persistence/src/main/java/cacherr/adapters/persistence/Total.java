package cacherr.adapters.persistence;

import java.util.HashMap;
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

    boolean isZero() {
        return exact && value == 0;
    }
}
