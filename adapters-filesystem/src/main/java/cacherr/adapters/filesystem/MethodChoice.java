package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import java.nio.file.Path;

/**
 * The method really used for a placement: the one asked for, unless the original cannot be swapped or linked safely.
 *
 * @param method what will be done
 * @param note   why it differs from what was asked, or null
 */
record MethodChoice(CacheMethod method, String note) {
    static MethodChoice of(CacheMethod requested, Path media, FileFacts original, Path cached, boolean fallbackToCopy) {
        if (requested == CacheMethod.ATOMIC_SYMLINK) {
            long links = original.links() - (original.sameFileAs(FileFacts.read(Names.backup(media))) ? 1 : 0);
            if (links > 1) {
                return new MethodChoice(CacheMethod.ATOMIC_COPY, "the original has " + links + " hard links (still"
                        + " seeding?), so it was copied, not swapped for a symlink");
            }
        }
        if (requested == CacheMethod.ATOMIC_HARDLINK && !sameFileSystem(original, cached)) {
            String why = media + " and the cache are on different file systems, so no hard link is possible";
            if (!fallbackToCopy) throw Failures.refuse(Problem.NOT_POSSIBLE, why);
            return new MethodChoice(CacheMethod.ATOMIC_COPY, why + "; it was copied instead");
        }
        return new MethodChoice(requested, null);
    }

    private static boolean sameFileSystem(FileFacts original, Path cached) {
        FileFacts cacheSide = FileFacts.read(Roots.nearestExisting(cached.getParent()));
        return cacheSide != null && cacheSide.device() == original.device();
    }
}
