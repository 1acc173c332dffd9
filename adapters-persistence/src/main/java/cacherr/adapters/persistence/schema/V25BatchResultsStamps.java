package cacherr.adapters.persistence.schema;

import java.util.List;

/**
 * Each batch gets a stamp of its results, {@code batch_operations.results_stamp}, that moves with every write to any of
 * them: a page of results read lately is taken again at the same stamp without reading its rows' text
 * (docs/PERFORMANCE.md, "Eleventh round: a batch's results by a stamp"). The text stays the check when the stamp has
 * moved (a running batch's other pages, unchanged, are still taken again).
 *
 * <p>A random 64-bit number ({@code random()}), as v21's and v24's row stamps are, drawn by triggers after every
 * insert, update and delete of a result (both batches when one moves to another) and after every insert of a batch
 * (a batch deleted and made again under the same id never finds its former stamp). The stamp's own update fires no
 * trigger: {@code batch_operations} has none of its own. Batches present before this step keep 0, the column's
 * default, until their first write: adding a column with a default rewrites no row.
 *
 * <p>Self-contained; run again, it changes nothing (the column is added only when missing, the triggers made anew).
 */
final class V25BatchResultsStamps extends StampStep {
    private static final String DRAW = "UPDATE batch_operations SET results_stamp = random() WHERE id = ";

    V25BatchResultsStamps() {
        super("batch_operations", "results_stamp", List.of(
                new Trigger("results_stamp_batch_inserted", "AFTER INSERT ON batch_operations", DRAW + "new.id;"),
                new Trigger("results_stamp_result_inserted", "AFTER INSERT ON batch_file_results",
                        DRAW + "new.operation_id;"),
                new Trigger("results_stamp_result_updated", "AFTER UPDATE ON batch_file_results",
                        DRAW + "old.operation_id;\n    " + DRAW + "new.operation_id;"),
                new Trigger("results_stamp_result_deleted", "AFTER DELETE ON batch_file_results",
                        DRAW + "old.operation_id;")));
    }

    @Override
    public int version() {
        return 25;
    }

    @Override
    public String description() {
        return "a stamp of each batch's results, moved by every write to them (a page of results read lately is taken"
                + " again without reading its rows)";
    }

    @Override
    public String shortName() {
        return "batch results stamps";
    }
}
