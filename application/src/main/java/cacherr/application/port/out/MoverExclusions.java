package cacherr.application.port.out;

import java.util.SortedSet;

/**
 * Driven port: the list of cached paths Unraid's mover must leave on the cache (the skip list the Mover Tuning plugin
 * reads). The application decides which paths are on it; an adapter writes them where and how the reader expects
 * them (host paths, one per line, beside the user's own lines).
 */
public interface MoverExclusions {
    /**
     * Makes the list hold exactly {@code cachedPaths} (paths as Cacherr sees them), atomically: a reader sees the whole
     * previous list or the whole new one, never a part.
     *
     * @throws StorageException when the list cannot be written; it is then as it was
     */
    void write(SortedSet<String> cachedPaths);

    /** How the list stands now, in words for the page and the API. */
    MoverListInspection inspect();
}
