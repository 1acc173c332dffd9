package cacherr.adapters.persistence;

import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What recent list queries counted about their selection, kept so a query asked again while the books are unchanged
 * does not count again: the selection's total (exact, or a lower bound where a count stopped), the matches of the
 * index that drives it, the user's attributions, and which side of a user and a search drives. A list with a user or a
 * search beside other filters otherwise counts its total by reading rows, up to 10,000 of them, on every request (a
 * search of 70 % of the paths narrowed by a size range: some 30,000 rows, p99 1.1 s under 8 clients at 100,000 files).
 *
 * <p>The same rule as {@link SelectionSnapshots}: what an entry holds was read in one read-only transaction together
 * with the {@code files} counter of {@code selection_versions} (schema v12), which moves with every change to a file's
 * row that can change which files a selection holds (a row inserted, deleted, or changed in a filtered column), and
 * the attribution counter the selection reads (schema v20: a list's user's, everyone's for a search by user, none
 * otherwise); a reader uses the entry only when it reads the same counters in its own read-only transaction.
 * Committed states never repeat a counter, so the same counters mean the same selection, and every number in the entry
 * is the one the reader would count now. The access counter does not matter: no filter reads an access column.
 *
 * <p>Every number is a pure function of the criteria and the books, so using it changes no answer: an exact total
 * answers every bound as a count would ({@link #within}), a lower bound answers the bounds up to its own.
 * Memory is bounded: at most {@link #MAX_ENTRIES} criteria (a few longs each), the least recently used dropped first.
 */
final class SelectionTotals {
    static final int MAX_ENTRIES = 64;

    /** The numbers known about one selection, at one value of the {@code files} and its attribution counters. */
    final class Known {
        private final SelectionSnapshots.Versions versions;
        private Total count;
        private final Once<Total> driverMatches = new Once<>(), userFiles = new Once<>(), userFilesInRange = new Once<>();
        private final Once<Boolean> userDrives = new Once<>();
        private final Set<FileSort.Field> paged = EnumSet.noneOf(FileSort.Field.class);
        /**
         * By sort field: the rows deep pages of this selection skipped, read without a snapshot (see
         * {@link #skippedBefore}), and the access counter they were read at.
         */
        private final Map<FileSort.Field, long[]> skipped = new EnumMap<>(FileSort.Field.class);
        private Total asCounted;
        private boolean tooLargeToKeep;
        /**
         * Held while a reader counts the selection's total: the others asking it at the same books wait and take its
         * number instead of counting too. Right after a write every client's next request finds nothing kept; each
         * counted on its own, 8 clients 8 times (a search of every user counted again a few times a second under a
         * mixed load: 50 ms of CPU an answer, 8 answers a second).
         */
        private final Object counting = new Object();

        private Known(SelectionSnapshots.Versions versions, boolean tooLargeBefore) {
            this.versions = versions;
            this.tooLargeToKeep = tooLargeBefore;
        }

        /**
         * The selection's total up to {@code bound}, from what is known, else counted by {@code count} and kept. One
         * reader counts at a time (see {@link #counting}); one that waited answers from what the other kept when it
         * can. A count that answers null (not countable that way) is not kept, and null is answered.
         */
        Total count(long bound, Supplier<Total> count) {
            Total known = kept(bound);
            if (known != null) return known;
            synchronized (counting) {
                known = kept(bound);
                if (known != null) return known;
                Total total = count.get();
                if (total != null) keep(total); // null: not countable this way
                return total;
            }
        }

        private synchronized Total kept(long bound) {
            Total known = within(this.count, bound);
            if (known != null) reused.incrementAndGet();
            return known;
        }

        /**
         * The total as {@code count} answers it, kept as it is (a search's: its key holds the bound, and some of its
         * counts are exact past the bound, which {@link #count} would answer as a lower bound). One reader counts at
         * a time (see {@link #counting}).
         */
        Total asCounted(Supplier<Total> count) {
            synchronized (counting) {
                synchronized (this) {
                    if (asCounted != null) {
                        reused.incrementAndGet();
                        return asCounted;
                    }
                }
                Total total = count.get();
                synchronized (this) {
                    counted.incrementAndGet();
                    return asCounted = total;
                }
            }
        }

        /** Whether a page of this selection sorted by {@code field} was asked before at these books (and now). */
        synchronized boolean pagedBefore(FileSort.Field field) {
            return !paged.add(field);
        }

        /**
         * The rows that deep pages of this selection sorted by {@code field} skipped before at these books
         * ({@code now}), read without a snapshot; {@code rows}, what this page skips without one, is added. Apart from
         * {@link #pagedBefore}, which a search's first pages mark: those do not make a deep page read the whole
         * selection, nor the reverse. The sum lasts while the selection's {@code files} and attribution counters do;
         * for the access sorts while the access counter does too, since an access drops their snapshot
         * ({@link SelectionSnapshots.Versions#sameFor}) — otherwise a deep page after every access would read a
         * snapshot that the next access drops.
         */
        synchronized long skippedBefore(FileSort.Field field, SelectionSnapshots.Versions now, long rows) {
            long[] paid = skipped.get(field); // {the access counter, the rows}
            if (paid == null || SelectionSnapshots.Versions.byAccess(field) && paid[0] != now.accesses()) {
                skipped.put(field, paid = new long[] {now.accesses(), 0});
            }
            long before = paid[1];
            paid[1] += rows;
            return before;
        }

        /**
         * Whether a snapshot of this selection was found too large to keep, at these books or at the books before
         * (see {@link #at}): a cost only — a page read without a snapshot is the same page.
         */
        synchronized boolean tooLargeToKeep() {
            return tooLargeToKeep;
        }

        synchronized void foundTooLargeToKeep() {
            tooLargeToKeep = true;
        }

        /** The exact total, when known (and then answered from what was kept). */
        synchronized Total exact() {
            if (count == null || !count.exact()) return null;
            reused.incrementAndGet();
            return count;
        }

        /** Keeps {@code total} (exact, or a lower bound) when it says more than what is held. */
        synchronized void keep(Total total) {
            counted.incrementAndGet();
            if (count == null || total.exact() || !count.exact() && total.value() > count.value()) count = total;
        }

        /** The driving index's matches, counted up to one fixed bound (so any held value answers it). */
        Total driverMatches(Supplier<Total> count) {
            return driverMatches.get(count);
        }

        /** The user's attributions, counted up to one fixed bound. */
        Total userFiles(Supplier<Total> count) {
            return userFiles.get(count);
        }

        /** The user's files within the cache-time range, counted up to one fixed bound. */
        Total userFilesInRange(Supplier<Total> count) {
            return userFilesInRange.get(count);
        }

        /** Whether the user drives rather than the search (see {@link FileSql#userDrives}). */
        boolean userDrives(Supplier<Boolean> choose) {
            return userDrives.get(choose);
        }
    }

    /**
     * A number worked out once per entry, which depends only on the criteria and the books: one reader works it out
     * while the others asking it wait, then take its value (a failed work leaves it to the next).
     */
    private static final class Once<T> {
        private T value;

        synchronized T get(Supplier<T> work) {
            if (value == null) value = work.get();
            return value;
        }
    }

    /** By selection: a list's {@link FileCriteria}, or a free-text search's key ({@code FileSearch}). */
    private final Map<Object, Known> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** For tests: totals kept (counted, or read with a snapshot), and totals answered from what was kept. */
    private final AtomicLong counted = new AtomicLong(), reused = new AtomicLong();

    /**
     * The entry of {@code criteria} (a list's, or a search's key) at the {@code files} and attribution counters
     * {@code versions} holds, read in the caller's read-only transaction: the one held when it was made at the same
     * counters, else a new empty one (replacing an older).
     */
    synchronized Known at(Object criteria, SelectionSnapshots.Versions versions) {
        Known known = entries.get(criteria);
        if (known != null && known.versions.sameSelection(versions)) return known;
        // a selection too large for a snapshot stays so after a write of a few files: not tried again each time
        known = new Known(versions, known != null && known.tooLargeToKeep());
        entries.put(criteria, known);
        Iterator<Map.Entry<Object, Known>> eldest = entries.entrySet().iterator();
        while (entries.size() > MAX_ENTRIES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
        return known;
    }

    synchronized void clear() {
        entries.clear();
    }

    long counted() {
        return counted.get();
    }

    long reused() {
        return reused.get();
    }

    /**
     * What a count up to {@code bound} answers, given {@code known} (exact, or "more than its value"): an exact total
     * below the bound is itself; one at or past it, or a lower bound that reaches it, is "more than bound − 1"
     * (as {@link Total#count} answers). Null when nothing is known or the lower bound is below {@code bound}.
     */
    static Total within(Total known, long bound) {
        if (known == null) return null;
        if (known.exact()) return known.value() < bound ? known : new Total(bound - 1, false);
        return bound - 1 <= known.value() ? new Total(bound - 1, false) : null;
    }
}
