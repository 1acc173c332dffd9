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
 * {@code detail=none} (a single-token query needs no positions): 5.4 MB per 100,000 files, where the trigram index
 * of live paths takes 9.3 MB. The rowid is the file's {@code seq}, {@code -seq} while it is removed (as in
 * {@code files_search}), so a search without removed files reads {@code rowid > 0}.
 *
 * <p>Every form here parses and runs in SQLite 3.35 (Debian 12's shell is 3.40, Python 3.11's module too): the
 * rewritten path is built by a recursive CTE that appends one character a step (an ordered {@code group_concat}
 * needs 3.44, and the schema of a file is parsed whole: one such trigger made older shells call the file
 * malformed), and a document is deleted with FTS5's {@code 'delete'} command, which a contentless table has always
 * had, given the rowid and the text it was indexed with, both recomputed from the old row ({@code
 * contentless_delete=1}, delete by rowid alone, needs 3.43). Version 9 ({@link V9OlderSqlite}) replaces the forms
 * of the first version 7 in files that have them.
 */
final class V7ShortSearches implements Migration {
    /** The path {@code path} rewritten with U+0001 around each character, as one scalar SQL expression. */
    static String rewritten(String path) {
        return "(WITH RECURSIVE step(n, chars) AS (SELECT 0, char(1) UNION ALL SELECT n + 1, chars || substr("
                + path + ", n + 1, 1) || char(1) FROM step WHERE n < length(" + path + "))"
                + " SELECT chars FROM step WHERE n = length(" + path + "))";
    }

    /** The rewritten path of every file matching {@code where} (over {@code cached_files f}), inserted. */
    private static String insertPaths(String where) {
        return insertPaths(where, rewritten("f.file_path"));
    }

    private static String insertPaths(String where, String rewrittenPath) {
        return "INSERT INTO files_short (rowid, chars)\n"
                + "SELECT CASE WHEN f.status = 'removed' THEN -f.seq ELSE f.seq END, " + rewrittenPath
                + "\nFROM cached_files f WHERE " + where + ";";
    }

    /**
     * {@link #rewritten} in Java, for the migration's fill only (its connection registers it as {@code
     * short_chars}): the recursive CTE builds each path a character a step, 4 s for 100,000 paths. The triggers keep
     * the SQL form, which any writer (the sqlite3 shell) can run. Same text: SQLite's {@code substr} and
     * {@code length} count code points, as this does.
     */
    static String rewrittenInJava(String path) {
        if (path == null) return null;
        StringBuilder chars = new StringBuilder(path.length() * 2 + 1).append('\u0001');
        path.codePoints().forEach(c -> chars.appendCodePoint(c).append('\u0001'));
        return chars.toString();
    }

    /** Deletes the document of the file as it was before this change ({@code old}), by its rowid and its text. */
    private static final String DELETE_OLD = "INSERT INTO files_short (files_short, rowid, chars) VALUES ('delete', "
            + "CASE WHEN old.status = 'removed' THEN -old.seq ELSE old.seq END, " + rewritten("old.file_path") + ");";

    static final String CREATE_TABLE = """
            CREATE VIRTUAL TABLE files_short USING fts5 (
                chars, tokenize = 'trigram', content = '', detail = none
            )""";

    /** Dropped and made anew (idempotent, and no tombstones), filled, then merged into one segment. */
    static final String TABLE = "DROP TABLE IF EXISTS files_short\n;;\n" + CREATE_TABLE + "\n;;\n"
            + FullTextFill.withOneBuffer("files_short",
                    insertPaths("1" + V6SearchDocuments.IN_ROWID_ORDER, "short_chars(f.file_path)")) + """
            ;;
            INSERT INTO files_short (files_short) VALUES ('optimize')
            """;

    static final String TRIGGERS = """
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
            """ + DELETE_OLD + "\n" + insertPaths("f.seq = new.seq") + """

            END
            ;;
            DROP TRIGGER IF EXISTS trg_short_file_delete
            ;;
            CREATE TRIGGER trg_short_file_delete AFTER DELETE ON cached_files BEGIN
            """ + DELETE_OLD + """

            END
            """;

    @Override
    public int version() {
        return 7;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "short-search index";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 1.0;
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
