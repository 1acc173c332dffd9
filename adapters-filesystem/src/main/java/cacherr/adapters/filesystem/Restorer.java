package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Undo and release, which are one operation: whatever state a placement is in (complete, or interrupted after the
 * temporary copy, the backup link or the temporary symlink), put the original back at the media path first, and only
 * then remove the cached copy — unless it is the last copy of the data, in which case it goes back to the media path
 * instead. It reads the state from the disk, so it is idempotent and safe to repeat after an interruption.
 *
 * <p>Every check comes before the first change: the state is read, the whole outcome decided (including that the cached
 * copy holds the same bytes as the file that will stay, compared byte for byte), and only then is anything moved or
 * deleted. Anything it cannot account for (a different file under a name it would use, a cached copy edited since it
 * was cached) is left as it is and reported, with nothing moved — unless the caller asked to keep both, in which case a
 * differing cached copy is renamed aside on the cache instead of deleted (nothing is ever deleted that is not proven
 * byte-identical to the file that stays). Each step is confined through the {@link Guard} right before it is taken.
 */
final class Restorer {
    /** What happens to the backup of a swapped original. */
    private enum BackupStep { NONE, PUT_BACK, UNLINK }

    /** What happens to the cached copy once the original is back. */
    private enum CopyStep { NONE, DELETE, MOVE_BACK, KEEP_ASIDE }

    private final Roots roots;
    private final Directories directories;
    private final AtomicCopy copier;
    private final Guard guard;
    private final Runnable afterChecks;

    Restorer(Roots roots, Directories directories, AtomicCopy copier, Guard guard) {
        this(roots, directories, copier, guard, () -> { });
    }

    /** With a step run between the checks and the first change: a seam, so a test can act in that instant. */
    Restorer(Roots roots, Directories directories, AtomicCopy copier, Guard guard, Runnable afterChecks) {
        this.roots = roots;
        this.directories = directories;
        this.copier = copier;
        this.guard = guard;
        this.afterChecks = afterChecks;
    }

    void restore(PlacementPaths paths) {
        restore(paths, false);
    }

    /**
     * With {@code keepBoth}, a cached copy that holds other bytes than the file that stays at the media path is
     * renamed aside (see {@link Names#kept}) instead of being refused over: nothing is deleted, both files are kept.
     * Returns where the copy was kept, or null when it was not kept aside.
     */
    Path restore(PlacementPaths paths, boolean keepBoth) {
        for (Path temp : temporaries(paths)) Leftovers.requireOurs(temp);
        FileFacts backup = FileFacts.read(paths.backup());
        FileFacts media = FileFacts.read(paths.media());
        FileFacts cached = FileFacts.read(paths.cached());
        BackupStep backupStep = backupStep(paths, backup, media);
        CopyStep copyStep = copyStep(paths, backup, media, cached, backupStep, keepBoth);
        Path kept = copyStep == CopyStep.KEEP_ASIDE ? requireKeptNameFree(paths) : null;
        afterChecks.run();
        for (Path temp : temporaries(paths)) Leftovers.remove(temp, guard);
        switch (backupStep) {
            case PUT_BACK -> putOriginalBack(paths);
            case UNLINK -> {
                // A swap interrupted before its rename: the media path still is the original, the backup a second name.
                guard.before(Guard.Step.DELETE, paths.backup());
                Failures.run("remove the backup link", paths.backup(), () -> Files.delete(paths.backup()));
            }
            default -> { }
        }
        switch (copyStep) {
            case DELETE -> deleteCopy(paths, cached, backupStep == BackupStep.PUT_BACK ? backup : media);
            case MOVE_BACK -> moveBack(paths);
            case KEEP_ASIDE -> keepAside(paths, kept);
            default -> { }
        }
        directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
        return kept;
    }

    private static List<Path> temporaries(PlacementPaths paths) {
        return List.of(paths.tempLink(), paths.tempCopy(), Names.tempCopy(paths.media()));
    }

    private static boolean linkedToCache(PlacementPaths paths, FileFacts media) {
        return media != null && media.symlink() && paths.cached().equals(FileFacts.linkTarget(paths.media()));
    }

