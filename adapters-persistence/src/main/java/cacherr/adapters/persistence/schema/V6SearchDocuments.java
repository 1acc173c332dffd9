package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One search document per file in a trigram index ({@code files_search}), so a search that matches several places
 * at once — a text found in ten user ids, or in paths and users — is counted by the index alone instead of visiting
 * every matching row for an exact union (88 ms at 100,000 files for "user0").
 *
 * <p>Columns: {@code path}; {@code users}, the distinct ids of the attributed users and of the triggering user,
 * joined by U+0001 (each once: the triggering user is usually attributed too, and a repeat lengthens the doclists a
 * count reads: 15 % slower);
 * {@code operation}, the code. FTS5 tokenizes columns apart, and a query can never contain U+0001 (a search refuses
 * control characters), so no match spans two fields. The rowid is the file's {@code seq} while the file is not
 * removed and {@code -seq} while it is: a search without removed files asks for {@code rowid > 0}, one with them
 * for every rowid, in the same index. A regular FTS5 table (it keeps its own copy of the text), so the triggers
 * delete a document by rowid without knowing what it held; trigram tokenizing needs SQLite 3.34.
 */
final class V6SearchDocuments implements Migration {
    /** The document of every file matching {@code where} (over {@code cached_files f}), inserted. */
    static String insertDocuments(String where) {
        return """
                INSERT INTO files_search (rowid, path, users, operation)
                SELECT CASE WHEN f.status = 'removed' THEN -f.seq ELSE f.seq END, f.file_path,
                    coalesce((SELECT group_concat(user_id, char(1)) FROM (
                        SELECT u.user_id FROM cached_file_users u WHERE u.cached_file_id = f.id
                        UNION SELECT f.triggered_by_user WHERE f.triggered_by_user IS NOT NULL)), ''),
                    f.triggered_by_operation
                FROM cached_files f WHERE\s""" + where + ";";
    }

    /**
     * Appended to the {@code WHERE} of a fill ({@code SELECT <rowid>, …}): the documents in ascending rowid order.
     * FTS5 writes its pending terms out as a new segment whenever a rowid is not above the last one written: the
     * removed files' negative rowids among the others (and {@code files_fts}'s {@code 'rebuild'}, which read the
     * paths in the order of their unique index) made thousands of small segments to merge: 4.6 against 1.7 s of CPU
     * for 100,000 documents (PERFORMANCE.md).
     */
    static final String IN_ROWID_ORDER = " ORDER BY 1";

    /** Deletes the document of the file with {@code id} (either sign) and writes it again from the data. */
    private static String refresh(String id) {
        return "DELETE FROM files_search WHERE rowid IN (SELECT seq FROM cached_files WHERE id = " + id
                + " UNION ALL SELECT -seq FROM cached_files WHERE id = " + id + ");\n"
                + insertDocuments("f.id = " + id);
    }

    /**
     * Dropped and made anew rather than emptied (a DELETE leaves a tombstone per document in the index until merged:
     * counts took twice as long), filled, then merged into one segment ('optimize': 1 s at 200,000 files), so the
     * step can run again on a file it was applied to.
     */
    private static final String TABLE = """
            DROP TABLE IF EXISTS files_search
            ;;
            CREATE VIRTUAL TABLE files_search USING fts5 (
                path, users, operation, tokenize = 'trigram', columnsize = 0
            )
            ;;
            """ + FullTextFill.withOneBuffer("files_search", insertDocuments("1" + IN_ROWID_ORDER)) + """
            ;;
            INSERT INTO files_search (files_search) VALUES ('optimize')
            """;

    private static final String TRIGGERS = """
            DROP TRIGGER IF EXISTS trg_search_file_insert
            ;;
            CREATE TRIGGER trg_search_file_insert AFTER INSERT ON cached_files BEGIN
            """ + insertDocuments("f.seq = new.seq") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_search_file_update
            ;;
            -- Hibernate writes every column: only a change to what a document holds (or to the rowid's sign) counts
            CREATE TRIGGER trg_search_file_update AFTER UPDATE OF seq, id, file_path, status, triggered_by_user,
                triggered_by_operation ON cached_files
            WHEN old.seq IS NOT new.seq OR old.id IS NOT new.id OR old.file_path IS NOT new.file_path
                OR (old.status = 'removed') IS NOT (new.status = 'removed')
                OR old.triggered_by_user IS NOT new.triggered_by_user
                OR old.triggered_by_operation IS NOT new.triggered_by_operation BEGIN
                DELETE FROM files_search WHERE rowid IN (old.seq, -old.seq);
            """ + insertDocuments("f.seq = new.seq") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_search_file_delete
            ;;
            CREATE TRIGGER trg_search_file_delete AFTER DELETE ON cached_files BEGIN
                DELETE FROM files_search WHERE rowid IN (old.seq, -old.seq);
            END
            ;;
            DROP TRIGGER IF EXISTS trg_search_users_insert
            ;;
            CREATE TRIGGER trg_search_users_insert AFTER INSERT ON cached_file_users BEGIN
            """ + refresh("new.cached_file_id") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_search_users_delete
            ;;
            CREATE TRIGGER trg_search_users_delete AFTER DELETE ON cached_file_users BEGIN
            """ + refresh("old.cached_file_id") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_search_users_update
            ;;
            -- a user row moved to another file or user (only by hand: the adapter never does)
            CREATE TRIGGER trg_search_users_update AFTER UPDATE OF cached_file_id, user_id ON cached_file_users
            WHEN old.cached_file_id IS NOT new.cached_file_id OR old.user_id IS NOT new.user_id BEGIN
            """ + refresh("old.cached_file_id") + "\n" + refresh("new.cached_file_id") + """

            END
            """;

    @Override
    public int version() {
        return 6;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "search documents";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 2.0;
    }

    @Override
    public String description() {
        return "one trigram search document per file (path, users, operation), kept by triggers";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, TABLE);
        Sql.script(connection, TRIGGERS);
    }
}
