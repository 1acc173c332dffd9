package cacherr.application.port.out;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import cacherr.domain.query.DailyActivity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Driven port: the books of cached files. Calls made inside {@link Transactions} take part in that transaction; calls
 * made outside one run in a transaction of their own.
 */
public interface CachedFiles {
    /**
     * Inserts the file or replaces the saved state of the file with the same id, users included.
     *
     * @throws cacherr.domain.error.ConflictException when another record holds the same media path
     */
    void save(CachedFile file);

    Optional<CachedFile> findById(FileId id);

    /** The file recorded for this media path, whatever its status. */
    Optional<CachedFile> findByPath(String mediaPath);

    /** One page of the files matching the filter, in its order (ties by id), with the total number of matches. */
    Page<CachedFile> list(FileFilter filter);

    /** Files whose name, path, user or operation (as the query says) contain the text, newest first. */
    SearchResult search(SearchQuery query);

    /** Hands every matching file to {@code sink} in order without holding them all in memory; returns the count. */
    long forEach(FileCriteria criteria, FileSort sort, Consumer<CachedFile> sink);

    /**
     * Up to {@code limit} files in one of {@code statuses} (attributed to {@code user} when not null) whose id sorts
     * after {@code after} (null: from the start), ordered by id — for walking the whole cache in bounded memory.
     */
    List<CachedFile> findByStatus(Set<FileStatus> statuses, UserId user, FileId after, int limit);

    /** Deletes the record with its users; the audit log keeps its entries. False when there was none. */
    boolean delete(FileId id);

    /** Statistics of the whole cache. */
    CacheStatistics statistics();

    /** What was attributed to {@code user} at or after {@code since}; see {@link UserStatistics}. */
    UserStatistics userStatistics(UserId user, Instant since, int periodDays);

    /** Every user attributed to a file on the cache, by user id. */
    List<UserSummary> users();

    /**
     * Files first cached at or after {@code since}, counted per UTC day, oldest day first; days without any are left
     * out. The default walks the files through {@link #forEach}; an adapter with an aggregate query should override it.
     */
    default List<DailyActivity> cachedPerDay(Instant since) {
        Map<LocalDate, long[]> days = new TreeMap<>();
        forEach(new FileCriteria(null, null, null, null, null, null, since), FileSort.NEWEST_FIRST, file -> {
            long[] tally = days.computeIfAbsent(LocalDate.ofInstant(file.cachedAt(), ZoneOffset.UTC), d -> new long[2]);
            tally[0]++;
            tally[1] += file.sizeBytes();
        });
        List<DailyActivity> activity = new ArrayList<>();
        days.forEach((day, tally) -> activity.add(new DailyActivity(day, tally[0], tally[1])));
        return activity;
    }
}
