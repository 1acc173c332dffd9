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
        removeTemporary(paths.tempLink());
        removeTemporary(paths.tempCopy());
        removeTemporary(Names.tempCopy(paths.media()));
        putOriginalBack(paths);
        settleCachedCopy(paths);
        directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
    }

    private void removeTemporary(Path temp) {
        guard.before(Guard.Step.DELETE, temp);
        Failures.run("remove the temporary file", temp, () -> Files.deleteIfExists(temp));
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

    private void settleCachedCopy(PlacementPaths paths) {
        FileFacts cached = FileFacts.read(paths.cached());
        FileFacts media = FileFacts.read(paths.media());
        boolean linkedToCache = media != null && media.symlink()
                && paths.cached().equals(FileFacts.linkTarget(paths.media()));
        if (cached == null) {
            if (linkedToCache) {
                throw Failures.refuse(Problem.NOT_FOUND, paths.media() + " links to " + paths.cached()
                        + ", which is gone, and no backup of the original exists: no copy of the data is left");
            }
            return;
        }
        if (!cached.regular()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.cached() + " is not a regular file; it was left as it is");
        }
        if (media != null && media.regular()) {
            deleteDuplicate(paths, cached, media);
        } else if (media == null || linkedToCache) {
            moveBack(paths);
        } else {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " is a symlink to somewhere else than "
                    + paths.cached() + "; both were left as they are");
        }
    }

    /** Deletes the cached copy, but only when the file at the media path holds the same data. */
    private void deleteDuplicate(PlacementPaths paths, FileFacts cached, FileFacts media) {
        if (!cached.matches(media)) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " and its cached copy " + paths.cached()
                    + " differ (size or modification time), so the cached copy may be the only copy of its data;"
                    + " both were left as they are");
        }
        guard.before(Guard.Step.DELETE, paths.cached());
        Failures.run("delete the cached copy", paths.cached(), () -> Files.delete(paths.cached()));
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
