package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.Native.longOf;

import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Statistics from aggregates: the whole cache from {@code file_counters} and {@code known_users} (kept by triggers),
 * plus index-only lookups for the oldest and the most accessed file; a user's period from its attribution index.
 */
final class FileStatistics {
    private static final String LIVE = "('active', 'orphaned', 'pending_removal')";
    private static final String OLDEST = "SELECT min(m) FROM ("
            + "SELECT min(cached_at) AS m FROM cached_files WHERE status = 'active' UNION ALL "
            + "SELECT min(cached_at) FROM cached_files WHERE status = 'orphaned' UNION ALL "
            + "SELECT min(cached_at) FROM cached_files WHERE status = 'pending_removal')";
    /** Most accessed first; ties: most recently accessed (never-accessed lowest), then the smallest id. */
    private static final String MOST_ACCESSED_ORDER = " ORDER BY f.access_count DESC, f.last_accessed DESC, f.id ASC";
    private static final String MOST_ACCESSED = "SELECT " + CachedFileEntity.COLUMNS + " FROM cached_files f "
            + "WHERE f.status = :status AND f.access_count > 0" + MOST_ACCESSED_ORDER + " LIMIT 1";
    private static final String USER_PERIOD = " FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id"
            + " WHERE u.user_id = :user AND u.added_at >= :since AND f.status <> 'removed'";

    CacheStatistics cache(StatelessSession session) {
        long files = 0, bytes = 0, accessed = 0, accesses = 0;
        Map<FileStatus, Long> byStatus = new EnumMap<>(FileStatus.class);
        Map<OperationType, Long> filesByOperation = new EnumMap<>(OperationType.class);
        Map<OperationType, Long> sizeByOperation = new EnumMap<>(OperationType.class);
        for (Object[] row : Jdbc.list(session, "SELECT status, operation, files, bytes, accessed_files, accesses "
                + "FROM file_counters WHERE files <> 0 AND status IN " + LIVE, Map.of(), FileStatistics::columns)) {
            FileStatus status = FileStatus.parse((String) row[0]);
            OperationType operation = OperationType.parse((String) row[1]);
            byStatus.merge(status, longOf(row[2]), Long::sum);
            filesByOperation.merge(operation, longOf(row[2]), Long::sum);
            sizeByOperation.merge(operation, longOf(row[3]), Long::sum);
            files += longOf(row[2]);
            bytes += longOf(row[3]);
            accessed += longOf(row[4]);
            accesses += longOf(row[5]);
        }
        long users = Jdbc.number(session, "SELECT count(*) FROM known_users WHERE live_files > 0", Map.of());
        List<String> oldest = Jdbc.list(session, OLDEST, Map.of(), r -> r.getString(1));
        Instant oldestAt = oldest.isEmpty() ? null : Timestamps.parse(oldest.get(0));
        return new CacheStatistics(files, bytes, byStatus.getOrDefault(FileStatus.ACTIVE, 0L),
                byStatus.getOrDefault(FileStatus.ORPHANED, 0L), byStatus.getOrDefault(FileStatus.PENDING_REMOVAL, 0L),
                users, oldestAt, mostAccessedPath(session), accessed, accesses, filesByOperation, sizeByOperation);
    }

    /** One index probe per live status; the winner among those few is picked by the same order. */
    private static String mostAccessedPath(StatelessSession session) {
        CachedFileEntity best = null;
        for (FileStatus status : List.of(FileStatus.ACTIVE, FileStatus.ORPHANED, FileStatus.PENDING_REMOVAL)) {
            for (CachedFileEntity candidate : Jdbc.list(session, MOST_ACCESSED, Map.of("status", status.code()),
                    FileRows::entity)) {
                if (best == null || moreAccessed(candidate, best)) best = candidate;
            }
        }
        return best == null ? null : best.filePath();
    }

    private static boolean moreAccessed(CachedFileEntity a, CachedFileEntity b) {
        if (a.accessCount() != b.accessCount()) return a.accessCount() > b.accessCount();
        if (a.lastAccessed() == null || b.lastAccessed() == null) {
            if (a.lastAccessed() != b.lastAccessed()) return b.lastAccessed() == null;
        } else if (!a.lastAccessed().equals(b.lastAccessed())) {
            return a.lastAccessed().isAfter(b.lastAccessed());
        }
        return a.id().compareTo(b.id()) < 0;
    }

