package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Carries out placements. Every refusal is decided before anything is written; once writing has begun, a failure is
 * rolled back, so the original is as it was and nothing of the placement is left.
 */
final class Placer {
    private final Roots roots;
    private final Space space;
    private final Directories directories;
    private final AtomicCopy copier;
    private final FileSystemStorageSettings settings;
    private final Guard guard;

    Placer(Roots roots, Space space, Directories directories, AtomicCopy copier, FileSystemStorageSettings settings,
           Guard guard) {
        this.roots = roots;
        this.space = space;
        this.directories = directories;
        this.copier = copier;
        this.settings = settings;
        this.guard = guard;
    }

    Placement place(Placement plan, PlacementPaths paths) {
        FileFacts media = FileFacts.read(paths.media());
        if (plan.method() == CacheMethod.ATOMIC_SYMLINK && media != null && media.symlink()) {
            return alreadySwapped(plan, paths);
        }
        FileFacts original = requireOriginal(paths.media(), media);
        MethodChoice choice = MethodChoice.of(plan.method(), paths.media(), original, paths.cached(),
                settings.hardlinkFallbackToCopy());
        Placement done = new Placement(plan.mediaPath(), plan.originalPath(), plan.cachedPath(), choice.method(),
                original.size(), choice.note() != null ? choice.note() : plan.note());
        switch (choice.method()) {
            case ATOMIC_HARDLINK -> link(paths, original);
            case ATOMIC_SYMLINK -> swap(paths, original);
            default -> copy(paths, original);
        }
        return done;
    }

    /** The original as found at the media path: it must be a regular file that is not one of the adapter's own. */
    static FileFacts requireOriginal(Path media, FileFacts facts) {
        if (facts == null) throw Failures.refuse(Problem.NOT_FOUND, "no file at " + media);
        if (facts.symlink()) {
            throw Failures.refuse(Problem.NOT_A_FILE, media + " is a symlink (already on the cache?)");
        }
        if (!facts.regular() || Names.isTemporary(media)) {
            throw Failures.refuse(Problem.NOT_A_FILE, media + " is not a regular media file");
        }
        return facts;
    }

    private Placement alreadySwapped(Placement plan, PlacementPaths paths) {
        FileFacts cached = FileFacts.read(paths.cached());
        if (!paths.cached().equals(FileFacts.linkTarget(paths.media())) || cached == null || !cached.regular()) {
            throw Failures.refuse(Problem.NOT_A_FILE, paths.media() + " is a symlink, but not to its cached copy "
                    + paths.cached() + "; it was left as it is");
        }
        return new Placement(plan.mediaPath(), plan.originalPath(), plan.cachedPath(), plan.method(), cached.size(),
                plan.note());
    }

    /**
     * Copies unless a copy of this original is already there; returns whether this call wrote the cached copy. The
     * copy's size is reserved (see {@link Space}) from the check until the copy ends, so concurrent copies cannot
     * together overrun the limit or the reserve.
     */
    private boolean copy(PlacementPaths paths, FileFacts original) {
        if (hasCopy(paths, original)) return false;
        try (Space.Reservation reserved = space.reserve(original.size(), paths.cached(), paths.tempCopy())) {
            try {
                directories.createMissing(paths.cached().getParent(), roots.cacheRoot(), roots.arrayRootOf(paths.media()));
                copier.copy(paths.media(), paths.cached(), settings.checksumOnCopy());
            } catch (RuntimeException e) {
                directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
                throw e;
            }
        }
        return true;
    }

