package cacherr.adapters.web.dto;

import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A file of a user's {@code recent_files}: a {@link CachedFileInfo} and {@code operation}, which the client's user card shows. */
public record RecentFileInfo(String id, String filePath, String filename, String originalPath, String cachedPath,
                             String cacheMethod, long fileSizeBytes, String fileSizeReadable, Instant cachedAt,
                             Instant lastAccessed, long accessCount, String triggeredByUser,
                             String triggeredByOperation, String status, List<String> users, JsonNode metadata,
                             String operation) {
    public static RecentFileInfo from(CachedFile file) {
        CachedFileInfo info = CachedFileInfo.from(file);
        return new RecentFileInfo(info.id(), info.filePath(), info.filename(), info.originalPath(), info.cachedPath(),
                info.cacheMethod(), info.fileSizeBytes(), info.fileSizeReadable(), info.cachedAt(),
                info.lastAccessed(), info.accessCount(), info.triggeredByUser(), info.triggeredByOperation(),
                info.status(), info.users(), info.metadata(), info.triggeredByOperation());
    }
}
