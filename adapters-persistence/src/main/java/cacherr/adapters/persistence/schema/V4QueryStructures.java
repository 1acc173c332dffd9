package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What keeps the queries fast whatever the table size: an index for every filter and sort (each ending in id, the
 * tie-breaker; the audit log's in the timestamp, see {@link V13LogIndexes}), counters that statistics read instead of
 * scanning, and a trigram full-text index of file paths for substring search. Triggers keep counters and index right
 * in the same transaction as every change, whoever writes. The index of the triggering user is left to
 * {@link V5UserTotals}, which always follows and builds its wider form ({@code (triggered_by_user, status, id)}): this
 * step built the narrow one only for the next to drop it (a database written at version 4 by an older Cacherr has
 * it, and version 5 drops it as before).
 */
final class V4QueryStructures implements Migration {
    private static final String INDEXES = """
            CREATE INDEX idx_files_cached_at ON cached_files (cached_at, id)
            ;;
            CREATE INDEX idx_files_status_cached_at ON cached_files (status, cached_at, id)
            ;;
            CREATE INDEX idx_files_status_id ON cached_files (status, id)
            ;;
            CREATE INDEX idx_files_filename ON cached_files (filename, id)
            ;;
            CREATE INDEX idx_files_size ON cached_files (file_size_bytes, id)
            ;;
            CREATE INDEX idx_files_operation ON cached_files (triggered_by_operation, id)
            ;;
            CREATE INDEX idx_files_access_count ON cached_files (access_count, id)
            ;;
            CREATE INDEX idx_files_last_accessed ON cached_files (last_accessed, id)
            ;;
            CREATE INDEX idx_files_most_accessed ON cached_files (status, access_count DESC, last_accessed DESC, id)
            ;;
            CREATE INDEX idx_users_user ON cached_file_users (user_id, added_at, cached_file_id)
            ;;
            CREATE INDEX idx_intents_unfinished ON file_operation_intents (started_at, id) WHERE finished_at IS NULL
            ;;
            """ + V13LogIndexes.CREATE; // the audit log's, as version 13 has them (without the id)

    private static final String DERIVED_TABLES = """
            CREATE TABLE file_counters (
                status TEXT NOT NULL,
                operation TEXT NOT NULL,
                files INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                accessed_files INTEGER NOT NULL,
                accesses INTEGER NOT NULL,
                PRIMARY KEY (status, operation)
            ) WITHOUT ROWID
            ;;
            -- every user id ever seen on a file (attributed or triggering), with the live files attributed to it
            CREATE TABLE known_users (
                user_id TEXT PRIMARY KEY,
                live_files INTEGER NOT NULL
            ) WITHOUT ROWID
            ;;
            CREATE VIRTUAL TABLE files_fts USING fts5 (
                file_path, content = 'cached_files', content_rowid = 'seq', tokenize = 'trigram'
            )
            ;;
            INSERT INTO file_counters
            SELECT status, triggered_by_operation, count(*), sum(file_size_bytes), sum(access_count > 0),
                sum(access_count)
            FROM cached_files GROUP BY status, triggered_by_operation
            ;;
            -- the users only: step 5 (V5UserTotals.RECOUNT), which always follows in the same run (or in the next,
            -- when this one stopped after this step), counts every user's totals again from the data
            INSERT INTO known_users SELECT DISTINCT user_id, 0 FROM cached_file_users
            ;;
            INSERT OR IGNORE INTO known_users
            SELECT DISTINCT triggered_by_user, 0 FROM cached_files WHERE triggered_by_user IS NOT NULL
            ;;
            -- in rowid order, not by 'rebuild' (which reads the paths in their index's order: see IN_ROWID_ORDER)
            """ + FullTextFill.withOneBuffer("files_fts",
                    "INSERT INTO files_fts (rowid, file_path) SELECT seq, file_path FROM cached_files ORDER BY seq");

    static final String COUNT_IN = """
            INSERT INTO file_counters VALUES (new.status, new.triggered_by_operation, 1, new.file_size_bytes,
                new.access_count > 0, new.access_count)
            ON CONFLICT (status, operation) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes,
                accessed_files = accessed_files + excluded.accessed_files, accesses = accesses + excluded.accesses;
            """;

    private static final String COUNT_OUT = """
            UPDATE file_counters SET files = files - 1, bytes = bytes - old.file_size_bytes,
                accessed_files = accessed_files - (old.access_count > 0), accesses = accesses - old.access_count
            WHERE status = old.status AND operation = old.triggered_by_operation;
            """;

    private static final String TRIGGERS = """
            CREATE TRIGGER trg_files_insert AFTER INSERT ON cached_files BEGIN
            """ + COUNT_IN + """
                INSERT OR IGNORE INTO known_users SELECT new.triggered_by_user, 0 WHERE new.triggered_by_user IS NOT NULL;
                INSERT INTO files_fts (rowid, file_path) VALUES (new.seq, new.file_path);
            END
            ;;
            -- users go first, while their file is still there to say whether it was live (a cascade runs too late)
            CREATE TRIGGER trg_files_before_delete BEFORE DELETE ON cached_files BEGIN
                DELETE FROM cached_file_users WHERE cached_file_id = old.id;
            END
            ;;
            CREATE TRIGGER trg_files_delete AFTER DELETE ON cached_files BEGIN
            """ + COUNT_OUT + """
                INSERT INTO files_fts (files_fts, rowid, file_path) VALUES ('delete', old.seq, old.file_path);
            END
            ;;
            CREATE TRIGGER trg_files_counted_update AFTER UPDATE ON cached_files
            WHEN old.status IS NOT new.status OR old.triggered_by_operation IS NOT new.triggered_by_operation
                OR old.file_size_bytes IS NOT new.file_size_bytes OR old.access_count IS NOT new.access_count BEGIN
            """ + COUNT_OUT + COUNT_IN + """
            END
            ;;
            CREATE TRIGGER trg_files_liveness AFTER UPDATE OF status ON cached_files
            WHEN (old.status = 'removed') <> (new.status = 'removed') BEGIN
                UPDATE known_users SET live_files = live_files + (CASE WHEN new.status = 'removed' THEN -1 ELSE 1 END)
                WHERE user_id IN (SELECT user_id FROM cached_file_users WHERE cached_file_id = new.id);
            END
            ;;
            CREATE TRIGGER trg_files_triggering_user AFTER UPDATE OF triggered_by_user ON cached_files
            WHEN new.triggered_by_user IS NOT NULL BEGIN
                INSERT OR IGNORE INTO known_users VALUES (new.triggered_by_user, 0);
            END
            ;;
            CREATE TRIGGER trg_files_path AFTER UPDATE OF file_path ON cached_files
            WHEN old.file_path IS NOT new.file_path BEGIN
                INSERT INTO files_fts (files_fts, rowid, file_path) VALUES ('delete', old.seq, old.file_path);
                INSERT INTO files_fts (rowid, file_path) VALUES (new.seq, new.file_path);
            END
            ;;
            CREATE TRIGGER trg_users_insert AFTER INSERT ON cached_file_users BEGIN
                INSERT INTO known_users VALUES (new.user_id,
                    (SELECT count(*) FROM cached_files WHERE id = new.cached_file_id AND status <> 'removed'))
                ON CONFLICT (user_id) DO UPDATE SET live_files = live_files + excluded.live_files;
            END
            ;;
            CREATE TRIGGER trg_users_delete AFTER DELETE ON cached_file_users BEGIN
                UPDATE known_users SET live_files = live_files
                    - (SELECT count(*) FROM cached_files WHERE id = old.cached_file_id AND status <> 'removed')
                WHERE user_id = old.user_id;
            END
            """;

    @Override
    public int version() {
        return 4;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "indexes and counters";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 4.0 + logRows * 1.5;
    }

    @Override
    public String description() {
        return "indexes, statistics counters and the full-text path index, kept by triggers";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, null, null);
    }

    /** The indexes one by one (four of them over the whole audit log), each told to {@code progress}. */
    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        Sql.script(connection, INDEXES, progress, "indexes built");
        Sql.script(connection, DERIVED_TABLES, progress, "counters and path index, statements");
        Sql.script(connection, TRIGGERS);
    }
}
