package cacherr.adapters.persistence.schema;

import java.util.List;

/**
 * Each audit-log row gets a stamp, {@code cache_operations_log.row_stamp}, that moves with every write to it, as the
 * files' rows have since v21: a page reads its rows' rowid, id and stamp and takes an entry it read lately only where
 * all three are the same (docs/PERFORMANCE.md, "Ninth round: 500-row pages"). Before this, the rowid and the id were
 * the mark, which holds for this service (it never changes an entry once written) but not for another program: an
 * entry edited in place, or deleted and written again under the same rowid and id, was shown as it had been until it
 * fell out of the kept entries or the service restarted.
 *
 * <p>A random 64-bit number ({@code random()}), drawn by a trigger after every insert of a row and after every update
 * that left the stamp as it was, for the reasons v21 gives (a count repeats after a rolled-back transaction or a
 * restored copy; a random stamp repeats for one rowid with a chance of 2⁻⁶⁴ a write). The stamp's own update sets no
 * column another trigger on the log watches ({@code log_days_entry_changed} watches the type, the user, the outcome
 * and the time), and does not fire the update trigger again (its {@code WHEN}), recursive triggers or not. Rows
 * present before this step keep 0, the column's default, until their first write: adding a column with a default
 * rewrites no row, so this step costs no time at any size.
 *
 * <p>Self-contained; run again, it changes nothing (the column is added only when missing, the triggers made anew).
 */
final class V24LogRowStamps extends StampStep {
    private static final String STAMP_ENTRY = "UPDATE cache_operations_log SET row_stamp = random() WHERE rowid = ";

    V24LogRowStamps() {
        super("cache_operations_log", "row_stamp", List.of(
                new Trigger("row_stamp_entry_inserted", "AFTER INSERT ON cache_operations_log",
                        STAMP_ENTRY + "new.rowid;"),
                new Trigger("row_stamp_entry_updated",
                        "AFTER UPDATE ON cache_operations_log WHEN new.row_stamp IS old.row_stamp",
                        STAMP_ENTRY + "new.rowid;")));
    }

    @Override
    public int version() {
        return 24;
    }

    @Override
    public String description() {
        return "a stamp on each audit-log row, moved by every write to it (an entry edited by another program is read"
                + " anew)";
    }

    @Override
    public String shortName() {
        return "audit log row stamps";
    }
}
