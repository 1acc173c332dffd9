package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Two indexes that let a list's total be counted in index entries when several of its filters are set together
 * (issue 15, third round). Before, a status with an operation and a size or cache-time range was counted by
 * reading each candidate row: "active + ondeck + size ≥ 500 MB" walked the status index and read 90,000 rows at
 * 100,000 files. Self-contained; run again, it changes nothing.
 *
 * <ul>
 * <li>{@code idx_files_filters (status, triggered_by_operation, cached_at, file_size_bytes)}: every combination of
 * status, operation, cache-time and size range is a seek per (status, operation) pair — each one given, or the list
 * of those the counters hold — then a range of cache times, the size read from the same entry; no row is read.</li>
 * <li>{@code idx_files_unusual_paths (seq) WHERE file_path GLOB '*[^ -~]*'}: the files whose path holds a character
 * outside printable ASCII — usually none or few. A 1–2 character ASCII search is decided by {@code files_short}
 * alone on every other path (the index's Unicode folding and the {@code LIKE}'s ASCII folding agree there), so its
 * total is the index's matches less those of these paths that fail the row's check: one probe of this small index
 * per match instead of reading each match's row.</li>
 * </ul>
 *
 * <p>Cost: at 100,000 files 5.8 MB, and each insert or delete, and each change of a file's status, operation, cache
 * time or size, updates one more index entry; the partial index costs an entry per unusual path, and each insert or
 * path change evaluates its GLOB once.
 */
final class V14FilterIndexes implements Migration {
    private static final String SCRIPT = """
            CREATE INDEX IF NOT EXISTS idx_files_filters
                ON cached_files (status, triggered_by_operation, cached_at, file_size_bytes)
            ;;
            CREATE INDEX IF NOT EXISTS idx_files_unusual_paths
                ON cached_files (seq) WHERE file_path GLOB '*[^ -~]*'
            """;

    @Override
    public int version() {
        return 14;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String description() {
        return "a covering index of the list's filters and an index of non-ASCII paths (totals from index entries)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, SCRIPT);
    }
}
