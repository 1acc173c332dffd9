package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Each user's files in the list's default order: {@code user_files (user_id, cached_at, file_id, seq)}, one row per
 * attribution, keyed so that a user's files are one primary-key range newest first. A list narrowed to a user then
 * walks only that user's files in order and stops at the page's end, where it either gathered all of the user's files
 * (each found again by its text id) and sorted them, or walked every file newest first probing the user for each: a
 * user with an operation, 961 matches, 8 ms against 0.1 ms for a first page (PERFORMANCE.md, "Fifth round").
 *
 * <p>Triggers keep it in the same transaction as every write, whoever writes: an attribution added or removed adds or
 * removes its row (a file's removal removes its attributions first, {@code trg_files_before_delete}, and its rows
 * with them), an attribution moved to another file or user moves its row, and a file's new cache time is copied to
 * its rows. Cost: ~125,000 rows at 100,000 files, about 11 MB, filled in under a second.
 *
 * <p>Self-contained: dropped when present and made anew, so running the step again changes nothing.
 */
final class V17UserFiles implements Migration {
    static final String FILL = "INSERT INTO user_files (user_id, cached_at, file_id, seq)"
            + " SELECT u.user_id, f.cached_at, f.id, f.seq FROM cached_file_users u"
            + " JOIN cached_files f ON f.id = u.cached_file_id";

    private static final String TABLE = """
            DROP TRIGGER IF EXISTS trg_user_files_insert
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_delete
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_move
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_cached_at
            ;;
            DROP TABLE IF EXISTS user_files
            ;;
            CREATE TABLE user_files (
                user_id TEXT NOT NULL,
                cached_at TEXT NOT NULL,
                file_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (user_id, cached_at, file_id)
            ) WITHOUT ROWID
            ;;
            """;

    private static final String UPKEEP = """
            CREATE INDEX idx_user_files_file ON user_files (file_id, user_id)
            ;;
            CREATE TRIGGER trg_user_files_insert AFTER INSERT ON cached_file_users BEGIN
                INSERT INTO user_files (user_id, cached_at, file_id, seq)
                SELECT new.user_id, f.cached_at, f.id, f.seq FROM cached_files f WHERE f.id = new.cached_file_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_delete AFTER DELETE ON cached_file_users BEGIN
                DELETE FROM user_files WHERE file_id = old.cached_file_id AND user_id = old.user_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_move AFTER UPDATE OF cached_file_id, user_id ON cached_file_users
            WHEN old.cached_file_id IS NOT new.cached_file_id OR old.user_id IS NOT new.user_id BEGIN
                DELETE FROM user_files WHERE file_id = old.cached_file_id AND user_id = old.user_id;
                INSERT INTO user_files (user_id, cached_at, file_id, seq)
                SELECT new.user_id, f.cached_at, f.id, f.seq FROM cached_files f WHERE f.id = new.cached_file_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_cached_at AFTER UPDATE OF cached_at, seq ON cached_files
            WHEN old.cached_at IS NOT new.cached_at OR old.seq IS NOT new.seq BEGIN
                UPDATE user_files SET cached_at = new.cached_at, seq = new.seq WHERE file_id = new.id;
            END
            """;

    @Override
    public int version() {
        return 17;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "user files";
    }

    @Override
    public String description() {
        return "each user's files newest first (a list narrowed to a user walks only that user's files)";
    }

    /** One pass over the attributions, each joined to its file, and a small index: well under a second at 100,000. */
    @Override
    public double weight(long files, long logRows) {
        return files * 1.5;
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, null, null);
    }

    /**
     * Filled, except in an adoption: that run goes on to v18, which makes the table anew with more columns and fills
     * it (some 0.4 s at 100,000 files saved); an adoption stopped in between ends at v18 on the next start all the
     * same, the step being self-contained.
     */
    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        boolean refilledNext = origin != null && origin.adopting();
        Sql.script(connection, TABLE + (refilledNext ? "" : FILL + "\n;;\n") + UPKEEP, progress,
                "user files, statements");
    }
}
