package cacherr.adapters.filesystem;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds media paths swapped for a cached copy: walks the cache root, and for each cached file (temporary files aside)
 * whose media path the caller wants, checks on the array that the media path is a symlink to exactly that copy and
 * that the original's backup is a regular file beside it. The array is never walked (that would wake every spun-down
 * disk): only the few media paths asked about are looked at. Changes nothing.
 */
final class SwappedScan {
    private SwappedScan() {
    }

    static List<Placement> under(Roots roots, List<Path> arrayRoots, Predicate<String> wanted) {
        List<Placement> found = new ArrayList<>();
        Path cacheRoot = roots.cacheRoot();
        Failures.run("look for swapped files under", cacheRoot, () -> Files.walkFileTree(cacheRoot,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path cached, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && !Names.isTemporary(cached)) {
                            Path relative = cacheRoot.relativize(cached);
                            for (Path arrayRoot : arrayRoots) {
                                Path media = arrayRoot.resolve(relative);
                                if (wanted.test(media.toString())) swapped(media, cached).ifPresent(found::add);
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // an unreadable directory is reported by whoever reads it
                    }
                }));
        return found;
    }

    private static Optional<Placement> swapped(Path media, Path cached) {
        if (!cached.equals(FileFacts.linkTarget(media))) return Optional.empty();
        FileFacts backup = FileFacts.read(Names.backup(media));
        if (backup == null || !backup.regular()) return Optional.empty();
        return Optional.of(new Placement(media.toString(), media.toString(), cached.toString(),
                CacheMethod.ATOMIC_SYMLINK, backup.size(), null));
    }
}
