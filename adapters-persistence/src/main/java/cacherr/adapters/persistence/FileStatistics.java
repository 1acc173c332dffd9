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
        for (Object[] row : Native.rows(session, "SELECT status, operation, files, bytes, accessed_files, accesses "
                + "FROM file_counters WHERE files <> 0 AND status IN " + LIVE, Map.of())) {
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
        long users = Native.number(session, "SELECT count(*) FROM known_users WHERE live_files > 0", Map.of());
        List<Object[]> oldest = Native.rows(session, OLDEST, Map.of());
        Instant oldestAt = oldest.isEmpty() ? null : Timestamps.parse((String) oldest.get(0)[0]);
        return new CacheStatistics(files, bytes, byStatus.getOrDefault(FileStatus.ACTIVE, 0L),
                byStatus.getOrDefault(FileStatus.ORPHANED, 0L), byStatus.getOrDefault(FileStatus.PENDING_REMOVAL, 0L),
                users, oldestAt, mostAccessedPath(session), accessed, accesses, filesByOperation, sizeByOperation);
    }

    /** One index probe per live status; the winner among those few is picked by the same order. */
    private static String mostAccessedPath(StatelessSession session) {
        CachedFileEntity best = null;
        for (FileStatus status : List.of(FileStatus.ACTIVE, FileStatus.ORPHANED, FileStatus.PENDING_REMOVAL)) {
            for (CachedFileEntity candidate : SqliteCachedFiles.entities(session, MOST_ACCESSED,
                    Map.of("status", status.code()))) {
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
     * Total files of a selection from the counters when it filters by status and operation only; -1 when a count
     * query is needed.
     */
    long countOrNull(StatelessSession session, FileCriteria c) {
        if (c.search() != null || c.user() != null || c.sizeMin() != null || c.sizeMax() != null
                || c.cachedSince() != null) {
            return -1;
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
        return Native.number(session, "SELECT sum(files) FROM file_counters" + sql.where(), sql.params);
    }

    UserStatistics user(StatelessSession session, UserId user, Instant since, int periodDays) {
        Map<String, Object> params = Map.of("user", user.value(), "since", Timestamps.format(since));
        long files = 0, active = 0, bytes = 0, accesses = 0, maxAccesses = 0;
        Map<OperationType, Long> byOperation = new EnumMap<>(OperationType.class);
        for (Object[] row : Native.rows(session, "SELECT f.triggered_by_operation, count(*), "
                + "sum(f.status = 'active'), sum(f.file_size_bytes), sum(f.access_count), max(f.access_count)"
                + USER_PERIOD + " GROUP BY f.triggered_by_operation", params)) {
            byOperation.put(OperationType.parse((String) row[0]), longOf(row[1]));
            files += longOf(row[1]);
            active += longOf(row[2]);
            bytes += longOf(row[3]);
            accesses += longOf(row[4]);
            maxAccesses = Math.max(maxAccesses, longOf(row[5]));
        }
        List<CachedFileEntity> rows = new ArrayList<>(SqliteCachedFiles.entities(session, "SELECT "
                + CachedFileEntity.COLUMNS + USER_PERIOD + " AND f.access_count > 0" + MOST_ACCESSED_ORDER
                + " LIMIT 1", params));
        boolean anyAccessed = !rows.isEmpty();
        rows.addAll(SqliteCachedFiles.entities(session, "SELECT " + CachedFileEntity.COLUMNS + USER_PERIOD
                + " ORDER BY u.added_at DESC, f.id DESC LIMIT " + UserStatistics.RECENT_FILES, params));
        List<CachedFile> loaded = FileRows.toDomain(session, rows);
        CachedFile mostAccessed = anyAccessed ? loaded.get(0) : null;
        List<CachedFile> recent = anyAccessed ? loaded.subList(1, loaded.size()) : loaded;
        return new UserStatistics(user, periodDays, files, active, bytes, byOperation,
                files == 0 ? 0 : (double) accesses / files, maxAccesses, mostAccessed,
                UserStatistics.mostCommon(byOperation), recent);
    }

    List<UserSummary> users(StatelessSession session) {
        List<UserSummary> users = new ArrayList<>();
        for (Object[] row : Native.rows(session, "SELECT u.user_id, count(*), sum(f.status = 'active'), "
                + "sum(f.file_size_bytes), max(u.added_at) FROM cached_file_users u "
                + "JOIN cached_files f ON f.id = u.cached_file_id WHERE f.status <> 'removed' "
                + "GROUP BY u.user_id ORDER BY u.user_id", Map.of())) {
            users.add(new UserSummary(new UserId((String) row[0]), longOf(row[1]), longOf(row[2]), longOf(row[3]),
                    Timestamps.parse((String) row[4])));
        }
        return users;
    }
}
