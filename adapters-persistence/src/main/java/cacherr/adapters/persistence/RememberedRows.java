package cacherr.adapters.persistence;

import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CachedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * Values rebuilt lately from rows of one table of one database, each under its row's rowid with a mark read beside
 * it: a row read again with the same mark holds the same values, so its value — immutable, one object for every
 * reader — is taken again without reading or rebuilding the row. A changed row has another mark and is read and
 * rebuilt; nothing needs invalidating. The least recently used go first.
 *
 * <ul>
 * <li>Files ({@link #files}): the mark is the row's {@code row_stamp} (schema v21), which triggers draw anew on every
 * write to the row or its attributions, whoever writes.</li>
 * <li>Audit entries ({@link #entries}): the mark is the entry's id and its row's {@code row_stamp} (schema v24), drawn
 * anew by triggers on every insert and update of the row, whoever writes. This service never changes an entry once
 * written (pruning deletes) and never gives an id twice; the stamp covers another program's edit in place, or its
 * delete and insert again under the same rowid and id. A rowid renumbered by {@code VACUUM} keeps its row's stamp (0
 * for rows untouched since v24) but comes with another id.</li>
 * </ul>
 *
 * <p>One per database (per session factory) and table: two databases hold the same rowids and the same stamp 0 (rows
 * untouched since v21) for other files.
 */
final class RememberedRows<M, T> {
    /** How many files are kept: 40 pages of 50. */
    static final int FILES = 2_000;
    /** How many audit entries are kept: two pages of 500, or 40 of 50. */
    static final int ENTRIES = 2_000;
    private static final Map<SessionFactory, RememberedRows<Long, CachedFile>> FILES_BY_DATABASE = new WeakHashMap<>();
    private static final Map<SessionFactory, RememberedRows<EntryMark, AuditEntry>> ENTRIES_BY_DATABASE =
            new WeakHashMap<>();

    /** A row as a query selects it first: its rowid and the mark read beside it. */
    record Row<M>(long rowid, M mark) {
    }

    /** What an audit entry is kept under besides its rowid: its id and its row's stamp. */
    record EntryMark(String id, long stamp) {
    }

    /** Each row weighs 1: {@code capacity} rows. */
    private final Keeper<Long, M, T> kept;

    RememberedRows(int capacity) {
        this.kept = new Keeper<>(capacity);
    }

    /** The files remembered for the database of {@code sessions}, by {@code seq} and {@code row_stamp}. */
    static RememberedRows<Long, CachedFile> files(SessionFactory sessions) {
        synchronized (FILES_BY_DATABASE) {
            return FILES_BY_DATABASE.computeIfAbsent(sessions, s -> new RememberedRows<>(FILES));
        }
    }

    /** The audit entries remembered for the database of {@code sessions}, by rowid, id and stamp. */
    static RememberedRows<EntryMark, AuditEntry> entries(SessionFactory sessions) {
        synchronized (ENTRIES_BY_DATABASE) {
            return ENTRIES_BY_DATABASE.computeIfAbsent(sessions, s -> new RememberedRows<>(ENTRIES));
        }
    }

    /**
     * The values of {@code rows}, in their order: each kept at its row's mark is taken again; {@code read} makes the
     * others — given those rows in order, it reads them (in one query, in the transaction that read their marks) and
     * returns their values in the same order —, and they are kept at those marks.
     */
    List<T> values(List<Row<M>> rows, Function<List<Row<M>>, List<T>> read) {
        List<T> values = new ArrayList<>(rows.size());
        List<Row<M>> missed = new ArrayList<>();
        synchronized (kept) { // one lock for the page
            for (Row<M> row : rows) {
                T value = kept.get(row.rowid(), row.mark());
                values.add(value);
                if (value == null) missed.add(row);
            }
        }
        if (missed.isEmpty()) return values;
        List<T> made = read.apply(missed);
        for (int i = 0, next = 0; i < values.size(); i++) {
            if (values.get(i) == null) values.set(i, made.get(next++));
        }
        synchronized (kept) {
            for (int i = 0; i < made.size(); i++) {
                Row<M> row = missed.get(i);
                kept.put(row.rowid(), row.mark(), made.get(i), 1);
            }
        }
        return values;
    }
}
