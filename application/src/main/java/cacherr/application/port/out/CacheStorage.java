package cacherr.application.port.out;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.util.List;
import java.util.function.Predicate;

/**
 * Driven port: the files themselves. Every operation is atomic and confined: a path outside the configured roots is
 * refused before anything is touched, no half-written file is ever visible under a final name, the media path never
 * stops existing while it is swapped, and the last good copy of a file is never deleted. Failures are
 * {@link StorageException}s that say what was wrong.
 */
public interface CacheStorage {
    /**
     * Plans placing the file at {@code mediaPath} on the cache: checks the path is inside an array root and is a
     * regular file, computes its cached path, checks it fits (free-space reserve, cache limit), and picks the method
     * that will really be used — {@code requested}, unless the original cannot be swapped safely (more than one hard
     * link: copied instead; another file system for a hard link: refused or copied, as configured), in which case
     * {@link Placement#note()} says why. Changes nothing.
     */
    Placement plan(String mediaPath, CacheMethod requested);

    /**
     * Where a file placed with {@code method} lives, from its media path alone, without checking the files
     * (for adopting a file already on the cache, and for recovery). The size is read from whichever copy exists.
     */
    Placement locate(String mediaPath, CacheMethod method);

    /**
     * Carries out a planned placement. When it throws, nothing of it is left behind and the original is as it was.
     * A placement that is already complete is left as it is.
     *
     * @return the placement as done (its size as copied)
     */
    Placement place(Placement plan);

    /**
     * Undoes a placement, complete or interrupted at any step: the media path is the original file again, the cached
     * copy and every temporary file are gone. Idempotent. Never deletes the only copy of the data.
     */
    void undo(Placement placement);

    /**
     * Takes a file off the cache: restores the original at the media path first (when it was swapped), then deletes
     * the cached copy — unless that copy is the only one left, in which case it is moved back to the original path.
     * Idempotent, and safe to call again after an interruption.
     */
    void release(Placement placement);

    /**
     * Like {@link #release}, except when the cached copy and the file at the media path hold different data (the
     * original was replaced while it was cached, or the copy was edited), which {@code release} refuses: then both are
     * kept: the original stays at (or goes back to) the media path, and the cached copy is renamed aside on the cache
     * under a name that says so. Nothing is deleted that {@code release} would not delete.
     *
     * @return where the differing cached copy was kept, or null when there was none and this was a plain release
     */
    default String releaseKeepingBoth(Placement placement) {
        release(placement);
        return null;
    }

    /** Checks a placement: cached copy present with the right size (and checksum when asked), link and original. */
    Inspection inspect(Placement placement, boolean checksum);

    /** Whether any process has the file at {@code path} open right now. */
    boolean isInUse(String path);

    /**
     * Whether any process has any of {@code paths} open right now. An adapter whose check is costly (a pass over every
     * open file of the machine) should answer for all of them in one pass.
     */
    default boolean anyInUse(String... paths) {
        for (String path : paths) {
            if (isInUse(path)) return true;
        }
        return false;
    }

    /** Space on the cache. */
    CacheSpace space();

    /** Removes temporary files left by interrupted operations; returns the paths removed. */
    List<String> sweepLeftovers();

    /**
     * Media paths that were swapped for a copy on the cache ({@code atomic_symlink}: the media path is a symlink to the
     * cached copy and the original's backup lies beside it), among the cached files whose media path {@code wanted}
     * accepts — the caller passes "has no record". Walks the cache only: the array is looked at only for the media
     * paths {@code wanted} accepted, so its spun-down disks are not woken for files the books know. Each placement
     * carries the original's size (the backup's), so an {@link #inspect} tells whether the copy matches it. Changes
     * nothing.
     */
    List<Placement> findSwapped(Predicate<String> wanted);
}
