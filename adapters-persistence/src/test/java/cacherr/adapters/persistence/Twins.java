package cacherr.adapters.persistence;

import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The same changes made to the store on SQLite and to the in-memory reference, with the files both hold now: the
 * random walks of the trigger tests compare the two after every few steps.
 */
final class Twins {
    final CachedFiles sqlite;
    final CachedFiles reference = new InMemoryCachedFiles();
    final List<CachedFile> files = new ArrayList<>();

    Twins(CachedFiles sqlite) {
        this.sqlite = sqlite;
    }

    /** Saves {@code file} in both, in place of the file with its id. */
    void save(CachedFile file) {
        files.removeIf(f -> f.id().equals(file.id()));
        files.add(file);
        sqlite.save(file);
        reference.save(file);
    }

    /** Deletes the file at {@code index} of {@link #files} from both. */
    void delete(int index) {
        CachedFile file = files.remove(index);
        sqlite.delete(file.id());
        reference.delete(file.id());
    }

    /** The same file with other values, as a status change, a new placement or an edit by hand would leave it. */
    static CachedFile rebuilt(CachedFile f, FileStatus status, long size, OperationType operation, long accesses) {
        var placement = new Placement(f.filePath(), f.originalPath(), f.cachedPath(), f.cacheMethod(), size, null);
        return CachedFile.restore(new FileId(f.id().value()), placement, f.cachedAt(), f.lastAccessed(), accesses,
                f.triggeredByUser(), operation, status, f.statusChangedAt(), f.attributions(), f.metadata());
    }

    /** The single number {@code sql} answers. */
    static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
