package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-user totals beside {@code known_users.live_files} — active files and the bytes of live files — kept by
 * triggers, so the list of users reads 20 rows instead of grouping every attribution (446 ms at 100,000 files).
 * Also a trigram index of the paths of live files; and audit-log rows of the original Cacherr whose operation type
 * this program does not know get the closest action, the original name kept in the row's metadata (see
 * {@link LegacyOperationTypes}).
 */
final class V5UserTotals implements Migration {
    /**
     * Every total counted again from the data (a user missing from {@code known_users} is added first): zero, then
     * one grouped pass over the attributions. Three correlated sums per user read every attribution three times
     * through the file's id: 2.0 against 0.2 s of CPU at 100,000 files (PERFORMANCE.md).
     */
    private static final String RECOUNT = """
            INSERT OR IGNORE INTO known_users (user_id, live_files) SELECT DISTINCT user_id, 0 FROM cached_file_users
            ;;
            UPDATE known_users SET live_files = 0, active_files = 0, live_bytes = 0
            ;;
            UPDATE known_users SET live_files = t.live, active_files = t.active, live_bytes = t.bytes
            FROM (SELECT u.user_id, sum(f.status <> 'removed') AS live, sum(f.status = 'active') AS active,
                    sum(CASE WHEN f.status <> 'removed' THEN f.file_size_bytes ELSE 0 END) AS bytes
                FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id GROUP BY u.user_id) AS t
            WHERE t.user_id = known_users.user_id
            """;

    /** In a trigger on cached_file_users: the new row's file counts for its user (live, active, bytes). */
    private static final String ADD_NEW_USER_SHARE = """
                INSERT INTO known_users (user_id, live_files, active_files, live_bytes)
                SELECT new.user_id, coalesce(sum(f.status <> 'removed'), 0), coalesce(sum(f.status = 'active'), 0),
                    coalesce(sum(CASE WHEN f.status <> 'removed' THEN f.file_size_bytes ELSE 0 END), 0)
                FROM cached_files f WHERE f.id = new.cached_file_id
                ON CONFLICT (user_id) DO UPDATE SET live_files = live_files + excluded.live_files,
                    active_files = active_files + excluded.active_files, live_bytes = live_bytes + excluded.live_bytes;
            """;

    /** In a trigger on cached_file_users: the old row's file no longer counts for its user. */
    private static final String SUBTRACT_OLD_USER_SHARE = """
                UPDATE known_users SET
                    live_files = live_files - (SELECT coalesce(sum(f.status <> 'removed'), 0)
                        FROM cached_files f WHERE f.id = old.cached_file_id),
                    active_files = active_files - (SELECT coalesce(sum(f.status = 'active'), 0)
                        FROM cached_files f WHERE f.id = old.cached_file_id),
                    live_bytes = live_bytes - (SELECT coalesce(sum(CASE WHEN f.status <> 'removed'
                        THEN f.file_size_bytes ELSE 0 END), 0) FROM cached_files f WHERE f.id = old.cached_file_id)
                WHERE user_id = old.user_id;
            """;

    /**
     * Replaces v4's triggers that kept {@code live_files} only (and two that inserted into {@code known_users}
     * without naming its columns). A file counts for its users while it is not removed.
     */
    private static final String TRIGGERS = """
            DROP TRIGGER IF EXISTS trg_files_insert
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_insert AFTER INSERT ON cached_files BEGIN
            """ + V4QueryStructures.COUNT_IN + """
                INSERT OR IGNORE INTO known_users (user_id, live_files)
                SELECT new.triggered_by_user, 0 WHERE new.triggered_by_user IS NOT NULL;
                INSERT INTO files_fts (rowid, file_path) VALUES (new.seq, new.file_path);
            END
            ;;
            DROP TRIGGER IF EXISTS trg_files_triggering_user
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_triggering_user AFTER UPDATE OF triggered_by_user ON cached_files
            WHEN new.triggered_by_user IS NOT NULL BEGIN
                INSERT OR IGNORE INTO known_users (user_id, live_files) VALUES (new.triggered_by_user, 0);
            END
            ;;
            DROP TRIGGER IF EXISTS trg_files_liveness
            ;;
            DROP TRIGGER IF EXISTS trg_users_insert
            ;;
            DROP TRIGGER IF EXISTS trg_users_delete
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_user_totals AFTER UPDATE OF status, file_size_bytes ON cached_files
            WHEN old.status IS NOT new.status OR old.file_size_bytes IS NOT new.file_size_bytes BEGIN
                UPDATE known_users SET
                    live_files = live_files + (new.status <> 'removed') - (old.status <> 'removed'),
                    active_files = active_files + (new.status = 'active') - (old.status = 'active'),
                    live_bytes = live_bytes
                        + (CASE WHEN new.status <> 'removed' THEN new.file_size_bytes ELSE 0 END)
                        - (CASE WHEN old.status <> 'removed' THEN old.file_size_bytes ELSE 0 END)
                WHERE user_id IN (SELECT user_id FROM cached_file_users WHERE cached_file_id = new.id);
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_users_insert AFTER INSERT ON cached_file_users BEGIN
            """ + ADD_NEW_USER_SHARE + """
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_users_delete AFTER DELETE ON cached_file_users BEGIN
            """ + SUBTRACT_OLD_USER_SHARE + """
            END
            ;;
            -- a user row moved to another file or user (only by hand: the adapter never does) moves its share
            CREATE TRIGGER IF NOT EXISTS trg_users_move AFTER UPDATE OF cached_file_id, user_id ON cached_file_users
            WHEN old.cached_file_id IS NOT new.cached_file_id OR old.user_id IS NOT new.user_id BEGIN
            """ + SUBTRACT_OLD_USER_SHARE + """
            """ + ADD_NEW_USER_SHARE + """
            END
            """;

