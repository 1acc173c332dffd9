package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import java.util.List;
import java.util.function.Function;

/** One page of a longer result, with the total number of matches. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
    public Page {
        require(items != null, "a page needs its items");
        require(total >= items.size(), "a page's total cannot be smaller than its items");
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return (long) offset + items.size() < total;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, limit, offset);
    }
}
