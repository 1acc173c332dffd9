package cacherr.application.port.in;

import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;

/** Use case: find cached files by a piece of their name, path, user or operation. */
public interface SearchCachedFilesUseCase {
    SearchResult search(SearchQuery query);
}
