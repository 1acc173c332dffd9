package cacherr.adapters.web.dto;

import cacherr.application.port.out.CacheSpace;
import cacherr.domain.file.ByteSizes;
import cacherr.domain.query.CacheStatistics;
import java.time.Instant;
import java.util.Map;

/** Statistics of the whole cache; removed files are not counted. {@code cache_space} is null when unknown. */
public record StatisticsData(long totalFiles, long totalSizeBytes, String totalSizeReadable, long activeFiles,
                             long orphanedFiles, long pendingRemovalFiles, long usersCount, Instant oldestCachedAt,
                             String mostAccessedFile, double cacheHitRatio, Map<String, Long> filesByOperation,
                             Map<String, SizeInfo> sizeByOperation, CacheSpaceInfo cacheSpace) {
    public static StatisticsData from(CacheStatistics stats, CacheSpace space) {
        return new StatisticsData(stats.totalFiles(), stats.totalSizeBytes(),
                ByteSizes.humanReadable(stats.totalSizeBytes()), stats.activeFiles(), stats.orphanedFiles(),
                stats.pendingRemovalFiles(), stats.usersCount(), stats.oldestCachedAt(), stats.mostAccessedFile(),
                stats.hitRatio(), OperationCounts.byOperation(stats.filesByOperation(), Long::valueOf),
                OperationCounts.byOperation(stats.sizeByOperation(), SizeInfo::of),
                space == null ? null : CacheSpaceInfo.from(space));
    }

    /** Space on the cache drive. */
    public record CacheSpaceInfo(SizeInfo total, SizeInfo free, SizeInfo reserve, SizeInfo limit) {
        static CacheSpaceInfo from(CacheSpace space) {
            return new CacheSpaceInfo(SizeInfo.of(space.totalBytes()), SizeInfo.of(space.freeBytes()),
                    SizeInfo.of(space.reserveBytes()), space.limitBytes() == null ? null : SizeInfo.of(space.limitBytes()));
        }
    }
}
