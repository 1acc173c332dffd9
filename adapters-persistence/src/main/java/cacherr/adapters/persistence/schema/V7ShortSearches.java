package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An index for searches of one or two characters, which the trigram indexes cannot serve (a trigram needs three):
 * before it, "r0" scanned every path (80 ms at 100,000 files, 166 ms at 200,000).
 *
 * <p>{@code files_short} is an FTS5 trigram index of each path rewritten with U+0001 around every character:
 * {@code "ab"} is indexed as {@code "\1a\1b\1"}. Its trigrams are then exactly {@code "\1x\1"} for every character
 * {@code x} of the path and {@code "x\1y"} for every pair {@code xy} next to each other, so a one-character search
 * is the single token {@code "\1x\1"} and a two-character one the single token {@code "x\1y"}: a lookup in one
 * doclist, with the tokenizer's Unicode case folding. A search can never hold U+0001 (control characters are
 * refused), so no other trigram of the rewritten path can be asked for. Contentless (the text is not kept), with
 * {@code detail=none} (a single-token query needs no positions) and {@code contentless_delete=1} (a document is
 * deleted by rowid, SQLite 3.43; the ordered {@code group_concat} of the triggers needs 3.44): 5.4 MB per
 * 100,000 files, where the trigram index of live paths takes 9.3 MB. The rowid is the file's
 * {@code seq}, {@code -seq} while it is removed (as in {@code files_search}), so a search without removed files
 * reads {@code rowid > 0}.
 */
final class V7ShortSearches implements Migration {
    /** The rewritten path of every file matching {@code where} (over {@code cached_files f}), inserted. */
    private static String insertPaths(String where) {
        return """
                INSERT INTO files_short (rowid, chars)
                SELECT CASE WHEN f.status = 'removed' THEN -f.seq ELSE f.seq END,
                    (WITH RECURSIVE position(n) AS (
                        SELECT 1 UNION ALL SELECT n + 1 FROM position WHERE n < length(f.file_path))
                     SELECT char(1) || group_concat(substr(f.file_path, n, 1) || char(1), '' ORDER BY n) FROM position)
                FROM cached_files f WHERE\s""" + where + ";";
    }

    /** Dropped and made anew (idempotent, and no tombstones), filled, then merged into one segment. */
    private static final String TABLE = """
            DROP TABLE IF EXISTS files_short
            ;;
            CREATE VIRTUAL TABLE files_short USING fts5 (
                chars, tokenize = 'trigram', content = '', contentless_delete = 1, detail = none
            )
            ;;
            """ + insertPaths("1") + """

            ;;
            INSERT INTO files_short (files_short) VALUES ('optimize')
            """;

    private static final String TRIGGERS = """
            DROP TRIGGER IF EXISTS trg_short_file_insert
            ;;
            CREATE TRIGGER trg_short_file_insert AFTER INSERT ON cached_files BEGIN
            """ + insertPaths("f.seq = new.seq") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_short_file_update
            ;;
            -- Hibernate writes every column: only a new path, seq or rowid sign rewrites the document
            CREATE TRIGGER trg_short_file_update AFTER UPDATE OF seq, file_path, status ON cached_files
            WHEN old.seq IS NOT new.seq OR old.file_path IS NOT new.file_path
                OR (old.status = 'removed') IS NOT (new.status = 'removed') BEGIN
                DELETE FROM files_short WHERE rowid IN (old.seq, -old.seq);
            """ + insertPaths("f.seq = new.seq") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_short_file_delete
            ;;
            CREATE TRIGGER trg_short_file_delete AFTER DELETE ON cached_files BEGIN
                DELETE FROM files_short WHERE rowid IN (old.seq, -old.seq);
            END
            """;

    @Override
    public int version() {
        return 7;
    }

    @Override
    public String description() {
        return "an index of the characters and character pairs of each path, for searches of 1-2 characters";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, TABLE);
        Sql.script(connection, TRIGGERS);
    }
}
