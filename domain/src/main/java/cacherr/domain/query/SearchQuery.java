package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Texts;

/**
 * A free-text search: a case-insensitive substring, taken literally.
 *
 * @param text           what to look for (1..200 characters)
 * @param type           where to look: file name, path, user id, operation, or all of them
 * @param limit          at most this many results (1..500)
 * @param includeRemoved whether removed files are included
 * @param exactTotal     whether the total must be exact however many files match (else it may be a lower bound past
 *                       {@link Page#COUNTED_UP_TO}, see {@link SearchResult#totalExact()})
 */
public record SearchQuery(String text, SearchType type, int limit, boolean includeRemoved, boolean exactTotal) {
    public SearchQuery {
        require(text != null && !text.isBlank(), "q must not be empty");
        text = text.strip();
        require(text.length() <= FileCriteria.MAX_SEARCH_LENGTH, "q must be at most 200 characters");
        require(Texts.isClean(text), "q must not contain control characters");
        require(Texts.isWellFormed(text), "q must not contain an unpaired surrogate (it is no character)");
        require(type != null, "a search needs a type");
        require(limit >= 1 && limit <= Paging.MAX_LIMIT, "limit must be between 1 and 500, not " + limit);
    }

    /** A search whose total may be a lower bound when many files match. */
    public SearchQuery(String text, SearchType type, int limit, boolean includeRemoved) {
        this(text, type, limit, includeRemoved, false);
    }

    /**
     * How many matches a store must count before it may report a lower bound: all of them when {@link #exactTotal},
     * else {@code Page.COUNTED_UP_TO + 1}.
     */
    public long countBound() {
        return exactTotal ? Long.MAX_VALUE : Page.COUNTED_UP_TO + 1;
    }
}