        /**
     * The total of a list filtered by {@code c} when a structure knows it without reading the matching rows — the
     * counters (exact), the trigram index of paths or a user's attribution index (counted up to {@code bound}) — or
     * null when the rows must be counted.
     */
    Total countOrNull(StatelessSession session, FileCriteria c, long bound) {
        if (c.sizeMin() != null || c.sizeMax() != null || c.cachedSince() != null || c.cachedUntil() != null) return null;
        boolean others = c.status() != null || c.operation() != null;
        if (c.search() != null) {
            // the trigram index counts its own matches without reading a row
            if (others || c.user() != null) return null;
            if (!FileSql.usesIndex(c.search())) return FileSql.shortTotal(session, c.search(), false, bound);
            return Total.count(session, "SELECT 1 FROM " + FileSql.ALL_PATHS + " WHERE " + FileSql.ALL_PATHS
                    + " MATCH :phrase", Map.of("phrase", FileSql.phrase(c.search())), bound);
        }
        if (c.user() != null) {
            if (c.status() == FileStatus.ACTIVE && c.operation() == null) { // the user's counter (schema v5)
                return Total.exact(Jdbc.number(session, "SELECT coalesce(max(active_files), 0) FROM known_users"
                        + " WHERE user_id = :user", Map.of("user", c.user().value())));
            }
            if (others) return null;
            return Total.count(session, "SELECT 1 FROM cached_file_users WHERE user_id = :user",
                    Map.of("user", c.user().value()), bound);
        }
        FileSql sql = new FileSql();
        if (c.status() != null) {
            sql.add("status = :status");
            sql.params.put("status", c.status().code());
        }
        if (c.operation() != null) {
            sql.add("operation = :operation");
            sql.params.put("operation", c.operation().code());
        }
        return Total.exact(Jdbc.number(session, "SELECT coalesce(sum(files), 0) FROM file_counters" + sql.where(),
                sql.params));
    }

    /**
     * The total of a list filtered by {@code c} without a search or a user, counted in index entries (schema v14) up
     * to {@code bound}, where {@link #countOrNull} needs rows read: several filters together, a range among them.
     * {@code idx_files_filters} is sought once per (status, operation) pair — the one given, or each the counters
     * hold — and its cache-time range, the size read from the same entry. Null when a single range alone is asked
     * (its own index, {@code (file_size_bytes, id)} or {@code (cached_at, id)}, already counts it entry by entry), or
     * a search or a user is: with a user, SQLite's own plan (the status's or the operation's index, with the user's
     * files as a list to probe) was as cheap as its attributions checked in a covering index of the id (measured and
     * left out: see docs/PERFORMANCE.md, issue 15, third round).
     */
    Total countInIndexes(StatelessSession session, FileCriteria c, long bound) {
        if (!countsInIndexes(c)) return null;
        List<String> statuses = c.status() != null ? List.of(c.status().code()) : counted(session, "status");
        List<String> operations = c.operation() != null ? List.of(c.operation().code())
                : counted(session, "operation");
        if (statuses.isEmpty() || operations.isEmpty()) return Total.exact(0);
        Map<String, Object> params = new java.util.HashMap<>();
        return Total.count(session, FileSql.filterCount(c, statuses, operations, params), params, bound);
    }

    /** Whether {@link #countInIndexes} counts {@code c}'s total (else it answers null). */
    static boolean countsInIndexes(FileCriteria c) {
        if (c.search() != null || c.user() != null) return false;
        boolean size = c.sizeMin() != null || c.sizeMax() != null;
        boolean time = c.cachedSince() != null || c.cachedUntil() != null;
        return c.status() != null || c.operation() != null || size && time;
    }

    /** The distinct values of {@code column} ({@code status} or {@code operation}) some file holds (the counters). */
    private static List<String> counted(StatelessSession session, String column) {
        return Jdbc.list(session, "SELECT DISTINCT " + column + " FROM file_counters WHERE files > 0 ORDER BY 1",
                Map.of(), row -> row.getString(1));
    }

    /** Files in the books, removed ones included or not, from the counters. */
    long files(StatelessSession session, boolean withRemoved) {
        return Jdbc.number(session, "SELECT coalesce(sum(files), 0) FROM file_counters"
                + (withRemoved ? "" : " WHERE status <> 'removed'"), Map.of());
    }

    /** Removed files still in the books, from the counters. */
    long removedFiles(StatelessSession session) {
        return Jdbc.number(session, "SELECT coalesce(sum(files), 0) FROM file_counters WHERE status = 'removed'",
                Map.of());
    }

    /** Files with one of these operations, removed ones included or not, from the counters. */
    long filesWithOperations(StatelessSession session, List<String> operations, boolean withRemoved) {
        return Jdbc.number(session, "SELECT coalesce(sum(files), 0) FROM file_counters WHERE operation IN (:operations)"
                + (withRemoved ? "" : " AND status <> 'removed'"), Map.of("operations", operations));
    }

