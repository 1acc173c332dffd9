package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;

/**
 * What caching a file did.
 *
 * @param file    the file as recorded now
 * @param outcome what happened
 * @param note    why the storage placed it differently from what was asked, or null
 */
public record CacheResult(CachedFile file, Outcome outcome, String note) {
    public enum Outcome {
        /** Newly placed and recorded. */
        PLACED,
        /** Placed again under its existing record (it was removed or orphaned). */
        PLACED_AGAIN,
        /** Already on the cache; the user was added to it. */
        USER_ADDED,
        /** Already on the cache for this user; nothing changed. */
        UNCHANGED
    }

    /** True when a new record was made. */
    public boolean created() {
        return outcome == Outcome.PLACED;
    }
}
