package cacherr.adapters.web.dto;

import cacherr.domain.file.CachedFile;
import cacherr.domain.query.Page;
import java.util.List;
import java.util.Map;

/** One page of cached files, and the filters that selected them. */
public record FileListData(List<CachedFileInfo> files, Pagination pagination, Map<String, Object> filterApplied) {
    public static FileListData from(Page<CachedFile> page, Map<String, Object> filters) {
        return new FileListData(CachedFileInfo.from(page.items()), Pagination.from(page), filters);
    }
}
