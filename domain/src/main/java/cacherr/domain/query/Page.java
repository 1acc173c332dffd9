package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a longer result, with the total number of matches.
 *
 * <p>Counting every match of a broad query costs time that grows with the table, so a store may stop counting once
 * it knows more than {@code max(COUNTED_UP_TO, offset + limit)} match, unless the paging asks for an exact total.
 * The total is then a lower bound and {@code totalExact} is false: more files than {@code total} match (it is
 * {@code max(COUNTED_UP_TO, offset + limit)}), and more follow this page. Totals a store knows without counting (its counters) stay exact however large.
 *
 * @param totalExact whether {@code total} is exact (true) or a lower bound (false)
 */
public record Page<T>(List<T> items, long total, int limit, int offset, boolean totalExact) {
    /** Matches a store counts at least before it may report a lower bound (see the class comment). */
    public static final long COUNTED_UP_TO = 10_000;

    public Page {
        require(items != null, "a page needs its items");
        require(total >= items.size(), "a page's total cannot be smaller than its items");
        require(totalExact || (items.size() == limit && total >= Math.max(COUNTED_UP_TO, (long) offset + limit)),
                "a page whose total is a lower bound must be full, and its total must reach the counting bound");
        items = List.copyOf(items);
    }

    /** A page with an exact total. */
    public Page(List<T> items, long total, int limit, int offset) {
        this(items, total, limit, offset, true);
    }

    /** Whether files follow this page: always when the total is a lower bound. */
    public boolean hasMore() {
        return !totalExact || (long) offset + items.size() < total;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, limit, offset, totalExact);
    }
}
