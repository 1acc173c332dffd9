package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Per-user statistics from day buckets, so they read at most a bucket per day of the period instead of every file
 * attributed in it (3.7 ms at 100,000 files over 20 users, 20 ms at 400,000).
 *
 * <p>{@code user_days}: per user, UTC day of the attribution ({@code added_at}) and the file's operation — the live
 * files, the active ones, their bytes and their accesses. {@code user_day_best}: per user and day, the most accessed
 * live file among those attributed that day (in the order of the most accessed file: accesses, last access, id),
 * with the two values that order it. Kept by triggers in the same transaction as every change: an attribution adds
 * or subtracts its file's share; a change to a file moves its share in the buckets of each of its attributions; the
 * best of a bucket is replaced when a file beats it, and found again from that day's attributions when the best
 * itself loses (removed, detached, or accesses lowered by hand).
 */
final class V8UserDays implements Migration {
    /** A file {@code f}'s share in a bucket: files, active, bytes, accesses (live files only). */
    private static String share(String f, String sign) {
        return sign + "(" + f + ".status <> 'removed'), " + sign + "(" + f + ".status = 'active'), "
                + sign + "(CASE WHEN " + f + ".status <> 'removed' THEN " + f + ".file_size_bytes ELSE 0 END), "
                + sign + "(CASE WHEN " + f + ".status <> 'removed' THEN " + f + ".access_count ELSE 0 END)";
    }

    /** Adds {@code f}'s share (signed) to the buckets of {@code attributions} (rows u with user_id and added_at). */
    private static String addShare(String f, String sign, String from) {
        return """
                INSERT INTO user_days (user_id, day, operation, files, active, bytes, accesses)
                SELECT u.user_id, substr(u.added_at, 1, 10), %1$s.triggered_by_operation, %2$s
                %3$s
                ON CONFLICT (user_id, day, operation) DO UPDATE SET files = files + excluded.files,
                    active = active + excluded.active, bytes = bytes + excluded.bytes,
                    accesses = accesses + excluded.accesses;
                """.formatted(f, share(f, sign), from);
    }

    /** The rows of this day's attributions of this user, live files only, in the most-accessed order. */
    private static String bestOf(String user, String day) {
        return "SELECT f.id, f.access_count, f.last_accessed FROM cached_file_users b JOIN cached_files f"
                + " ON f.id = b.cached_file_id WHERE b.user_id = " + user + " AND b.added_at >= " + day
                + " AND b.added_at < " + day + " || 'U' AND f.status <> 'removed' AND f.access_count > 0"
                + " ORDER BY f.access_count DESC, f.last_accessed DESC, f.id ASC LIMIT 1";
    }

    /**
     * Finds the best of each bucket in {@code keys} (rows k with user_id and day) again from its attributions:
     * replaced where one remains, deleted where none does. The keys may read {@code user_day_best} itself, so the
     * replacing comes first and the deleting reads what it left.
     */
    private static String refindBest(String keys) {
        return """
                INSERT OR REPLACE INTO user_day_best (user_id, day, file_id, access_count, last_accessed)
                SELECT k.user_id, k.day, (SELECT id FROM (%2$s)), (SELECT access_count FROM (%2$s)),
                    (SELECT last_accessed FROM (%2$s))
                FROM %1$s WHERE EXISTS (%2$s);
                DELETE FROM user_day_best WHERE (user_id, day) IN (SELECT k.user_id, k.day FROM %1$s)
                    AND NOT EXISTS (%3$s);
                """.formatted(keys, bestOf("k.user_id", "k.day"),
                bestOf("user_day_best.user_id", "user_day_best.day"));
    }

    /** Makes {@code f} (a live file with accesses) the best of its attributions' buckets where it beats the best. */
    private static String offerBest(String f, String from) {
        return """
                INSERT INTO user_day_best (user_id, day, file_id, access_count, last_accessed)
                SELECT u.user_id, substr(u.added_at, 1, 10), %1$s.id, %1$s.access_count, %1$s.last_accessed
                %2$s AND %1$s.status <> 'removed' AND %1$s.access_count > 0
                ON CONFLICT (user_id, day) DO UPDATE SET file_id = excluded.file_id,
                    access_count = excluded.access_count, last_accessed = excluded.last_accessed
                WHERE excluded.access_count > access_count
                    OR (excluded.access_count = access_count AND (excluded.last_accessed > last_accessed
                        OR (excluded.last_accessed IS NOT NULL AND last_accessed IS NULL)
                        OR (excluded.last_accessed IS last_accessed AND excluded.file_id < file_id)));
                """.formatted(f, from);
    }

