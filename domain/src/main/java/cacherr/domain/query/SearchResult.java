package cacherr.domain.query;

import cacherr.domain.file.CachedFile;
import java.util.List;

/** The files a search found (at most its limit) and how many matched in all. */
public record SearchResult(List<CachedFile> files, long totalFound) {
    public SearchResult {
        files = List.copyOf(files);
    }
}
