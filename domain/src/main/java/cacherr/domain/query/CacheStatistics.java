package cacherr.domain.query;

import cacherr.domain.file.OperationType;
import java.time.Instant;
import java.util.Map;

/**
 * The state of the whole cache. Removed files are not counted anywhere here: they are no longer on the cache.
 *
 * @param totalFiles          files on the cache (every status but removed)
 * @param totalSizeBytes      their size
 * @param activeFiles         files in status active
 * @param orphanedFiles       files in status orphaned
 * @param pendingRemovalFiles files waiting to be removed once no longer in use
 * @param usersCount          distinct users attributed to a file on the cache
 * @param oldestCachedAt      cache time of the oldest file on the cache, or null when empty
 * @param mostAccessedFile    media path of the most accessed file (ties: the most recently accessed), or null when no
 *                            file was ever accessed
 * @param accessedFiles       files on the cache that were accessed at least once
 * @param totalAccesses       all recorded accesses of files on the cache
 * @param filesByOperation    files on the cache per operation that first cached them
 * @param sizeByOperation     bytes on the cache per operation that first cached them
 */
public record CacheStatistics(long totalFiles, long totalSizeBytes, long activeFiles, long orphanedFiles,
                              long pendingRemovalFiles, long usersCount, Instant oldestCachedAt,
                              String mostAccessedFile, long accessedFiles, long totalAccesses,
                              Map<OperationType, Long> filesByOperation, Map<OperationType, Long> sizeByOperation) {
    public CacheStatistics {
        filesByOperation = Map.copyOf(filesByOperation);
        sizeByOperation = Map.copyOf(sizeByOperation);
    }

    /**
     * The cache hit ratio: the share of files on the cache that were played (accessed) at least once since they were
     * cached. A file cached and never watched is a miss — it took space for nothing. 0 for an empty cache.
     */
    public double hitRatio() {
        return hitRatio(accessedFiles, totalFiles);
    }

    public static double hitRatio(long accessed, long total) {
        return total == 0 ? 0.0 : (double) accessed / total;
    }
}
