package cacherr.adapters.persistence;

import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.application.port.out.BatchOperations;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.BatchStatus;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.Coded;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import cacherr.domain.query.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The {@link BatchOperations} port on SQLite ({@code batch_operations}, {@code batch_file_results}, schema v11), in
 * plain JDBC inside the unit of work: each call joins the current transaction or runs in one of its own. Results are
 * written as a JDBC batch of upserts, so a thousand of them cost one transaction.
 */
final class SqliteBatchOperations implements BatchOperations {
    private static final String BATCH_COLUMNS = "id, action, status, test_mode, triggered_by, triggered_by_user, reason,"
            + " started_at, completed_at, total_files, files_processed, files_successful, files_failed, files_skipped,"
            + " total_size_bytes, bytes_processed, error_message, metadata";
    private static final String RESULT_COLUMNS = "operation_id, position, id, file_id, file_path, source_path,"
            + " destination_path, action, status, reason, triggered_by_user, file_size_bytes, started_at, completed_at,"
            + " error_message, parent_operation_id";

    private static final String PAGE_ROWS = " FROM batch_file_results WHERE operation_id = :id AND position >= :offset"
            + " ORDER BY position LIMIT :limit";
    private static final String PAGE = "SELECT " + RESULT_COLUMNS + PAGE_ROWS;
    /**
     * The page's rows as one text ({@link RememberedReads#text}), null when there is none. The rows are joined in the
     * order SQLite hands them to the aggregate (the page's, as it runs; an ordered aggregate costs a sort more): each
     * row's text holds its position, so the same text is the same rows in any order, and a text made in another order
     * would only miss.
     */
    private static final String PAGE_TEXT = "SELECT group_concat(" + RememberedReads.text(RESULT_COLUMNS.split(", "))
            + ", ',') FROM (SELECT " + RESULT_COLUMNS + PAGE_ROWS + ")";
    /** The stamp of the batch's results (schema 25: moved by every write to any of them), null without the batch. */
    private static final String RESULTS_STAMP = "SELECT results_stamp FROM batch_operations WHERE id = :id";
    private static final String BATCH = "SELECT " + BATCH_COLUMNS + " FROM batch_operations WHERE id = :id";
    private static final String BATCH_TEXT = "SELECT " + RememberedReads.text(BATCH_COLUMNS.split(", "))
            + " FROM batch_operations WHERE id = :id";
    /** Results kept: 20 pages of 100, or 2 of the API's default 1,000. */
    static final int PAGES_OF = 2_000;
    /** Batches kept (a batch read again while no run of this service holds it: finished or interrupted). */
    static final int BATCHES = 100;

    /** False only in tests: every batch and page read and made anew (the former way), to compare. */
    static volatile boolean remember = true;

    /** A page of a batch's results. */
    private record ResultsPage(String id, int offset, int limit) {
    }

    /**
     * What a page was read from: its rows' text ({@link RememberedReads#text}), and the stamp of its batch's results
     * then (null without the batch). Either alone stands for the rows: the same stamp, no result written since; the
     * same text, the same rows. Only its parts are compared ({@code Keeper.find}); the record's own {@code equals}
     * would compare the text by identity and is never used.
     */
    private record PageMark(Long stamp, byte[] text) {
    }

    private final UnitOfWork unit;
    private final Keeper<ResultsPage, PageMark, List<OperationResult>> pages = new Keeper<>(PAGES_OF);
    /** For tests: pages taken again by their batch's results stamp. */
    private final LongAdder takenByStamp = new LongAdder();
    private final RememberedReads<String, BatchOperation> rememberedBatches = new RememberedReads<>(BATCHES);

    SqliteBatchOperations(UnitOfWork unit) {
        this.unit = unit;
    }