    /**
     * Whether the cached path already holds a copy of the original: the same file, or one proven to hold the same
     * bytes by comparing them (size and modification time prove nothing: a different file can share both). Anything
     * else there was not written by this placement and may be someone's data: it is neither used nor deleted.
     */
    private boolean hasCopy(PlacementPaths paths, FileFacts original) {
        FileFacts existing = FileFacts.read(paths.cached());
        if (existing == null) return false;
        guard.before(Guard.Step.READ, paths.media());
        guard.before(Guard.Step.READ, paths.cached());
        if (Contents.same(paths.media(), original, paths.cached(), existing)) return true;
        throw Failures.refuse(Problem.NOT_POSSIBLE, "a file Cacherr did not place is already at the cached path "
                + paths.cached() + " and does not hold the same data as " + paths.media() + "; it was neither used"
                + " nor deleted. Move it out of the cache (or delete it if nobody needs it), then cache again");
    }

    private void link(PlacementPaths paths, FileFacts original) {
        if (hasCopy(paths, original)) return;
        try {
            directories.createMissing(paths.cached().getParent(), roots.cacheRoot(), roots.arrayRootOf(paths.media()));
            guard.before(Guard.Step.LINK, paths.cached());
            Failures.run("hard-link " + paths.media() + " as", paths.cached(),
                    () -> Files.createLink(paths.cached(), paths.media()));
        } catch (RuntimeException e) {
            directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
            throw e;
        }
        Durability.syncDirectory(paths.cached().getParent());
    }

    /**
     * Copies, then swaps: the original's inode gets a second name (the backup hard link) first, then a symlink made
     * under a temporary name is renamed over the media path. rename(2) replaces the name in one step, so the media path
     * exists at every moment, and a player that opened the original keeps reading the same inode.
     */
    private void swap(PlacementPaths paths, FileFacts original) {
        FileFacts backup = FileFacts.read(paths.backup());
        if (backup != null && !backup.sameFileAs(original)) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, paths.backup() + " exists and is not the original of "
                    + paths.media() + "; it may hold user data, so nothing was done");
        }
        Leftovers.remove(paths.tempLink(), guard); // refuses, before anything is written, a name that is not ours
        boolean wrote = copy(paths, original);
        try {
            guard.before(Guard.Step.LINK, paths.backup());
            if (backup == null) Files.createLink(paths.backup(), paths.media());
            if (!FileFacts.read(paths.backup()).unchangedSince(original)) {
                throw new StorageException(Problem.SOURCE_CHANGED, paths.media() + " changed while it was"
                        + " being cached; nothing was cached, try again later");
            }
            Leftovers.remove(paths.tempLink(), guard);
            guard.before(Guard.Step.LINK, paths.tempLink());
            Files.createSymbolicLink(paths.tempLink(), paths.cached());
            guard.before(Guard.Step.RENAME, paths.media());
            Files.move(paths.tempLink(), paths.media(), StandardCopyOption.ATOMIC_MOVE);
            Durability.syncDirectory(paths.media().getParent());
        } catch (IOException | RuntimeException e) {
            StorageException failure = e instanceof StorageException se ? se
                    : e instanceof IOException io ? Failures.wrap("swap in a symlink at", paths.media(), io)
                    : new StorageException(Problem.IO_FAILURE, "could not swap " + paths.media() + ": " + e, e);
            rollBack(paths, wrote, failure);
            throw failure;
        }
    }

    /**
     * Undoes a swap that failed before its rename, so the media path still holds the original: the backup name and
     * the copy made for it go (a copy found there, not written by this placement, stays). Anything unexpected is left
     * alone and reported with the failure.
     */
    private void rollBack(PlacementPaths paths, boolean wroteCopy, StorageException failure) {
        try {
            try {
                Leftovers.remove(paths.tempLink(), guard);
            } catch (StorageException notOurs) {
                failure.addSuppressed(notOurs); // the rest is still undone
            }
            FileFacts media = FileFacts.read(paths.media());
            if (media != null && media.regular()) {
                guard.before(Guard.Step.DELETE, paths.backup());
                if (media.sameFileAs(FileFacts.read(paths.backup()))) Files.delete(paths.backup());
                if (wroteCopy) {
                    guard.before(Guard.Step.DELETE, paths.cached());
                    Files.deleteIfExists(paths.cached());
                }
                directories.pruneEmpty(paths.cached().getParent(), roots.cacheRoot());
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
