package cacherr.adapters.persistence;

import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hibernate.StatelessSession;

/**
 * The ordered selections of recently deep-paged lists: for a query (criteria and sort field), the {@code seq} of every
 * file it selects, in ascending order of the field and then the id — the descending order is the same array read from
 * its end, since every order ends in the unique id. A page deep in a filtered list otherwise skips its offset row by
 * row, reading each row to check the filters (a search of every path at offset 51,000: 565 ms on a busy machine);
 * from a snapshot it is the slice of the array and the rows of that slice, and its total is exact.
 *
 * <p>A snapshot is used only while the books are exactly as they were when it was read: it is stored with the two
 * counters of {@code selection_versions} (schema v12, kept by triggers) and the attribution counter the selection
 * reads ({@code attribution_versions}, schema v20: its user's, or its users' for a search by user) read in the same
 * transaction, and a reader uses it only when it reads the same values in its own. {@code files} moves with any change
 * to a file's row that can change which files a selection holds or their order by any field but the access ones;
 * an attribution counter with any change to the attributions it counts; {@code accesses} with any change to an access
 * count or last access, and matters only to the lists sorted by those. Only read-only transactions read or store
 * snapshots: they see committed states alone, in which the counters never repeat (a read-write transaction sees its own
 * changes, and a rollback could take them back while the counters' values come round again).
 *
 * <p>One reader reads a selection's snapshot at a time ({@link #getOrRead}): right after a write that drops it, the
 * clients asking the same selection at the same books wait for that reader and take what it kept, instead of each
 * reading the whole selection again (8 clients on the last page of 85,000 active files: each one read its 85,000 seqs
 * after every write that changed a status or a cache time).
 *
 * <p>Memory is bounded: at most {@link #MAX_ENTRIES} snapshots and {@link #MAX_SEQS} seqs in all (4 bytes each), the
 * least recently used dropped first; a selection larger than that is not kept.
 */
final class SelectionSnapshots {
    static final int MAX_ENTRIES = 8;
    static final int MAX_SEQS = 2_000_000;

    /**
     * The counters of {@code selection_versions} (schema v12) in the reader's snapshot, and the attribution counter
     * (schema v20) of the attributions the selection reads: a user's own for a list filtered by that user, the sum of
     * the matching users' for a search by user (a sum of counters that only go up moves whenever one of them does, and
     * a user that comes to match adds a row), none (0) for any other selection — which no attribution can change.
     */
    record Versions(long files, long accesses, long attributions) {
        /** The versions for a list's {@code criteria}: its user's attributions, when it has a user. */
        static Versions of(StatelessSession session, FileCriteria criteria) {
            String user = criteria.user() == null ? null : criteria.user().value();
            return counters(session, user == null ? 0 : Jdbc.number(session,
                    "SELECT version FROM attribution_versions WHERE user_id = :user", Map.of("user", user)));
        }

        /** The versions for a search whose users are those {@code matches} accepts (null: it reads no user). */
        static Versions ofUsers(StatelessSession session, Predicate<String> matches) {
            long[] sum = {0};
            if (matches != null) {
                Jdbc.each(session, "SELECT user_id, version FROM attribution_versions", Map.of(), row -> {
                    if (matches.test(row.getString(1))) sum[0] += row.getLong(2);
                });
            }
            return counters(session, sum[0]);
        }

        private static Versions counters(StatelessSession session, long attributions) {
            List<Versions> rows = Jdbc.list(session, "SELECT files, accesses FROM selection_versions", Map.of(),
                    row -> new Versions(row.getLong(1), row.getLong(2), attributions));
            if (rows.size() != 1) throw new IllegalStateException("selection_versions must hold one row");
            return rows.get(0);
        }

        /** Whether a selection sorted by {@code field} read at {@code this} is the one read at {@code other}. */
        boolean sameFor(FileSort.Field field, Versions other) {
            return sameSelection(other) && (!byAccess(field) || accesses == other.accesses);
        }

        /** Whether the selection (its members and its order by any field but the access ones) is the same. */
        boolean sameSelection(Versions other) {
            return files == other.files && attributions == other.attributions;
        }

        static boolean byAccess(FileSort.Field field) {
            return field == FileSort.Field.ACCESS_COUNT || field == FileSort.Field.LAST_ACCESSED;
        }
    }

    /** A list's criteria, or a free-text search's key ({@code FileSearch}), and the sort field. */
    private record Key(Object criteria, FileSort.Field field) {
    }

    private record Entry(Versions versions, int[] seqs) {
    }

    /** A reader reading a selection's snapshot at {@code versions}: the others asking it at the same books wait. */
    private record Reading(Versions versions, Object lock) {
    }

