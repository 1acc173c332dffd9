package cacherr.adapters.persistence;

import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Values made lately from rows, each kept with the rows' whole text as SQLite writes it ({@link #text}: every column's
 * value as the reader reads it): rows that read as the same text make the same value, so that
 * value — immutable, one object for every reader — is taken again without reading the rows column by column and
 * making it anew. Rows changed by anyone (this service, another program, a copy restored under it) read as another
 * text and are read and made anew: nothing needs invalidating, and a text kept can never stand for other rows.
 *
 * <p>A batch ({@link SqliteBatchOperations#find}); a batch's page of results is kept by its {@link #text} and its
 * batch's results stamp together ({@link SqliteBatchOperations#results}). 100 results are 1,600 values, each its own
 * call through JNI (~0.6 µs) and most of them strings — ~1 ms in-process —, against one text of ~48 KB made by
 * SQLite (~0.2 ms), read and compared (docs/PERFORMANCE.md, "Tenth round"). Kept for the least recently used keys up
 * to {@code capacity} in weight; a value heavier than that is not kept. One per adapter; safe for several threads. A
 * pair kept is right whatever becomes of the transaction that read it (a rollback leaves a value true to its text).
 */
final class RememberedReads<K, V> {
    private final Keeper<K, byte[], V> kept;

    RememberedReads(int capacity) {
        this.kept = new Keeper<>(capacity);
    }

    /**
     * The SQL of one row's text: {@code json_array} of each of {@code columns} as text ({@code CAST … AS TEXT}). The
     * reader's getters ({@code getString}, {@code getInt}, {@code getLong}) read each value through SQLite's own
     * conversions, which give for any value what they give for its text (a real's text reads back as the same
     * number: SQLite writes as many digits as that takes); NULL stays {@code null}, and JSON's escapes keep texts
     * apart, a NUL or a comma in them too. A blob reads as its bytes' text, as the getters read it (and
     * {@code json_array} refuses blobs). So two rows that read as the same text give the same values. One call a
     * row, ~2 µs for a result of 16 columns in-process; {@code quote()} of each column cost about three times that.
     */
    static String text(String... columns) {
        StringBuilder sql = new StringBuilder("json_array(");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("CAST(").append(columns[i]).append(" AS TEXT)");
        }
        return sql.append(')').toString();
    }

    /** Whether a value of this weight would be kept at all (a heavier one is read the usual way, without its text). */
    boolean keeps(int weight) {
        return kept.keeps(weight);
    }

    /**
     * The value made lately under {@code key} from rows that read as {@code text}; else the one {@code made} from them
     * (null for none), kept with the weight {@code weigh} gives it.
     */
    V value(K key, byte[] text, Supplier<V> made, ToIntFunction<V> weigh) {
        return kept.value(key, text, made, weigh);
    }
}
