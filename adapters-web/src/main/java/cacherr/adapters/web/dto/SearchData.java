package cacherr.adapters.web.dto;

import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import java.util.List;

/** What a search found; when {@code totalFoundExact} is false, more than {@code totalFound} files match. */
public record SearchData(String query, String searchType, List<CachedFileInfo> results, long totalFound,
                         boolean totalFoundExact, int limitedTo) {
    public static SearchData from(SearchQuery query, SearchResult result) {
        return new SearchData(query.text(), query.type().code(), CachedFileInfo.from(result.files()),
                result.totalFound(), result.totalExact(), query.limit());
    }
}
