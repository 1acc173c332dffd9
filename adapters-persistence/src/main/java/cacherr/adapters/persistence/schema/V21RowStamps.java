package cacherr.adapters.persistence.schema;

import java.util.List;

/**
 * Each file's row gets a stamp, {@code cached_files.row_stamp}, that moves with everything the file is rebuilt from:
 * any column of its row and any of its attributions. A page then reads only its rows' {@code (seq, row_stamp)} and
 * takes the file it rebuilt lately for each row whose pair is the one it rebuilt it at; only the others' columns and
 * attributions are read (docs/PERFORMANCE.md, "Eighth round: row stamps").
 *
 * <p>A stamp is a random 64-bit number ({@code random()}), drawn by a trigger on every insert and update of the row
 * and on every insert, delete or update of one of its attributions (a move between files stamps both). Not a count:
 * a count per row repeats when a seq is given again (the largest seq deleted, a new file inserted), and a shared
 * counter goes back with every rolled-back transaction (a write that read its own change and failed would leave a
 * stamp behind that the next write is given again for other content) and with a restored copy of the file. A random
 * stamp repeats for the same seq with a chance of 2⁻⁶⁴ a write, and a write needs no counter row (no page more to
 * write). Rows present before this step keep 0, the column's default, until their first write: adding a column with
 * a default rewrites no row.
 *
 * <p>The stamp's own update sets only {@code row_stamp}: every {@code AFTER UPDATE OF …} trigger on the table ignores
 * it, and every trigger without a column list checks columns the stamp is not among (the counters, the selection
 * versions: RowStampsTest proves it). Recursive triggers stay off (SQLite's default), and the update trigger fires
 * only when the update left the stamp as it was, so the stamp's own update never fires it again either way. Writing
 * {@code row_stamp} by hand is not supported: an update that sets it keeps the value it sets.
 *
 * <p>Self-contained; run again, it changes nothing (the column is added only when missing, the triggers made anew).
 */
final class V21RowStamps extends StampStep {
    private static final String STAMP_FILE = "UPDATE cached_files SET row_stamp = random() WHERE ";

    V21RowStamps() {
        super("cached_files", "row_stamp", List.of(
                new Trigger("row_stamp_file_inserted", "AFTER INSERT ON cached_files", STAMP_FILE + "seq = new.seq;"),
                new Trigger("row_stamp_file_updated", "AFTER UPDATE ON cached_files WHEN new.row_stamp IS old.row_stamp",
                        STAMP_FILE + "seq = new.seq;"),
                new Trigger("row_stamp_user_inserted", "AFTER INSERT ON cached_file_users",
                        STAMP_FILE + "id = new.cached_file_id;"),
                new Trigger("row_stamp_user_deleted", "AFTER DELETE ON cached_file_users",
                        STAMP_FILE + "id = old.cached_file_id;"),
                new Trigger("row_stamp_user_updated", "AFTER UPDATE ON cached_file_users",
                        STAMP_FILE + "id IN (old.cached_file_id, new.cached_file_id);")));
    }

    @Override
    public int version() {
        return 21;
    }

    @Override
    public String description() {
        return "a stamp on each file's row, moved by every write to it or its attributions (pages read changed rows"
                + " only)";
    }

    @Override
    public String shortName() {
        return "row stamps";
    }

}
