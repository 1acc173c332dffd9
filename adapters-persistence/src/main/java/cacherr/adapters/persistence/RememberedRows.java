package cacherr.adapters.persistence;

import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CachedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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

    /** For each row ({@code rows[i]}, {@code marks.get(i)}), the value rebuilt from it with that mark, or null. */
    List<T> get(long[] rows, List<M> marks) {
        List<T> values = new ArrayList<>(rows.length);
        synchronized (kept) { // one lock for the page
            for (int i = 0; i < rows.length; i++) values.add(kept.get(rows[i], marks.get(i)));
        }
        return values;
    }

    /** Keeps each of {@code values}, rebuilt from the row ({@code rows[i]}, {@code marks.get(i)}). */
    void put(long[] rows, List<M> marks, List<T> values) {
        synchronized (kept) {
            for (int i = 0; i < rows.length; i++) kept.put(rows[i], marks.get(i), values.get(i), 1);
        }
    }
}
