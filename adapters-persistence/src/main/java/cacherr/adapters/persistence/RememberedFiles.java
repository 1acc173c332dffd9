package cacherr.adapters.persistence;

import cacherr.domain.file.CachedFile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.SessionFactory;

/**
 * Files rebuilt lately from one database, each under its row's {@code seq} with the {@code row_stamp} the row had
 * (schema v21): a row whose stamp is still that one holds the same values, and so do its attributions (triggers draw
 * a new stamp on every write to either, whoever writes), so its file is the same and neither its columns nor its
 * attributions need reading. A file is immutable, so one object serves every reader. A changed row has another stamp
 * and is read and rebuilt; nothing needs invalidating. The least recently used go first.
 *
 * <p>One per database (per session factory): two databases hold the same seqs and the same stamp 0 (rows untouched
 * since v21) for other files.
 */
final class RememberedFiles {
    /** How many files are kept: 40 pages of 50 (before v21 each with its row's and attributions' bytes beside it). */
    static final int FILES = 2_000;
    private static final Map<SessionFactory, RememberedFiles> BY_DATABASE = new WeakHashMap<>();

    private record Entry(long stamp, CachedFile file) {
    }

    private final Map<Long, Entry> bySeq;

    RememberedFiles(int files) {
        this.bySeq = new LinkedHashMap<>(files * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > files;
            }
        };
    }

    /** The files remembered for the database of {@code sessions}. */
    static RememberedFiles of(SessionFactory sessions) {
        synchronized (BY_DATABASE) {
            return BY_DATABASE.computeIfAbsent(sessions, s -> new RememberedFiles(FILES));
        }
    }

    /** For each row ({@code seqs[i]}, {@code stamps[i]}), the file rebuilt from it at that stamp, or null. */
    CachedFile[] get(long[] seqs, long[] stamps) {
        CachedFile[] files = new CachedFile[seqs.length];
        synchronized (bySeq) {
            for (int i = 0; i < files.length; i++) {
                Entry entry = bySeq.get(seqs[i]);
                if (entry != null && entry.stamp() == stamps[i]) files[i] = entry.file();
            }
        }
        return files;
    }

    /** Keeps each of {@code files}, rebuilt from the row ({@code seqs[i]}, {@code stamps[i]}). */
    void put(long[] seqs, long[] stamps, CachedFile[] files) {
        synchronized (bySeq) {
            for (int i = 0; i < files.length; i++) bySeq.put(seqs[i], new Entry(stamps[i], files[i]));
        }
    }
}