    private static final String TABLES = """
            DROP TABLE IF EXISTS user_days
            ;;
            CREATE TABLE user_days (
                user_id TEXT NOT NULL,
                day TEXT NOT NULL,
                operation TEXT NOT NULL,
                files INTEGER NOT NULL,
                active INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                accesses INTEGER NOT NULL,
                PRIMARY KEY (user_id, day, operation)
            ) WITHOUT ROWID
            ;;
            DROP TABLE IF EXISTS user_day_best
            ;;
            CREATE TABLE user_day_best (
                user_id TEXT NOT NULL,
                day TEXT NOT NULL,
                file_id TEXT NOT NULL,
                access_count INTEGER NOT NULL,
                last_accessed TEXT,
                PRIMARY KEY (user_id, day)
            ) WITHOUT ROWID
            ;;
            -- a change to a file asks which buckets it is the best of
            CREATE INDEX idx_user_day_best_file ON user_day_best (file_id)
            ;;
            INSERT INTO user_days (user_id, day, operation, files, active, bytes, accesses)
            SELECT u.user_id, substr(u.added_at, 1, 10), f.triggered_by_operation, count(*), sum(f.status = 'active'),
                sum(f.file_size_bytes), sum(f.access_count)
            FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id
            WHERE f.status <> 'removed'
            GROUP BY u.user_id, substr(u.added_at, 1, 10), f.triggered_by_operation
            ;;
            INSERT INTO user_day_best (user_id, day, file_id, access_count, last_accessed)
            SELECT user_id, day, id, access_count, last_accessed FROM (
                SELECT u.user_id, substr(u.added_at, 1, 10) AS day, f.id, f.access_count, f.last_accessed,
                    row_number() OVER (PARTITION BY u.user_id, substr(u.added_at, 1, 10)
                        ORDER BY f.access_count DESC, f.last_accessed DESC, f.id ASC) AS place
                FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id
                WHERE f.status <> 'removed' AND f.access_count > 0)
            WHERE place = 1
            """;

    private static final String NEW_ATTRIBUTION = "FROM cached_files f CROSS JOIN (SELECT new.user_id AS user_id,"
            + " new.added_at AS added_at) u WHERE f.id = new.cached_file_id";
    private static final String OLD_ATTRIBUTION = "FROM cached_files f CROSS JOIN (SELECT old.user_id AS user_id,"
            + " old.added_at AS added_at) u WHERE f.id = old.cached_file_id";
    private static final String OLD_KEY = "(SELECT old.user_id AS user_id, substr(old.added_at, 1, 10) AS day) k";

    private static final String TRIGGERS = """
            DROP TRIGGER IF EXISTS trg_user_days_attach
            ;;
            CREATE TRIGGER trg_user_days_attach AFTER INSERT ON cached_file_users BEGIN
            """ + addShare("f", "+", NEW_ATTRIBUTION) + offerBest("f", NEW_ATTRIBUTION) + """
            END
            ;;
            DROP TRIGGER IF EXISTS trg_user_days_detach
            ;;
            CREATE TRIGGER trg_user_days_detach AFTER DELETE ON cached_file_users BEGIN
            """ + addShare("f", "-", OLD_ATTRIBUTION) + refindBestIfHeld("old.cached_file_id", OLD_KEY) + """
            END
            ;;
            DROP TRIGGER IF EXISTS trg_user_days_move
            ;;
            -- an attribution moved to another file, user or day (only by hand: the adapter never does)
            CREATE TRIGGER trg_user_days_move AFTER UPDATE OF cached_file_id, user_id, added_at ON cached_file_users
            WHEN old.cached_file_id IS NOT new.cached_file_id OR old.user_id IS NOT new.user_id
                OR old.added_at IS NOT new.added_at BEGIN
            """ + addShare("f", "-", OLD_ATTRIBUTION) + refindBestIfHeld("old.cached_file_id", OLD_KEY)
            + addShare("f", "+", NEW_ATTRIBUTION) + offerBest("f", NEW_ATTRIBUTION) + """
            END
            ;;
            DROP TRIGGER IF EXISTS trg_user_days_file
            ;;
            -- Hibernate writes every column: only a change to what a bucket holds moves the file's share
            CREATE TRIGGER trg_user_days_file AFTER UPDATE OF status, file_size_bytes, access_count, last_accessed,
                triggered_by_operation ON cached_files
            WHEN old.status IS NOT new.status OR old.file_size_bytes IS NOT new.file_size_bytes
                OR old.access_count IS NOT new.access_count OR old.last_accessed IS NOT new.last_accessed
                OR old.triggered_by_operation IS NOT new.triggered_by_operation BEGIN
            """ + addShare("old", "-", "FROM cached_file_users u WHERE u.cached_file_id = old.id")
            + addShare("new", "+", "FROM cached_file_users u WHERE u.cached_file_id = new.id")
            + offerBest("new", "FROM cached_file_users u WHERE u.cached_file_id = new.id")
            + """
                -- the file held a best and now ranks lower (removed, fewer accesses, an older last access)
            """ + refindBest("(SELECT b.user_id AS user_id, b.day AS day FROM user_day_best b"
                + " WHERE b.file_id = new.id AND (new.status = 'removed' OR new.access_count < b.access_count"
                + " OR (new.access_count = b.access_count AND new.last_accessed IS NOT b.last_accessed))) k") + """
            END
            """;

    /** Finds the best of {@code key}'s bucket again when {@code file} held it. */
    private static String refindBestIfHeld(String file, String key) {
        return refindBest("(SELECT k.user_id AS user_id, k.day AS day FROM " + key + " JOIN user_day_best b"
                + " ON b.user_id = k.user_id AND b.day = k.day WHERE b.file_id = " + file + ") k");
    }

    @Override
    public int version() {
        return 8;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "user day buckets";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 1.0;
    }

    @Override
    public String description() {
        return "per-user day buckets (files, active, bytes, accesses per operation; the most accessed file), kept by"
                + " triggers";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, TABLES);
        Sql.script(connection, TRIGGERS);
    }
}
