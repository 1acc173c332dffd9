package cacherr.adapters.persistence;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
    /** The answers being read now, by the question and stamp they answer. */
    private final ConcurrentHashMap<Reading<K>, CompletableFuture<V>> underWay = new ConcurrentHashMap<>();

    private record Reading<K>(K question, long stamp) {
    }

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
        return answerAt(question, Jdbc.number(session, STAMP, Map.of()), read);
    }

    /**
     * The answer to {@code question} at books {@code stamp}: the one kept; else the one another reader is reading at
     * the same stamp, waited for; else {@code read}, kept. Readers that ask the same question right after a write read
     * it once between them, not each (eight clients asking a deep page of 31,000 of a user's files at 400,000 files,
     * with 20 writes a second beside them, each read it: ~7 ms of CPU an answer, p99 133-172 ms). The answer waited
     * for is read at the same books, so it is the one this reader would read. When that read fails, the question is
     * asked again: one waiter reads it then, and keeps it; each fails or not on its own read.
     */
    V answerAt(K question, long stamp, Supplier<V> read) {
        V found = kept.get(question, stamp);
        if (found != null) return found;
        Reading<K> reading = new Reading<>(question, stamp);
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = underWay.putIfAbsent(reading, mine);
        if (theirs != null) {
            V waited = waitFor(theirs);
            if (waited != null) return waited;
            // that read failed: asked again (this reader may read it now, and keep it); interrupted, it reads alone
            return Thread.currentThread().isInterrupted() ? read.get() : answerAt(question, stamp, read);
        }
        V value = null;
        try {
            value = read.get();
            if (value != null) kept.put(question, stamp, value, rowsOf.applyAsInt(value));
            return value;
        } finally {
            underWay.remove(reading, mine);
            mine.complete(value); // null when the read failed: the waiters read for themselves
        }
    }

    /** What another reader read, or null when its read failed (or this thread was interrupted meanwhile). */
    private static <V> V waitFor(CompletableFuture<V> theirs) {
        try {
            return theirs.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null; // never completed so: a failed read completes with null
        }
    }

    /** For tests: how many answers were read and kept, and how many were taken again. */
    long[] counts() {
        return kept.counts();
    }
}
