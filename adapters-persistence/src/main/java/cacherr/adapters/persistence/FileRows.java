package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.FileUserKey;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.file.CachedFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Turns rows of {@code cached_files} into files, with the users of all of them read in one query. Reads through
 * {@link Jdbc}: the rows go straight into the entity's constructor, without Hibernate's result-set mapping.
 */
final class FileRows {
    static final String SELECT = "SELECT " + CachedFileEntity.COLUMNS + " FROM cached_files f";
    private static final String USERS_OF = "SELECT u.cached_file_id, u.user_id, u.attribution_reason, u.added_at "
            + "FROM cached_file_users u WHERE u.cached_file_id IN (:ids)";

    private FileRows() {
    }

    /** The files {@code sql} selects (it must select {@link CachedFileEntity#COLUMNS}), in its order, with users. */
    static List<CachedFile> query(StatelessSession session, String sql, Map<String, ?> params) {
        return toDomain(session, Jdbc.list(session, sql, params, FileRows::entity));
    }

    static List<CachedFile> toDomain(StatelessSession session, List<CachedFileEntity> rows) {
        if (rows.isEmpty()) return List.of();
        Map<String, List<FileUserEntity>> users = usersOf(session, rows.stream().map(CachedFileEntity::id).toList());
        List<CachedFile> files = new ArrayList<>(rows.size());
        for (CachedFileEntity row : rows) files.add(Mapper.toDomain(row, users.getOrDefault(row.id(), List.of())));
        return files;
    }

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

    /** The current row, selected as {@link CachedFileEntity#COLUMNS}. */
    static CachedFileEntity entity(ResultSet row) throws SQLException {
        return new CachedFileEntity(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getLong(7), row.getString(8), Timestamps.parse(row.getString(9)),
                Timestamps.parse(row.getString(10)), row.getLong(11), row.getString(12), row.getString(13),
                row.getString(14), Timestamps.parse(row.getString(15)), row.getString(16),
                Timestamps.parse(row.getString(17)));
    }
}