    @Override
    public void save(BatchOperation b) {
        unit.write(session -> session.doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_operations ("
                    + BATCH_COLUMNS + ") VALUES (" + marks(18) + ") ON CONFLICT (id) DO UPDATE SET"
                    + " status = excluded.status, completed_at = excluded.completed_at,"
                    + " total_files = excluded.total_files, files_processed = excluded.files_processed,"
                    + " files_successful = excluded.files_successful, files_failed = excluded.files_failed,"
                    + " files_skipped = excluded.files_skipped, total_size_bytes = excluded.total_size_bytes,"
                    + " bytes_processed = excluded.bytes_processed, error_message = excluded.error_message,"
                    + " metadata = excluded.metadata")) {
                int i = 0;
                insert.setString(++i, b.id());
                insert.setString(++i, b.action().code());
                insert.setString(++i, b.status().code());
                insert.setInt(++i, b.testMode() ? 1 : 0);
                insert.setString(++i, b.triggeredBy());
                insert.setString(++i, b.triggeredByUser() == null ? null : b.triggeredByUser().value());
                insert.setString(++i, b.reason());
                insert.setString(++i, Timestamps.format(b.startedAt()));
                insert.setString(++i, Timestamps.format(b.completedAt()));
                insert.setInt(++i, b.totalFiles());
                insert.setInt(++i, b.filesProcessed());
                insert.setInt(++i, b.filesSuccessful());
                insert.setInt(++i, b.filesFailed());
                insert.setInt(++i, b.filesSkipped());
                insert.setLong(++i, b.totalSizeBytes());
                insert.setLong(++i, b.bytesProcessed());
                insert.setString(++i, b.errorMessage());
                insert.setString(++i, b.metadata() == null ? null : b.metadata().json());
                return insert.executeUpdate();
            }
        }));
    }

    @Override
    public void saveResults(List<OperationResult> results) {
        if (results.isEmpty()) return;
        unit.write(session -> session.doReturningWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO batch_file_results ("
                    + RESULT_COLUMNS + ") VALUES (" + marks(16) + ") ON CONFLICT (operation_id, position) DO UPDATE SET"
                    + " file_id = excluded.file_id, source_path = excluded.source_path,"
                    + " destination_path = excluded.destination_path, status = excluded.status,"
                    + " reason = excluded.reason, file_size_bytes = excluded.file_size_bytes,"
                    + " started_at = excluded.started_at, completed_at = excluded.completed_at,"
                    + " error_message = excluded.error_message WHERE batch_file_results.id = excluded.id")) {
                for (OperationResult r : results) {
                    int i = 0;
                    upsert.setString(++i, r.operationId());
                    upsert.setInt(++i, r.position());
                    upsert.setString(++i, r.id());
                    upsert.setString(++i, r.fileId() == null ? null : r.fileId().value());
                    upsert.setString(++i, r.filePath());
                    upsert.setString(++i, r.sourcePath());
                    upsert.setString(++i, r.destinationPath());
                    upsert.setString(++i, r.action().code());
                    upsert.setString(++i, r.status().code());
                    upsert.setString(++i, r.reason());
                    upsert.setString(++i, r.triggeredByUser() == null ? null : r.triggeredByUser().value());
                    upsert.setLong(++i, r.fileSizeBytes());
                    upsert.setString(++i, Timestamps.format(r.startedAt()));
                    upsert.setString(++i, Timestamps.format(r.completedAt()));
                    upsert.setString(++i, r.errorMessage());
                    upsert.setString(++i, r.parentOperationId());
                    upsert.addBatch();
                }
                return upsert.executeBatch().length;
            }
        }));
    }

    @Override
    public Optional<BatchOperation> find(String id) {
        return unit.read(session -> {
            Map<String, Object> params = Map.of("id", id);
            Supplier<BatchOperation> read = () -> Jdbc.first(session, BATCH, params, SqliteBatchOperations::batch);
            if (!remember) return Optional.ofNullable(read.get());
            byte[] text = Jdbc.first(session, BATCH_TEXT, params, row -> row.getBytes(1));
            if (text == null) return Optional.empty();
            return Optional.ofNullable(rememberedBatches.value(id, text, read, batch -> 1));
        });
    }

    @Override
    public Page<BatchOperation> list(BatchFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (filter.user() != null) {
            where.append(" AND triggered_by_user = ?");
            params.add(filter.user().value());
        }
        if (filter.action() != null) {
            where.append(" AND action = ?");
            params.add(filter.action().code());
        }
        if (filter.since() != null) {
            where.append(" AND started_at >= ?");
            params.add(Timestamps.format(filter.since()));
        }
        if (filter.until() != null) {
            where.append(" AND started_at <= ?");
            params.add(Timestamps.format(filter.until()));
        }
        if (filter.activeOnly()) where.append(" AND status IN ('pending', 'running')");
        return unit.read(session -> session.doReturningWork(connection -> {
            long total;
            try (PreparedStatement count = prepare(connection, "SELECT count(*) FROM batch_operations" + where, params);
                 ResultSet rows = count.executeQuery()) {
                total = rows.next() ? rows.getLong(1) : 0;
            }
            List<Object> paged = new ArrayList<>(params);
            paged.add(filter.paging().limit());
            paged.add(filter.paging().offset());
            List<BatchOperation> items = readBatches(connection, "SELECT " + BATCH_COLUMNS + " FROM batch_operations"
                    + where + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?", paged);
            return new Page<>(items, Math.max(total, items.size()), filter.paging().limit(), filter.paging().offset());
        }));
    }

    /**
     * The page's results: the page made lately for the same batch, offset and limit is taken again when the batch's
     * results stamp is the one it was read at (no result of the batch written since, by anyone: schema 25), else when
     * its rows read as the same text now ({@link RememberedReads#text}: a running batch's page whose rows did not
     * change); otherwise its rows are read, in the same read transaction. Either way it is kept at that text and stamp
     * ({@link PageMark}), one page under one key. A page of 100 made
     * anew was ~2.7 ms of CPU an answer, most of it the 1,600 values read through JNI and written as JSON
     * (docs/PERFORMANCE.md, "Tenth round"); its text, ~0.45 ms, and ~2 ms for 500 results ("Eleventh round").
     */
    @Override
    public List<OperationResult> results(String id, int offset, int limit) {
        return unit.read(session -> {
            Map<String, Object> params = Map.of("id", id, "offset", offset, "limit", limit);
            Supplier<List<OperationResult>> read =
                    () -> Jdbc.list(session, PAGE, params, SqliteBatchOperations::result);
            if (!remember || !pages.keeps(limit)) return read.get();
            ResultsPage page = new ResultsPage(id, offset, limit);
            Long stamp = Jdbc.first(session, RESULTS_STAMP, params, row -> row.getLong(1));
            List<OperationResult> results = stamp == null ? null : pages.find(page, kept -> stamp.equals(kept.stamp()));
            if (results != null) {
                takenByStamp.increment();
                return results;
            }
            byte[] text = Jdbc.first(session, PAGE_TEXT, params, row -> row.getBytes(1));
            if (text == null) return new ArrayList<>(); // no result from offset on
            results = pages.find(page, kept -> Arrays.equals(text, kept.text()));
            if (results == null) results = List.copyOf(read.get());
            pages.put(page, new PageMark(stamp, text), results, results.size()); // found by its text: at this stamp
            return results;
        });
    }

    /** For tests: how many pages were kept, and how many taken again by their batch's results stamp. */
    long[] stampedCounts() {
        return new long[] {pages.counts()[0], takenByStamp.sum()};
    }

    @Override
    public List<BatchOperation> unfinished() {
        return batches("SELECT " + BATCH_COLUMNS + " FROM batch_operations WHERE status IN ('pending', 'running')"
                + " ORDER BY started_at, id", List.of());
    }

    private List<BatchOperation> batches(String sql, List<Object> params) {
        return unit.read(session -> session.doReturningWork(connection -> readBatches(connection, sql, params)));
    }

    private static List<BatchOperation> readBatches(Connection connection, String sql, List<Object> params)
            throws SQLException {
        try (PreparedStatement query = prepare(connection, sql, params); ResultSet rows = query.executeQuery()) {
            List<BatchOperation> batches = new ArrayList<>();
            while (rows.next()) batches.add(batch(rows));
            return batches;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value == null) statement.setNull(i + 1, Types.VARCHAR);
            else statement.setObject(i + 1, value);
        }
        return statement;
    }

    private static BatchOperation batch(ResultSet rows) throws SQLException {
        int i = 0;
        return new BatchOperation(rows.getString(++i), Coded.parse(BatchAction.class, "action", rows.getString(++i)),
                BatchStatus.parse(rows.getString(++i)), rows.getInt(++i) != 0, rows.getString(++i),
                UserId.ofNullable(rows.getString(++i)), rows.getString(++i), Timestamps.parse(rows.getString(++i)),
                Timestamps.parse(rows.getString(++i)), rows.getInt(++i), rows.getInt(++i), rows.getInt(++i),
                rows.getInt(++i), rows.getInt(++i), rows.getLong(++i), rows.getLong(++i), rows.getString(++i),
                Metadata.ofNullable(rows.getString(++i)));
    }

    private static OperationResult result(ResultSet rows) throws SQLException {
        int i = 0;
        String operationId = rows.getString(++i);
        int position = rows.getInt(++i);
        String id = rows.getString(++i);
        String fileId = rows.getString(++i);
        return new OperationResult(id, operationId, position, fileId == null ? null : new FileId(fileId),
                rows.getString(++i), rows.getString(++i), rows.getString(++i),
                Coded.parse(BatchAction.class, "action", rows.getString(++i)), ResultStatus.parse(rows.getString(++i)),
                rows.getString(++i), UserId.ofNullable(rows.getString(++i)), rows.getLong(++i),
                Timestamps.parse(rows.getString(++i)), Timestamps.parse(rows.getString(++i)), rows.getString(++i),
                rows.getString(++i));
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
