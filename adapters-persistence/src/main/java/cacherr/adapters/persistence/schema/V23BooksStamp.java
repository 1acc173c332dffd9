package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One stamp for all the files' books: {@code selection_versions.books_stamp}, drawn anew ({@code random()}) by every
 * insert, update and delete of a file's row and of an attribution, whoever writes. Every table a free-text search
 * reads — the path indexes, the search documents, the known users, the counters, the versions — is kept from those
 * two by triggers, so a reader that finds the stamp it read when it answered a search finds the same answer: the whole
 * answer can be taken again without a row read (docs/PERFORMANCE.md, "Tenth round: a search's answer kept per state
 * of the books"). {@code files} and {@code accesses} (v12) say less on purpose: they leave out the columns no
 * selection reads (the cached path, the metadata…), and the row stamps (v21) say it per row.
 *
 * <p>Random, not counted, for the row stamps' reasons (v21): a count goes back with a rolled-back transaction and
 * with a restored copy of the file, and then comes round again for other books. The update trigger fires only when
 * the update left the row's stamp as it was, as the row stamp's own does: the row stamp's update itself (which sets
 * only {@code row_stamp}) moves nothing else, and writing {@code row_stamp} by hand stays unsupported. The row is
 * {@code selection_versions}' one row, which most writes move already: no page more to write. The step draws
 * the first stamp itself, so two files never written since do not share one; run again, it keeps the one there.
 *
 * <p>Self-contained; run again, it changes nothing (the column is added and drawn only when missing, the triggers
 * made anew).
 */
final class V23BooksStamp extends StampStep {
    private static final String DRAW = "UPDATE selection_versions SET books_stamp = random();";

    V23BooksStamp() {
        super("selection_versions", "books_stamp", List.of(
                new Trigger("books_stamp_file_inserted", "AFTER INSERT ON cached_files", DRAW),
                new Trigger("books_stamp_file_updated",
                        "AFTER UPDATE ON cached_files WHEN new.row_stamp IS old.row_stamp", DRAW),
                new Trigger("books_stamp_file_deleted", "AFTER DELETE ON cached_files", DRAW),
                new Trigger("books_stamp_user_inserted", "AFTER INSERT ON cached_file_users", DRAW),
                new Trigger("books_stamp_user_updated", "AFTER UPDATE ON cached_file_users", DRAW),
                new Trigger("books_stamp_user_deleted", "AFTER DELETE ON cached_file_users", DRAW)));
    }

    /** Each file its own first stamp: two databases never written since this step must not share one. */
    @Override
    void added(Connection connection) throws SQLException {
        Sql.run(connection, DRAW);
    }

    @Override
    public int version() {
        return 23;
    }

    @Override
    public String description() {
        return "one stamp for the files' books, moved by every write to a file or an attribution (searches' answers"
                + " kept)";
    }

    @Override
    public String shortName() {
        return "books stamp";
    }
}