    private static BackupStep backupStep(PlacementPaths paths, FileFacts backup, FileFacts media) {
        if (backup == null) return BackupStep.NONE;
        if (!backup.regular()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.backup() + " is not a regular file, so it is not a backup"
                    + " of " + paths.media() + "; both were left as they are");
        }
        if (media == null || linkedToCache(paths, media)) return BackupStep.PUT_BACK;
        // A swap interrupted before its rename: the media path still is the original, the backup a second name.
        if (media.sameFileAs(backup)) return BackupStep.UNLINK;
        throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " is neither the original nor a link to "
                + paths.cached() + ", while " + paths.backup() + " holds the original; both were left as they are");
    }

    /**
     * Decides the cached copy's fate from the state the media path will be in once the backup step is done: the
     * backup's file when it is put back, the media path as it is otherwise.
     */
    private CopyStep copyStep(PlacementPaths paths, FileFacts backup, FileFacts media, FileFacts cached,
                              BackupStep backupStep, boolean keepBoth) {
        boolean putBack = backupStep == BackupStep.PUT_BACK;
        Path kept = putBack ? paths.backup() : paths.media();
        FileFacts keptFacts = putBack ? backup : media;
        boolean linkedAfter = !putBack && linkedToCache(paths, media);
        if (cached == null) {
            if (linkedAfter) {
                throw Failures.refuse(Problem.NOT_FOUND, paths.media() + " links to " + paths.cached()
                        + ", which is gone, and no backup of the original exists: no copy of the data is left");
            }
            return CopyStep.NONE;
        }
        if (!cached.regular()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.cached() + " is not a regular file; it was left as it is");
        }
        if (keptFacts != null && keptFacts.regular()) {
            guard.before(Guard.Step.READ, kept);
            guard.before(Guard.Step.READ, paths.cached());
            if (Contents.same(kept, keptFacts, paths.cached(), cached)) return CopyStep.DELETE;
            if (keepBoth) return CopyStep.KEEP_ASIDE;
            throw differ(paths, kept, linkedToCache(paths, media));
        }
        if (keptFacts == null || linkedAfter) return CopyStep.MOVE_BACK;
        throw Failures.refuse(Problem.NOT_POSSIBLE, paths.media() + " is a symlink to somewhere else than "
                + paths.cached() + "; both were left as they are");
    }

    /** The cached copy holds other bytes than the file that would stay: it may be the only copy of its data. */
    private static RuntimeException differ(PlacementPaths paths, Path kept, boolean servedFromCache) {
        String what = servedFromCache
                ? "the cached copy " + paths.cached() + " was changed after it was cached (written through "
                        + paths.media() + ", which links to it, or directly), so it differs from the original kept at "
                        + kept + ". Nothing was moved or deleted: " + paths.media() + " still shows the changed data."
                        + " To keep the change, move " + paths.cached() + " over " + paths.media() + " and delete "
                        + kept + "; to drop it, delete " + paths.cached() + "; then remove the file again"
                : "the file at the cached path " + paths.cached() + " holds other data than " + kept + ", so it may"
                        + " be the only copy of its data. Nothing was moved or deleted. Keep the one you want at "
                        + paths.media() + ", delete " + paths.cached() + ", then remove the file again";
        return Failures.refuse(Problem.NOT_POSSIBLE, what + ". Or, to take the file off the cache and keep both, remove"
                + " it again with keep_both=true: the original " + (servedFromCache ? "goes back to " : "stays at ")
                + paths.media() + " and the cached copy is renamed to " + Names.kept(paths.cached())
                + ", where it stays on the cache for you to look at");
    }

    /** Where a differing copy is kept aside: that name must be free, checked before anything changes. */
    private static Path requireKeptNameFree(PlacementPaths paths) {
        Path kept = Names.kept(paths.cached());
        if (FileFacts.read(kept) != null) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, kept + " already holds a cached copy kept earlier; move it"
                    + " away, then remove the file again; nothing was changed");
        }
        return kept;
    }

    /** rename(2) replaces the symlink in one step: the media path never goes missing. */
    private void putOriginalBack(PlacementPaths paths) {
        guard.before(Guard.Step.RENAME, paths.media());
        Failures.run("put the original back from", paths.backup(),
                () -> Files.move(paths.backup(), paths.media(), StandardCopyOption.ATOMIC_MOVE));
        Durability.syncDirectory(paths.media().getParent());
    }

    /**
     * Deletes the cached copy, proven the same bytes as the file now at the media path — provided nothing has
     * written to it since that proof (its inode change time, which no program can set back, says so).
     */
    private void deleteCopy(PlacementPaths paths, FileFacts compared, FileFacts kept) {
        FileFacts now = FileFacts.read(paths.cached());
        if (now == null) return;
        // A second name of the kept file (a hard link) holds nothing of its own; its change time moves with the kept
        // file's links, so it is not a sign of a write.
        if (!compared.sameFileAs(kept) && !now.untouchedSince(compared)) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.cached() + " was written to while it was being taken"
                    + " off the cache; the original is back at " + paths.media() + " and the cached copy was left as"
                    + " it is, as it may hold the only copy of that change");
        }
        guard.before(Guard.Step.DELETE, paths.cached());
        Failures.run("delete the cached copy", paths.cached(), () -> Files.delete(paths.cached()));
    }

    /**
     * Both files are kept: the cached copy gets its kept name next to where it was (a hard link, which never replaces
     * a file that appeared under that name meanwhile), then loses its cached name. Nothing is deleted.
     */
    private void keepAside(PlacementPaths paths, Path kept) {
        guard.before(Guard.Step.LINK, kept);
        Failures.run("keep the differing cached copy " + paths.cached() + " as", kept,
                () -> Files.createLink(kept, paths.cached()));
        guard.before(Guard.Step.DELETE, paths.cached());
        Failures.run("remove the cached name of the copy kept as " + kept + ",", paths.cached(),
                () -> Files.delete(paths.cached()));
        Durability.syncDirectory(kept.getParent());
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
