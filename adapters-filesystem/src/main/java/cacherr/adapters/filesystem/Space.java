package cacherr.adapters.filesystem;

import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Free space and the cache size limit. The space used by the cache is the sum of the regular files under the cache
 * root, computed on demand by one walk of the tree, and only when a limit is set: a cache holds thousands of files,
 * not millions, so a walk costs milliseconds and can never be stale the way a running total kept in memory would be
 * after files are changed behind the adapter's back.
 */
final class Space {
    private final Path cacheRoot;
    private final long reserveBytes;
    private final Long limitBytes;

    Space(Path cacheRoot, long reserveBytes, Long limitBytes) {
        this.cacheRoot = cacheRoot;
        this.reserveBytes = reserveBytes;
        this.limitBytes = limitBytes;
    }

    /** Refuses, before anything is written, a file of {@code size} bytes that would not fit. */
    void requireFits(long size, Path forPath) {
        long free = store().usable;
        if (free - size < reserveBytes) {
            throw Failures.refuse(Problem.INSUFFICIENT_SPACE, "not enough free space on the cache for " + forPath
                    + " (" + size + " bytes): " + free + " bytes free, " + reserveBytes + " must stay free");
        }
        if (limitBytes != null) {
            long used = usedBytes();
            if (used + size > limitBytes) {
                throw Failures.refuse(Problem.INSUFFICIENT_SPACE, "caching " + forPath + " (" + size
                        + " bytes) would exceed the cache limit of " + limitBytes + " bytes (" + used + " in use)");
            }
        }
    }

    CacheSpace now() {
        Usage usage = store();
        return new CacheSpace(usage.total, usage.usable, reserveBytes, limitBytes);
    }

    private record Usage(long total, long usable) {
    }

    private Usage store() {
        return Failures.get("measure the free space of", cacheRoot, () -> {
            FileStore store = Files.getFileStore(cacheRoot);
            return new Usage(store.getTotalSpace(), store.getUsableSpace());
        });
    }

    private long usedBytes() {
        long[] sum = {0};
        Failures.run("measure the files under", cacheRoot, () -> Files.walkFileTree(cacheRoot,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) sum[0] += attributes.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // vanished or unreadable meanwhile: nothing to count
                    }
                }));
        return sum[0];
    }
}
