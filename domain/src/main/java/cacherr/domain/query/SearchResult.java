package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.CachedFile;
import java.util.List;

/**
 * The files a search found (at most its limit) and how many matched in all.
 *
 * @param totalExact whether {@code totalFound} is exact (true), or a lower bound (false: more files than that match);
 *                   a store may stop counting past {@link Page#COUNTED_UP_TO} matches unless the query asks for an
 *                   exact total
 */
public record SearchResult(List<CachedFile> files, long totalFound, boolean totalExact) {
    public SearchResult {
        files = List.copyOf(files);
        require(totalFound >= files.size(), "a search's total cannot be smaller than its results");
        require(totalExact || totalFound >= Page.COUNTED_UP_TO, "a total below the counting bound must be exact");
    }

    /** A result with an exact total. */
    public SearchResult(List<CachedFile> files, long totalFound) {
        this(files, totalFound, true);
    }
}
