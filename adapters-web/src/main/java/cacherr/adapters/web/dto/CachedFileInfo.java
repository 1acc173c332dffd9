package cacherr.adapters.web.dto;

import cacherr.domain.file.ByteSizes;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A cached file as the existing clients read it. */
public record CachedFileInfo(String id, String filePath, String filename, String originalPath, String cachedPath,
                             String cacheMethod, long fileSizeBytes, String fileSizeReadable, Instant cachedAt,
                             Instant lastAccessed, long accessCount, String triggeredByUser,
                             String triggeredByOperation, String status, List<String> users, JsonNode metadata) {
    public static CachedFileInfo from(CachedFile file) {
        return new CachedFileInfo(file.id().value(), file.filePath(), file.filename(), file.originalPath(),
                file.cachedPath(), file.cacheMethod().code(), file.sizeBytes(), ByteSizes.humanReadable(file.sizeBytes()),
                file.cachedAt(), file.lastAccessed(), file.accessCount(),
                file.triggeredByUser() == null ? null : file.triggeredByUser().value(),
                file.triggeredByOperation().code(), file.status().code(),
                file.users().stream().map(UserId::value).toList(),
                file.metadata() == null ? null : JsonText.tree(file.metadata().json()));
    }

    public static List<CachedFileInfo> from(List<CachedFile> files) {
        return files.stream().map(CachedFileInfo::from).toList();
    }
}