    /**
     * A user's statistics over the files attributed to it since {@code since}: the whole days after since's own day
     * from the day buckets ({@code user_days}, {@code user_day_best}, schema v8: a row per day and operation), and
     * since's own day from its attributions — so the work follows the period's days, not the user's files. A period
     * that begins before the user's first bucket (its whole history) reads the buckets' totals per operation
     * ({@code user_operation_totals}, schema v22) and the first of its day bests in the most-accessed order instead
     * of every day: the same sums and the same file.
     */
    UserStatistics user(StatelessSession session, UserId user, Instant since, int periodDays) {
        String from = Timestamps.format(since);
        String day = from.substring(0, 10);
        Map<String, Object> params = Map.of("user", user.value(), "since", from, "day", day, "dayEnd", day + "U");
        String firstDay = USER_PERIOD + " AND u.added_at < :dayEnd";
        // every bucket lies after since's day: the same rows as "day > :day", summed by the triggers
        boolean wholeHistory = Jdbc.number(session, "SELECT count(*) FROM (SELECT 1 FROM user_days"
                + " WHERE user_id = :user AND day <= :day LIMIT 1)", Map.of("user", user.value(), "day", day)) == 0;
        String days = wholeHistory
                ? "SELECT operation, files, active, bytes, accesses FROM user_operation_totals WHERE user_id = :user"
                : "SELECT operation, files, active, bytes, accesses FROM user_days WHERE user_id = :user AND day > :day";
        String bests = wholeHistory
                ? "SELECT * FROM (SELECT file_id AS id, access_count, last_accessed FROM user_day_best"
                        + " WHERE user_id = :user ORDER BY access_count DESC, last_accessed DESC, file_id ASC LIMIT 1)"
                : "SELECT file_id AS id, access_count, last_accessed FROM user_day_best"
                        + " WHERE user_id = :user AND day > :day";
        long files = 0, active = 0, bytes = 0, accesses = 0;
        Map<OperationType, Long> byOperation = new EnumMap<>(OperationType.class);
        for (Object[] row : Jdbc.list(session, "SELECT operation, sum(files), sum(active), sum(bytes), sum(accesses)"
                + " FROM (" + days + " UNION ALL SELECT f.triggered_by_operation, 1,"
                + " f.status = 'active', f.file_size_bytes, f.access_count" + firstDay + ") GROUP BY operation",
                params, FileStatistics::columns)) {
            long count = longOf(row[1]);
            if (count == 0) continue;
            byOperation.put(OperationType.parse((String) row[0]), count);
            files += count;
            active += longOf(row[2]);
            bytes += longOf(row[3]);
            accesses += longOf(row[4]);
        }
        List<String> best = Jdbc.list(session, "SELECT id FROM (" + bests + " UNION ALL SELECT f.id, f.access_count,"
                + " f.last_accessed" + firstDay + " AND f.access_count > 0)"
                + " ORDER BY access_count DESC, last_accessed DESC, id ASC LIMIT 1", params, row -> row.getString(1));
        List<CachedFile> loaded = new ArrayList<>(best.isEmpty() ? List.of()
                : FileRows.query(session, FileRows.FROM + " WHERE f.id = :id", Map.of("id", best.get(0))));
        boolean anyAccessed = !loaded.isEmpty();
        loaded.addAll(FileRows.query(session, USER_PERIOD + " ORDER BY u.added_at DESC, f.id DESC LIMIT "
                + UserStatistics.RECENT_FILES, params));
        CachedFile mostAccessed = anyAccessed ? loaded.get(0) : null;
        List<CachedFile> recent = anyAccessed ? loaded.subList(1, loaded.size()) : loaded;
        return new UserStatistics(user, periodDays, files, active, bytes, byOperation,
                files == 0 ? 0 : (double) accesses / files, anyAccessed ? mostAccessed.accessCount() : 0,
                mostAccessed, UserStatistics.mostCommon(byOperation), recent);
    }

    /**
     * Users from their totals in {@code known_users} (kept by triggers); the last attribution of each is one walk
     * down its attribution index, stopping at the first file that is not removed.
     */
    List<UserSummary> users(StatelessSession session) {
        return Jdbc.list(session, "SELECT k.user_id, k.live_files, k.active_files, k.live_bytes, ("
                + "SELECT u.added_at FROM cached_file_users u WHERE u.user_id = k.user_id AND EXISTS ("
                + "SELECT 1 FROM cached_files f WHERE f.id = u.cached_file_id AND f.status <> 'removed') "
                + "ORDER BY u.added_at DESC LIMIT 1) FROM known_users k WHERE k.live_files > 0 ORDER BY k.user_id",
                Map.of(), row -> new UserSummary(new UserId(row.getString(1)), row.getLong(2), row.getLong(3),
                        row.getLong(4), Timestamps.parse(row.getString(5))));
    }

    /** The row's columns as objects, for the aggregate queries read by position. */
    private static Object[] columns(ResultSet row) throws SQLException {
        Object[] values = new Object[row.getMetaData().getColumnCount()];
        for (int i = 0; i < values.length; i++) values[i] = row.getObject(i + 1);
        return values;
    }
}