    /**
     * A second trigram index holding only files that are not removed — what a search shows unless asked for removed
     * ones — so it counts a broad search's matches itself (2 ms for 100,000) instead of reading every matching row
     * for its status (30 ms). It names {@code cached_files} as its content but is filled by the triggers only: a
     * {@code 'rebuild'} would wrongly add the removed files (rebuild it with the INSERT … SELECT below instead).
     */
    private static final String LIVE_PATHS = """
            CREATE VIRTUAL TABLE IF NOT EXISTS files_fts_live USING fts5 (
                file_path, content = 'cached_files', content_rowid = 'seq', tokenize = 'trigram'
            )
            ;;
            INSERT INTO files_fts_live (files_fts_live) VALUES ('delete-all')
            ;;
            """ + FullTextFill.withOneBuffer("files_fts_live", """
            INSERT INTO files_fts_live (rowid, file_path) SELECT seq, file_path FROM cached_files
            WHERE status <> 'removed' ORDER BY seq
            """) + """
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_live_paths_insert AFTER INSERT ON cached_files
            WHEN new.status <> 'removed' BEGIN
                INSERT INTO files_fts_live (rowid, file_path) VALUES (new.seq, new.file_path);
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_live_paths_delete AFTER DELETE ON cached_files
            WHEN old.status <> 'removed' BEGIN
                INSERT INTO files_fts_live (files_fts_live, rowid, file_path) VALUES ('delete', old.seq, old.file_path);
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS trg_files_live_paths_update AFTER UPDATE OF status, file_path ON cached_files
            WHEN old.status IS NOT new.status OR old.file_path IS NOT new.file_path BEGIN
                INSERT INTO files_fts_live (files_fts_live, rowid, file_path)
                SELECT 'delete', old.seq, old.file_path WHERE old.status <> 'removed';
                INSERT INTO files_fts_live (rowid, file_path)
                SELECT new.seq, new.file_path WHERE new.status <> 'removed';
            END
            ;;
            -- covering, for the files a user triggered without being attributed (user search totals)
            DROP INDEX IF EXISTS idx_files_triggered_by_user
            ;;
            CREATE INDEX idx_files_triggered_by_user ON cached_files (triggered_by_user, status, id)
            """;

    /**
     * The metadata of a row whose {@code operation_type} is a legacy name: its JSON object with the name added
     * under {@link LegacyOperationTypes#ORIGINAL_NAME_KEY} ({@code {}} for none, other text kept whole under
     * {@code legacy_metadata}). Read from the row's own columns, so an UPDATE and the copy of step 3 share it.
     */
    static final String LEGACY_METADATA = """
            json_set(CASE WHEN json_valid(metadata) AND json_type(metadata) = 'object' THEN metadata
                     WHEN metadata IS NULL OR trim(metadata) IN ('', 'null') THEN '{}'
                     ELSE json_object('legacy_metadata', metadata) END,
                '$.%s', operation_type)""".formatted(LegacyOperationTypes.ORIGINAL_NAME_KEY);

    @Override
    public int version() {
        return 5;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "user totals";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 3.0;
    }

    @Override
    public String description() {
        return "per-user totals and a trigram index of live paths, kept by triggers; legacy audit operation types "
                + "mapped to actions";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        addColumn(connection, "active_files");
        addColumn(connection, "live_bytes");
        Sql.script(connection, RECOUNT);
        Sql.script(connection, TRIGGERS);
        Sql.script(connection, LIVE_PATHS);
        mapLegacyOperationTypes(connection);
    }

    /** Idempotent like every statement here: the step can run again on a file it was applied to and changes nothing. */
    private static void addColumn(Connection connection, String column) throws SQLException {
        Sql.addIntegerColumn(connection, "known_users", column);
    }

    /**
     * Every row whose operation type is no current action gets the closest one; the original name goes into the
     * metadata object under {@link LegacyOperationTypes#ORIGINAL_NAME_KEY} (metadata that is no JSON object is kept
     * whole under {@code legacy_metadata}), so nothing is lost and every page of the log reads.
     */
    private static void mapLegacyOperationTypes(Connection connection) throws SQLException {
        // the names one index seek each (step 4's operation_type index): DISTINCT read all 1,000,000 entries
        List<String> names = new ArrayList<>();
        if (Sql.number(connection, "SELECT count(*) FROM cache_operations_log WHERE operation_type IS NULL") > 0) {
            names.add(null);
        }
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT min(operation_type) FROM cache_operations_log WHERE operation_type > ?")) {
            String name = "";
            next.setString(1, name);
            while (true) {
                try (ResultSet rows = next.executeQuery()) {
                    name = rows.next() ? rows.getString(1) : null;
                }
                if (name == null) break;
                if (!LegacyOperationTypes.CURRENT.contains(name)) names.add(name);
                next.setString(1, name);
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE cache_operations_log SET operation_type = ?, metadata = " + LEGACY_METADATA
                        + " WHERE operation_type IS ?")) {
            for (String name : names) {
                update.setString(1, LegacyOperationTypes.actionCode(name));
                update.setString(2, name);
                update.executeUpdate();
            }
        }
    }
}