    private final Map<Key, Reading> reading = new HashMap<>();

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long held;
    // for tests: how many snapshots were read from the books, how many served a page, how many were too large to keep
    private long built, used, tooLarge;

    /** The ascending seqs of the selection, when a snapshot read at the same versions is held; else null. */
    synchronized int[] get(Object criteria, FileSort.Field field, Versions now) {
        Key key = new Key(criteria, field);
        Entry entry = entries.get(key);
        if (entry == null) return null;
        if (!entry.versions().sameFor(field, now)) {
            remove(key);
            return null;
        }
        used++;
        return entry.seqs();
    }

    /**
     * The ascending seqs of the selection at {@code now}: the snapshot held, else {@code read} (null: none — too large
     * to keep, or not worth reading; answered as it is), kept when not null. One reader reads a selection at the same
     * books at a time: one that asks meanwhile waits for it, then takes the snapshot it kept, or reads on its own when
     * it kept none ({@code read} decides again; e.g. not when the first found the selection too large).
     */
    int[] getOrRead(Object criteria, FileSort.Field field, Versions now, Supplier<int[]> read) {
        int[] seqs = get(criteria, field, now);
        if (seqs != null) return seqs;
        Key key = new Key(criteria, field);
        Reading mine;
        synchronized (this) {
            mine = reading.get(key);
            if (mine == null || !mine.versions().sameFor(field, now)) {
                mine = new Reading(now, new Object());
                reading.put(key, mine);
            }
        }
        try {
            synchronized (mine.lock()) {
                seqs = get(criteria, field, now); // kept by the reader this one waited for
                if (seqs != null) return seqs;
                seqs = read.get();
                if (seqs != null) put(criteria, field, now, seqs);
                return seqs;
            }
        } finally {
            synchronized (this) {
                reading.remove(key, mine); // the waiters hold the lock itself; a later reader finds the snapshot
            }
        }
    }

    /** Keeps {@code seqs} (ascending), read at {@code versions}; a selection too large to keep is not kept. */
    synchronized void put(Object criteria, FileSort.Field field, Versions versions, int[] seqs) {
        built++;
        Key key = new Key(criteria, field);
        remove(key);
        if (seqs.length > MAX_SEQS) return;
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext() && (entries.size() >= MAX_ENTRIES || held + seqs.length > MAX_SEQS)) {
            held -= eldest.next().getValue().seqs().length;
            eldest.remove();
        }
        entries.put(key, new Entry(versions, seqs));
        held += seqs.length;
    }

    private void remove(Key key) {
        Entry old = entries.remove(key);
        if (old != null) held -= old.seqs().length;
    }

    /** Drops every snapshot (the benchmark times a first deep page with it). */
    synchronized void clear() {
        entries.clear();
        held = 0;
    }

    /** Notes a snapshot read from the books and found too large to keep (for tests). */
    synchronized void foundTooLarge() {
        tooLarge++;
    }

    synchronized long tooLarge() {
        return tooLarge;
    }

    synchronized long built() {
        return built;
    }

    synchronized long used() {
        return used;
    }

    /**
     * The ascending seqs selected by {@code where} (over {@code cached_files f}, parameters {@code params}), ordered by
     * {@code column} then id; null when one does not fit an int or there are more than {@link #MAX_SEQS}.
     */
    static int[] read(StatelessSession session, String where, Map<String, ?> params, String column) {
        return read(session, where, params, column, MAX_SEQS);
    }

    /** As {@link #read(StatelessSession, String, Map, String)}, null past {@code most} seqs. */
    static int[] read(StatelessSession session, String where, Map<String, ?> params, String column, int most) {
        int[][] seqs = {new int[1024]};
        int[] size = {0};
        boolean[] fits = {true};
        // the reading stops at the first row that does not fit: the rest would be stepped through for nothing
        Jdbc.eachWhile(session, "SELECT f.seq FROM cached_files f" + where + " ORDER BY f." + column + " ASC, f.id ASC",
                params, row -> {
                    long seq = row.getLong(1);
                    if (seq > Integer.MAX_VALUE || seq < Integer.MIN_VALUE || size[0] == Math.min(most, MAX_SEQS)) {
                        fits[0] = false;
                        return false;
                    }
                    if (size[0] == seqs[0].length) seqs[0] = Arrays.copyOf(seqs[0], seqs[0].length * 2);
                    seqs[0][size[0]++] = (int) seq;
                    return true;
                });
        return fits[0] ? Arrays.copyOf(seqs[0], size[0]) : null;
    }
}
