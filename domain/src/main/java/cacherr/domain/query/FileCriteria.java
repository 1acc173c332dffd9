package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;
import java.time.Instant;

/**
 * Which files a listing, search or export selects. Every part is optional (null means "any").
 *
 * @param search      text the file path must contain (case-insensitive, taken literally: {@code %} and {@code _} are
 *                    not wildcards)
 * @param user        a user the file is attributed to
 * @param status      the file's status
 * @param operation   the operation that first cached the file
 * @param sizeMin     smallest size in bytes, inclusive
 * @param sizeMax     largest size in bytes, inclusive
 * @param cachedSince earliest cache time, inclusive
 * @param cachedUntil latest cache time, inclusive
 */
public record FileCriteria(String search, UserId user, FileStatus status, OperationType operation, Long sizeMin,
                           Long sizeMax, Instant cachedSince, Instant cachedUntil) {
    public static final int MAX_SEARCH_LENGTH = 200;
    public static final FileCriteria ANY = new FileCriteria(null, null, null, null, null, null, null, null);

    public FileCriteria {
        if (search != null) {
            search = search.strip();
            if (search.isEmpty()) search = null;
        }
        if (search != null) {
            require(search.length() <= MAX_SEARCH_LENGTH, "search must be at most " + MAX_SEARCH_LENGTH + " characters");
            require(Texts.isClean(search), "search must not contain control characters");
            require(Texts.isWellFormed(search), "search must not contain an unpaired surrogate (it is no character)");
        }
        require(sizeMin == null || sizeMin >= 0, "size_min must be 0 or more");
        require(sizeMax == null || sizeMax >= 0, "size_max must be 0 or more");
        require(sizeMin == null || sizeMax == null || sizeMin <= sizeMax, "size_min must not be larger than size_max");
        require(cachedSince == null || cachedUntil == null || !cachedSince.isAfter(cachedUntil),
                "cached_since must not be later than cached_until");
    }

    /** Criteria without an upper bound on the cache time. */
    public FileCriteria(String search, UserId user, FileStatus status, OperationType operation, Long sizeMin,
                        Long sizeMax, Instant cachedSince) {
        this(search, user, status, operation, sizeMin, sizeMax, cachedSince, null);
    }

    public FileCriteria withUser(UserId newUser) {
        return new FileCriteria(search, newUser, status, operation, sizeMin, sizeMax, cachedSince, cachedUntil);
    }

    public FileCriteria withStatus(FileStatus newStatus) {
        return new FileCriteria(search, user, newStatus, operation, sizeMin, sizeMax, cachedSince, cachedUntil);
    }
}
