package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Undo and release, which are one operation: whatever state a placement is in (complete, or interrupted after the
 * temporary copy, the backup link or the temporary symlink), put the original back at the media path first, and only
 * then remove the cached copy — unless it is the last copy of the data, in which case it goes back to the media path
 * instead. It reads the state from the disk, so it is idempotent and safe to repeat after an interruption. Anything it
 * cannot account for (a different file under a name it would use) is left as it is and reported.
 */
final class Restorer {
    private final Roots roots;
    private final Directories directories;
    private final AtomicCopy copier;
    private final Guard guard;

    Restorer(Roots roots, Directories directories, AtomicCopy copier, Guard guard) {
        this.roots = roots;
        this.directories = directories;
        this.copier = copier;
        this.guard = guard;
    }

    void restore(PlacementPaths paths) {
        restore(paths, false);
    }

    /**
     * With {@code keepBoth}, a cached copy that differs from the file at the media path is renamed aside (see
     * {@link Names#kept}) instead of being refused over; returns where it was kept, or null.
     */
    Path restore(PlacementPaths paths, boolean keepBoth) {
        removeTemporary(paths.tempLink());
        removeTemporary(paths.tempCopy());
        removeTemporary(Names.tempCopy(paths.media()));
        putOriginalBack(paths);
        Path kept = settleCachedCopy(paths, keepBoth);
        directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
        return kept;
    }

    private void removeTemporary(Path temp) {
        Leftovers.remove(temp, guard);
    }

    private void putOriginalBack(PlacementPaths paths) {
        FileFacts backup = FileFacts.read(paths.backup());
        if (backup == null) return;
        if (!backup.regular()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.backup() + " is not a regular file, so it is not a backup"
                    + " of " + paths.media() + "; both were left as they are");
        }
        FileFacts media = FileFacts.read(paths.media());
        if (media == null || media.symlink() && paths.cached().equals(FileFacts.linkTarget(paths.media()))) {
            // rename(2) replaces the symlink in one step: the media path never goes missing.
            guard.before(Guard.Step.RENAME, paths.media());
            Failures.run("put the original back from", paths.backup(),
                    () -> Files.move(paths.backup(), paths.media(), StandardCopyOption.ATOMIC_MOVE));
            Durability.syncDirectory(paths.media().getParent());
        } else if (media.sameFileAs(backup)) {
            // A swap interrupted before its rename: the media path still is the original, the backup a second name.
            guard.before(Guard.Step.DELETE, paths.backup());
            Failures.run("remove the backup link", paths.backup(), () -> Files.delete(paths.backup()));
        } else {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " is neither the original nor a link to "
                    + paths.cached() + ", while " + paths.backup() + " holds the original; both were left as they"
                    + " are");
        }
    }

    private Path settleCachedCopy(PlacementPaths paths, boolean keepBoth) {
        FileFacts cached = FileFacts.read(paths.cached());
        FileFacts media = FileFacts.read(paths.media());
        boolean linkedToCache = media != null && media.symlink()
                && paths.cached().equals(FileFacts.linkTarget(paths.media()));
        if (cached == null) {
            if (linkedToCache) {
                throw Failures.refuse(Problem.NOT_FOUND, paths.media() + " links to " + paths.cached()
                        + ", which is gone, and no backup of the original exists: no copy of the data is left");
            }
            return null;
        }
        if (!cached.regular()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.cached() + " is not a regular file; it was left as it is");
        }
        if (media != null && media.regular()) {
            return deleteDuplicate(paths, cached, media, keepBoth);
        } else if (media == null || linkedToCache) {
            moveBack(paths);
        } else {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " is a symlink to somewhere else than "
                    + paths.cached() + "; both were left as they are");
        }
        return null;
    }

    /** Deletes the cached copy, but only when the file at the media path holds the same data. */
    private Path deleteDuplicate(PlacementPaths paths, FileFacts cached, FileFacts media, boolean keepBoth) {
        if (!cached.matches(media)) {
            if (keepBoth) return keepAside(paths);
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " and its cached copy " + paths.cached()
                    + " differ (size or modification time), so the cached copy may be the only copy of its data;"
                    + " both were left as they are. To take the file off the cache and keep both, remove it again"
                    + " with keep_both=true: the cached copy is then renamed to " + Names.kept(paths.cached())
                    + " and stays on the cache for you to look at");
        }
        guard.before(Guard.Step.DELETE, paths.cached());
        Failures.run("delete the cached copy", paths.cached(), () -> Files.delete(paths.cached()));
        return null;
    }

    /** Both files are kept: the cached copy is renamed aside, next to where it was, and nothing is deleted. */
    private Path keepAside(PlacementPaths paths) {
        Path kept = Names.kept(paths.cached());
        if (FileFacts.read(kept) != null) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, kept + " already holds a cached copy kept earlier; move it"
                    + " away, then remove the file again; nothing was changed");
        }
        guard.before(Guard.Step.RENAME, kept);
        Failures.run("keep the differing cached copy " + paths.cached() + " as", kept,
                () -> Files.move(paths.cached(), kept, StandardCopyOption.ATOMIC_MOVE));
        Durability.syncDirectory(kept.getParent());
        return kept;
    }

    /** The cached copy is the last one: it becomes the file at the media path again (replacing a symlink to it). */
    private void moveBack(PlacementPaths paths) {
        Path mediaDir = paths.media().getParent();
        directories.createMissing(mediaDir, roots.arrayRootOf(paths.media()), roots.cacheRoot());
        try {
            guard.before(Guard.Step.RENAME, paths.media());
            Files.move(paths.cached(), paths.media(), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException acrossFileSystems) {
            copier.copy(paths.cached(), paths.media(), true);
            guard.before(Guard.Step.DELETE, paths.cached());
            Failures.run("delete the cached copy", paths.cached(), () -> Files.delete(paths.cached()));
        } catch (IOException e) {
            throw Failures.wrap("move the last copy back from " + paths.cached() + " to", paths.media(), e);
        }
        Durability.syncDirectory(mediaDir);
    }
}
