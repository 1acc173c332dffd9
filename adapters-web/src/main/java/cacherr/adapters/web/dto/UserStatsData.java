package cacherr.adapters.web.dto;

import cacherr.domain.file.ByteSizes;
import cacherr.domain.file.CachedFile;
import cacherr.domain.query.UserStatistics;
import java.util.List;
import java.util.Map;

/** What was cached for one user over a period of days. */
public record UserStatsData(String userId, int periodDays, long totalFiles, long activeFiles, long totalSizeBytes,
                            String totalSizeReadable, Map<String, Long> filesByOperation, AccessStats accessStats,
                            MostAccessed mostAccessedFile, String mostCommonOperation,
                            List<RecentFileInfo> recentFiles) {
    public static UserStatsData from(UserStatistics stats) {
        return new UserStatsData(stats.user().value(), stats.periodDays(), stats.totalFiles(), stats.activeFiles(),
                stats.totalSizeBytes(), ByteSizes.humanReadable(stats.totalSizeBytes()),
                OperationCounts.byOperation(stats.filesByOperation(), Long::valueOf),
                new AccessStats(stats.averageAccessCount(), stats.maxAccessCount()),
                MostAccessed.from(stats.mostAccessed()),
                stats.mostCommonOperation() == null ? null : stats.mostCommonOperation().code(),
                stats.recentFiles().stream().map(RecentFileInfo::from).toList());
    }

    public record AccessStats(double averageAccessCount, long maxAccessCount) {
    }

    public record MostAccessed(String path, String filename, long accessCount) {
        static MostAccessed from(CachedFile file) {
            return file == null ? null : new MostAccessed(file.filePath(), file.filename(), file.accessCount());
        }
    }
}
