package cacherr.adapters.filesystem;

import cacherr.application.port.out.Inspection;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.nio.file.Path;

/** Integrity of one placement, checked in the order that says most: the copy, its size, the link, the original. */
final class Inspector {
    private Inspector() {
    }

    static Inspection inspect(Placement placement, PlacementPaths paths, boolean checksum, Guard guard) {
        FileFacts cached = FileFacts.read(paths.cached());
        if (cached == null || !cached.regular()) {
            return new Inspection(IntegrityState.CACHED_COPY_MISSING, "no cached copy at " + paths.cached());
        }
        if (cached.size() != placement.sizeBytes()) {
            return new Inspection(IntegrityState.SIZE_MISMATCH, "the cached copy " + paths.cached() + " has "
                    + cached.size() + " bytes, expected " + placement.sizeBytes());
        }
        if (placement.method() == CacheMethod.ATOMIC_SYMLINK && !paths.cached().equals(FileFacts.linkTarget(paths.media()))) {
            return new Inspection(IntegrityState.LINK_BROKEN, paths.media() + " is not a symlink to the cached copy "
                    + paths.cached());
        }
        Path original = original(paths);
        if (original == null) {
            return new Inspection(IntegrityState.ORIGINAL_MISSING, "the original of " + paths.media() + " and its"
                    + " backup are gone; the cached copy " + paths.cached() + " is the only one");
        }
        if (checksum) guard.before(Guard.Step.READ, original);
        if (checksum && !cached.sameFileAs(FileFacts.read(original)) && !Contents.same(original, paths.cached())) {
            return new Inspection(IntegrityState.CHECKSUM_MISMATCH, "the cached copy " + paths.cached()
                    + " differs from the original " + original);
        }
        return Inspection.intact();
    }

    /** Where the original's data is: at the media path, or under the backup name while the media path is a link. */
    private static Path original(PlacementPaths paths) {
        FileFacts media = FileFacts.read(paths.media());
        if (media != null && media.regular()) return paths.media();
        FileFacts backup = FileFacts.read(paths.backup());
        return backup != null && backup.regular() ? paths.backup() : null;
    }
}
