package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.FileUserKey;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Turns rows of {@code cached_files} into files, with the users of all of them read in one query. Reads through
 * {@link Jdbc}: the rows go straight into {@link Stored}, without Hibernate's result-set mapping.
 *
 * <p>A file is rebuilt from the columns it holds only ({@link #COLUMNS}): the stored file name, readable size and
 * creation time are no part of a {@link CachedFile} and are not read. Texts are read as their UTF-8 bytes and decoded
 * here — the same decoding as the driver's {@code getString}, which wraps every value in a direct buffer through JNI
 * first (a 50-row page read 850 values: a third of its reading time went there).
 */
final class FileRows {
    /** The columns of {@link #stored}, in its order. */
    static final String COLUMNS = "f.id, f.file_path, f.original_path, f.cached_path, f.cache_method, "
            + "f.file_size_bytes, f.cached_at, f.last_accessed, f.access_count, f.triggered_by_user, "
            + "f.triggered_by_operation, f.status, f.status_changed_at, f.metadata";
    private static final String USERS_OF = "SELECT u.cached_file_id, u.user_id, u.attribution_reason, u.added_at "
            + "FROM cached_file_users u WHERE u.cached_file_id IN (:ids)";

    /**
     * False only in tests, to read files the former way — every column of {@link CachedFileEntity#COLUMNS} by
     * {@code getString} into an entity, users into entities — and compare the answers.
     */
    static volatile boolean lean = true;

    /** What a file is rebuilt from: the columns of {@link #COLUMNS}, times parsed. */
    record Stored(String id, String filePath, String originalPath, String cachedPath, String cacheMethod,
                  long sizeBytes, Instant cachedAt, Instant lastAccessed, long accessCount, String triggeredByUser,
                  String triggeredByOperation, String status, Instant statusChangedAt, String metadata) {
    }

    private FileRows() {
    }

    /** The columns a query for {@link #stored} selects: {@link #COLUMNS} (the former ones, only in tests). */
    static String columns() {
        return lean ? COLUMNS : CachedFileEntity.COLUMNS;
    }

    /** {@code SELECT} {@link #columns()} {@code FROM cached_files f}. */
    static String select() {
        return "SELECT " + columns() + " FROM cached_files f";
    }

    /** The files {@code sql} selects (it must select {@link #columns()}), in its order, with users. */
    static List<CachedFile> query(StatelessSession session, String sql, Map<String, ?> params) {
        return toDomain(session, Jdbc.list(session, sql, params, FileRows::stored));
    }

    static List<CachedFile> toDomain(StatelessSession session, List<Stored> rows) {
        if (rows.isEmpty()) return List.of();
        Map<String, List<Attribution>> users = attributionsOf(session, rows.stream().map(Stored::id).toList());
        List<CachedFile> files = new ArrayList<>(rows.size());
        for (Stored row : rows) files.add(Mapper.toDomain(row, users.getOrDefault(row.id(), List.of())));
        return files;
    }

    /** The attributions of each of {@code fileIds}, in the order of {@link #USERS_OF}. */
    private static Map<String, List<Attribution>> attributionsOf(StatelessSession session, List<String> fileIds) {
        Map<String, List<Attribution>> byFile = new HashMap<>();
        if (!lean) {
            usersOf(session, fileIds).forEach((file, users) -> byFile.put(file, users.stream()
                    .map(u -> new Attribution(new UserId(u.key().userId()), u.reason(), u.addedAt())).toList()));
            return byFile;
        }
        Jdbc.each(session, USERS_OF, Map.of("ids", fileIds), row -> byFile.computeIfAbsent(text(row, 1),
                k -> new ArrayList<>(2)).add(new Attribution(new UserId(text(row, 2)), text(row, 3),
                Timestamps.parse(text(row, 4)))));
        return byFile;
    }

    /** The users of {@code fileIds} as entities (for writing them back). */
    static Map<String, List<FileUserEntity>> usersOf(StatelessSession session, List<String> fileIds) {
        Map<String, List<FileUserEntity>> byFile = new HashMap<>();
        if (fileIds.isEmpty()) return byFile;
        Jdbc.each(session, USERS_OF, Map.of("ids", fileIds), row -> {
            FileUserEntity user = new FileUserEntity(new FileUserKey(row.getString(1), row.getString(2)),
                    row.getString(3), Timestamps.parse(row.getString(4)));
            byFile.computeIfAbsent(user.key().fileId(), k -> new ArrayList<>()).add(user);
        });
        return byFile;
    }

    /** The current row, selected as {@link #columns()}. */
    static Stored stored(ResultSet row) throws SQLException {
        if (!lean) {
            CachedFileEntity e = entity(row);
            return new Stored(e.id(), e.filePath(), e.originalPath(), e.cachedPath(), e.cacheMethod(),
                    e.fileSizeBytes(), e.cachedAt(), e.lastAccessed(), e.accessCount(), e.triggeredByUser(),
                    e.triggeredByOperation(), e.status(), e.statusChangedAt(), e.metadata());
        }
        return new Stored(text(row, 1), text(row, 2), text(row, 3), text(row, 4), text(row, 5), row.getLong(6),
                Timestamps.parse(text(row, 7)), Timestamps.parse(text(row, 8)), row.getLong(9), text(row, 10),
                text(row, 11), text(row, 12), Timestamps.parse(text(row, 13)), text(row, 14));
    }

    /** The current row, selected as {@link CachedFileEntity#COLUMNS}. */
    static CachedFileEntity entity(ResultSet row) throws SQLException {
        return new CachedFileEntity(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getLong(7), row.getString(8), Timestamps.parse(row.getString(9)),
                Timestamps.parse(row.getString(10)), row.getLong(11), row.getString(12), row.getString(13),
                row.getString(14), Timestamps.parse(row.getString(15)), row.getString(16),
                Timestamps.parse(row.getString(17)));
    }

    /**
     * A value as text, as {@code getString} reads it: SQLite hands out a value's text form as the same bytes for
     * both (a number converted to its text, a blob as it is), and the driver decodes them as UTF-8 — so do we.
     */
    static String text(ResultSet row, int column) throws SQLException {
        byte[] bytes = row.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
