package cacherr.adapters.persistence;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Values kept under a key, each with the mark of what it was made from — a row's stamp ({@link RememberedRows}), rows'
 * text ({@link RememberedReads}), the books' stamp ({@link KeptAnswers}): a value is taken again only under the same
 * mark (compared by value, a byte array by its bytes), so nothing needs invalidating. Bounded by weight — each value
 * weighs what its user says: 1 a row, a page its results, an answer its files — and, when asked, by how many values;
 * the least recently used (kept or looked up) go first. A value heavier than the bound is not kept, and whatever was
 * kept under its key stays (at its own mark). Safe for several threads: each call holds the lock on this keeper, and a
 * user may hold it around several (a page of rows, one lock).
 */
final class Keeper<K, M, V> {
    private record Kept<M, V>(M mark, V value, int weight) {
    }

    private final Map<K, Kept<M, V>> byKey = new LinkedHashMap<>(16, 0.75f, true);
    private final int capacity;
    private final int most;
    private int weight;
    // for tests: how many values were kept, how many taken again
    private long kept, taken;

    /** Keeps values up to {@code capacity} in weight. */
    Keeper(int capacity) {
        this(capacity, Integer.MAX_VALUE);
    }

    /** Keeps values up to {@code capacity} in weight and {@code most} in number. */
    Keeper(int capacity, int most) {
        this.capacity = capacity;
        this.most = most;
    }

    /** Whether a value of this weight would be kept at all. */
    boolean keeps(int weight) {
        return weight <= capacity;
    }

    /**
     * The value kept under {@code key} at {@code mark}, or null. Called for every row of a page ({@link RememberedRows}):
     * compared here, not through {@link #find}'s predicate, which would be an object made per call.
     */
    synchronized V get(K key, M mark) {
        Kept<M, V> found = byKey.get(key);
        return found != null && Objects.deepEquals(found.mark(), mark) ? taken(found) : null;
    }

    /**
     * The value kept under {@code key} at a mark that {@code matches} (for a mark of several parts, any of which
     * stands for the value alone), or null.
     */
    synchronized V find(K key, Predicate<M> matches) {
        Kept<M, V> found = byKey.get(key);
        return found != null && matches.test(found.mark()) ? taken(found) : null;
    }

    private V taken(Kept<M, V> found) {
        taken++;
        return found.value();
    }

    /**
     * Keeps {@code value}, made at {@code mark}, under {@code key} in place of what was kept there, unless it is
     * heavier than the bound; the least recently used go until the rest is within it. Whether it was kept.
     */
    synchronized boolean put(K key, M mark, V value, int weight) {
        if (!keeps(weight)) return false;
        Kept<M, V> former = byKey.put(key, new Kept<>(mark, value, weight));
        this.weight += weight - (former == null ? 0 : former.weight());
        kept++;
        Iterator<Kept<M, V>> eldest = byKey.values().iterator();
        while (this.weight > capacity || byKey.size() > most) {
            this.weight -= eldest.next().weight();
            eldest.remove();
        }
        return true;
    }

    /**
     * The value kept under {@code key} at {@code mark}; else the one {@code made} (the lock not held meanwhile), kept
     * at {@code mark} with the weight {@code weigh} gives it, unless it is null.
     */
    V value(K key, M mark, Supplier<V> made, ToIntFunction<V> weigh) {
        V value = get(key, mark);
        if (value != null) return value;
        value = made.get();
        if (value != null) put(key, mark, value, weigh.applyAsInt(value));
        return value;
    }

    /** For tests: the weight kept in all. */
    synchronized int weight() {
        return weight;
    }

    /** For tests: how many values were kept, and how many were taken again. */
    synchronized long[] counts() {
        return new long[] {kept, taken};
    }
}
