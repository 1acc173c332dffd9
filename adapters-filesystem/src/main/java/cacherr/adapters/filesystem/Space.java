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
import java.util.HashSet;
import java.util.Set;

/**
 * Free space and the cache size limit. The space used by the cache is the sum of the regular files under the cache
 * root, computed on demand by one walk of the tree, and only when a limit is set: a cache holds thousands of files,
 * not millions, so a walk costs milliseconds and can never be stale the way a running total kept in memory would be
 * after files are changed behind the adapter's back.
 *
 * <p>Copies under way are not on the disk yet, or only in part: each holds a {@link Reservation} of its full size,
 * taken in the same synchronized step as the check, so two copies that each fit alone cannot both pass a check that
 * only one of them fits. A reservation counts what its temporary file does not hold yet, so bytes are never counted
 * twice, and it is released when its copy ends, however it ends.
 */
final class Space {
    private final Path cacheRoot;
    private final long reserveBytes;
    private final Long limitBytes;
    private final Measure measure;
    private final Set<Reservation> underWay = new HashSet<>(); // guarded by this

    /** Measures the cache's file system. A seam, so a test can hold still the free space other programs change. */
    interface Measure {
        Usage measure() throws IOException;
    }

    record Usage(long total, long usable) {
    }

    Space(Path cacheRoot, long reserveBytes, Long limitBytes) {
        this(cacheRoot, reserveBytes, limitBytes, () -> {
            FileStore store = Files.getFileStore(cacheRoot);
            return new Usage(store.getTotalSpace(), store.getUsableSpace());
        });
    }

    Space(Path cacheRoot, long reserveBytes, Long limitBytes, Measure measure) {
        this.cacheRoot = cacheRoot;
        this.reserveBytes = reserveBytes;
        this.limitBytes = limitBytes;
        this.measure = measure;
    }

    /** Space promised to one copy under way, until it is closed. */
    final class Reservation implements AutoCloseable {
        private final long size;
        private final Path temp;

        private Reservation(long size, Path temp) {
            this.size = size;
            this.temp = temp;
        }

        /** What the copy still has to write: its size less what its temporary file already holds. */
        private long outstanding() {
            FileFacts written = FileFacts.read(temp);
            return written == null || !written.regular() ? size : Math.max(0, size - written.size());
        }

        @Override
        public void close() {
            synchronized (Space.this) {
                underWay.remove(this);
            }
        }
    }

    /** Refuses, before anything is written, a file of {@code size} bytes that would not fit. */
    synchronized void requireFits(long size, Path forPath) {
        check(size, forPath);
    }

    /**
     * Checks that a copy of {@code size} bytes, written through {@code temp}, fits beside every copy under way, and
     * reserves its size until the returned reservation is closed.
     */
    synchronized Reservation reserve(long size, Path forPath, Path temp) {
        check(size, forPath);
        Reservation reservation = new Reservation(size, temp);
        underWay.add(reservation);
        return reservation;
    }

    private void check(long size, Path forPath) {
        long promised = 0;
        for (Reservation r : underWay) promised += r.outstanding();
        String others = promised == 0 ? "" : ", " + promised + " more promised to " + underWay.size()
                + " cop" + (underWay.size() == 1 ? "y" : "ies") + " under way";
        long free = store().usable;
        if (free - promised - size < reserveBytes) {
            throw Failures.refuse(Problem.INSUFFICIENT_SPACE, "not enough free space on the cache for " + forPath
                    + " (" + size + " bytes): " + free + " bytes free" + others + ", " + reserveBytes
                    + " must stay free");
        }
        if (limitBytes != null) {
            long used = usedBytes();
            if (used + promised + size > limitBytes) {
                throw Failures.refuse(Problem.INSUFFICIENT_SPACE, "caching " + forPath + " (" + size
                        + " bytes) would exceed the cache limit of " + limitBytes + " bytes (" + used + " in use"
                        + others + ")");
            }
        }
    }
    CacheSpace now() {
        Usage usage = store();
        return new CacheSpace(usage.total, usage.usable, reserveBytes, limitBytes);
    }

    private Usage store() {
        return Failures.get("measure the free space of", cacheRoot, measure::measure);
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
