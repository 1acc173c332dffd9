package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

/** A page of files: which files, in what order, and which slice. */
public record FileFilter(FileCriteria criteria, FileSort sort, Paging paging) {
    public static final FileFilter FIRST_PAGE = new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, Paging.FIRST);

    public FileFilter {
        require(criteria != null, "a filter needs criteria");
        require(sort != null, "a filter needs a sort");
        require(paging != null, "a filter needs paging");
    }

    public static FileFilter of(FileCriteria criteria, Paging paging) {
        return new FileFilter(criteria, FileSort.NEWEST_FIRST, paging);
    }
}
