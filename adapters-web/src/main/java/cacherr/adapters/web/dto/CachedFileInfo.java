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
    /** Files shown lately, by identity (see {@link #from(List)}). */
    static final int REMEMBERED = 1_000;
    private static final IdentityLru<CachedFile, CachedFileInfo> SHOWN = new IdentityLru<>(REMEMBERED);
    /** False only in tests, to make every page's files anew (the former way). */
    public static volatile boolean remember = true;

    public static CachedFileInfo from(CachedFile file) {
        return new CachedFileInfo(file.id().value(), file.filePath(), file.filename(), file.originalPath(),
                file.cachedPath(), file.cacheMethod().code(), file.sizeBytes(), ByteSizes.humanReadable(file.sizeBytes()),
                file.cachedAt(), file.lastAccessed(), file.accessCount(),
                file.triggeredByUser() == null ? null : file.triggeredByUser().value(),
                file.triggeredByOperation().code(), file.status().code(),
                file.users().stream().map(UserId::value).toList(),
                file.metadata() == null ? null : JsonText.tree(file.metadata().json()));
    }

    /**
     * The files of a page or a search. A file shown lately — the same object, as the books give for a file read again
     * unchanged — gets the very same object as then, so its JSON, kept by the API's mapper for that object, is copied
     * instead of written again (docs/PERFORMANCE.md, "Fifth round: a page's CPU"); the least recently shown of
     * {@value #REMEMBERED} go first.
     */
    public static List<CachedFileInfo> from(List<CachedFile> files) {
        return remember ? SHOWN.map(files, CachedFileInfo::from) : files.stream().map(CachedFileInfo::from).toList();
    }
}
