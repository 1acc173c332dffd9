package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.domain.file.CachedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/** Turns rows of {@code cached_files} into files, with the users of all of them read in one query. */
final class FileRows {
    private static final String USERS_OF = "SELECT u.cached_file_id, u.user_id, u.attribution_reason, u.added_at "
            + "FROM cached_file_users u WHERE u.cached_file_id IN (:ids)";

    private FileRows() {
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
        for (FileUserEntity user : Native.query(session, USERS_OF, FileUserEntity.class, Map.of("ids", fileIds))
                .getResultList()) {
            byFile.computeIfAbsent(user.key().fileId(), k -> new ArrayList<>()).add(user);
        }
        return byFile;
    }
}
