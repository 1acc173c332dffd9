package cacherr.adapters.persistence;

import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.hibernate.StatelessSession;

/**
 * Whole answers of one database kept per state of its books: under a question (a free-text search's query, a list's
 * filter), the answer given at the books stamp it was read at ({@code selection_versions.books_stamp}, schema v23,
 * drawn anew by every write to a file or an attribution, whoever writes). A reader that reads the same stamp in its
 * own read-only transaction sees the books the answer was read from — every table the answer is made of is kept from
 * the files and attributions by triggers — so it takes the answer again: no row, count or index read. Any other stamp
 * and the answer is read afresh and kept in its place; nothing needs invalidating.
 *
 * <p>Only read-only transactions keep or take answers: they see committed books alone, where the stamp of one state
 * is never the stamp of another (a random 64-bit number, drawn again by every write; a rollback takes the books back
 * with it). The answers hold the very objects read ({@link RememberedRows}' files), so a list shown again is copied
 * whole by the web adapter. Bounded: {@link #ANSWERS} answers and {@link #ROWS} rows in all, the least recently used
 * dropped first.
 */
final class KeptAnswers<K, V> {
    static final int ANSWERS = 16;
    /** The rows (files) the kept answers hold in all: two thousand, as {@link RememberedRows#FILES}. */
    static final int ROWS = 2_000;
    /** The stamp's statement, the only one a kept answer reads. */
    static final String STAMP = "SELECT books_stamp FROM selection_versions";

    /** False only in tests, to read every answer afresh (the former way) and reach what lies beneath. */
    static volatile boolean keep = true;

    /** Each answer weighs its rows. */
    private final Keeper<K, Long, V> kept = new Keeper<>(ROWS, ANSWERS);
    private final ToIntFunction<V> rowsOf;

    /** Keeps answers that hold {@code rowsOf} rows each. */
    KeptAnswers(ToIntFunction<V> rowsOf) {
        this.rowsOf = rowsOf;
    }

    /**
     * The answer to {@code question} at the books of {@code session}'s read-only transaction: the one kept at the same
     * stamp, else {@code read} (in the same transaction), kept.
     */
    V answer(StatelessSession session, K question, Supplier<V> read) {
        if (!keep) return read.get();
        long stamp = Jdbc.number(session, STAMP, Map.of());
        return kept.value(question, stamp, read, rowsOf);
    }

    /** For tests: how many answers were read and kept, and how many were taken again. */
    long[] counts() {
        return kept.counts();
    }
}
