package cacherr.domain.query;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import java.util.List;
import java.util.Map;

/**
 * What was cached for one user over a period: the files attributed to the user within the last {@code periodDays}
 * days (by the time of attribution), removed files excluded.
 *
 * @param user                the user
 * @param periodDays          the length of the period
 * @param totalFiles          files attributed in the period
 * @param activeFiles         of those, the ones in status active
 * @param totalSizeBytes      their size
 * @param filesByOperation    their count per operation that first cached them
 * @param averageAccessCount  mean access count of those files (0 when none)
 * @param maxAccessCount      largest access count of those files (0 when none)
 * @param mostAccessed        the most accessed of them, or null when none was accessed
 * @param mostCommonOperation the operation that cached most of them (ties: the first in declaration order), or null
 * @param recentFiles         the ten most recently attributed of them, newest first
 */
public record UserStatistics(UserId user, int periodDays, long totalFiles, long activeFiles, long totalSizeBytes,
                             Map<OperationType, Long> filesByOperation, double averageAccessCount,
                             long maxAccessCount, CachedFile mostAccessed, OperationType mostCommonOperation,
                             List<CachedFile> recentFiles) {
    public static final int RECENT_FILES = 10;

    public UserStatistics {
        filesByOperation = Map.copyOf(filesByOperation);
        recentFiles = List.copyOf(recentFiles);
    }

    /** The most common operation of {@code counts}, ties broken by declaration order; null when empty. */
    public static OperationType mostCommon(Map<OperationType, Long> counts) {
        OperationType best = null;
        for (OperationType type : OperationType.values()) {
            long count = counts.getOrDefault(type, 0L);
            if (count > 0 && (best == null || count > counts.get(best))) best = type;
        }
        return best;
    }
}
