package cacherr.adapters.persistence;

import cacherr.adapters.persistence.RememberedRows.EntryMark;
import cacherr.adapters.persistence.RememberedRows.Row;
import cacherr.adapters.persistence.entity.AuditEntryEntity;
import cacherr.adapters.persistence.entity.InstantText;
import cacherr.adapters.persistence.entity.IntentEntity;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/** The {@link OperationJournal} port on SQLite: the audit log and the journal of file operations in flight. */
final class SqliteOperationJournal implements OperationJournal {
    private static final String ORDER = " ORDER BY l.timestamp DESC, l.id DESC";
    /** What the page's rows are selected by: the rowid, the id and the row's stamp ({@link RememberedRows#entries}). */
    private static final String ROWS = "SELECT l.rowid, l.id, l.row_stamp";
    /** How many columns {@link #entry} reads ({@link AuditEntryEntity#COLUMNS}). */
    private static final int WIDTH = 10;

    /** False only in tests: every entry read and made anew (the former way), to compare. */
    static volatile boolean remember = true;

    private final UnitOfWork unit;

    SqliteOperationJournal(UnitOfWork unit) {
        this.unit = unit;
    }

    @Override
    public void record(AuditEntry entry) {
        unit.write(session -> {
            if (Jdbc.number(session, RECORDED, Map.of("id", entry.id())) > 0) {
                throw new ConflictException("an audit entry with id " + entry.id() + " exists already");
            }
            if (keptInsert) insert(session, Mapper.toEntity(entry));
            else session.insert(Mapper.toEntity(entry));
            return null;
        });
    }

    /** False only in tests, to write an entry through Hibernate's insert of the entity (the former way). */
    static volatile boolean keptInsert = true;

    private static final String RECORDED = "SELECT EXISTS (SELECT 1 FROM cache_operations_log WHERE id = :id)";

    /**
     * The entry's insert, as Hibernate's insert of the entity writes it — every column, the timestamp in
     * {@link InstantText}'s form, success as 1 or 0 — on a statement kept per
     * connection: one is written with every operation, and Hibernate prepared it (with the log's triggers) each time
     * (docs/PERFORMANCE.md, "Ninth round: writes on kept statements"). {@code KeptWritesTest} keeps the two the same.
     */
    private static void insert(StatelessSession session, AuditEntryEntity row) {
        Map<String, Object> values = new HashMap<>(); // some are null: Map.of refuses them
        values.put("id", row.id());
        values.put("operation_type", row.operationType());
        values.put("file_path", row.filePath());
        values.put("triggered_by", row.triggeredBy());
        values.put("triggered_by_user", row.triggeredByUser());
        values.put("reason", row.reason());
        values.put("success", row.success() ? 1 : 0);
        values.put("error_message", row.errorMessage());
        values.put("metadata", row.metadata());
        values.put("timestamp", InstantText.text(row.timestamp()));
        Jdbc.update(session, INSERT, values);
    }

    static final String INSERT = "INSERT INTO cache_operations_log (id, operation_type, file_path, triggered_by,"
            + " triggered_by_user, reason, success, error_message, metadata, timestamp) VALUES (:id, :operation_type,"
            + " :file_path, :triggered_by, :triggered_by_user, :reason, :success, :error_message, :metadata, :timestamp)";

    /**
     * The page in the API's order (newest first, ties by id, descending). The log's indexes end in the timestamp (and
     * the rowid SQLite adds), not in the 36-character id (PERFORMANCE.md: 150 MB and 2 s of an adoption), so the id
     * of an entry is read from its row; to keep a deep page from reading every row before it, the rows skipped are
     * counted in the index alone: the timestamp at the offset ({@code edge}), then how many entries are newer than
     * it. The page is then read from the edge down, skipping only the entries of the edge's own timestamp that come
     * before the offset (ties: usually none). Where the entries counted per day cover the filter ({@link LogDays},
     * schema 16), the total is their sum and the edge is sought within the one day that holds the offset, so nothing
     * before that day is counted again; otherwise the total is counted up to the paging's bound and the edge sought
     * from the newest entry. A first page (offset 0) seeks no edge: it is the filter's newest entries, read from the
     * top of its range.
     */
    @Override
    public Page<AuditEntry> list(LogFilter filter) {
        return unit.read(session -> {
            FileSql sql = where(filter);
            Map<String, Object> params = new HashMap<>(sql.params);
            LogDays.Place place = LogDays.locate(session, filter);
            Total total;
            long skipped = 0; // entries newer than the span sought
            boolean span = place != null;
            if (span) {
                total = Total.exact(place.total());
                if (place.pastTheEnd()) return total.page(List.of(), filter.paging());
                params.put("spanFrom", place.from());
                params.put("spanTo", place.to());
                skipped = place.newer();
            } else {
                // a count up to the paging's bound: the whole log is a million rows on a busy server (7 ms to count)
                total = Total.count(session, "SELECT 1" + FROM + sql.where(), sql.params,
                        filter.paging().countBound());
            }
            params.put("limit", filter.paging().limit());
            String rows;
            if (filter.paging().offset() == 0) {
                // the first page: the filter's newest entries, read from the top (no edge to seek, nothing newer)
                rows = firstPageRowidsQuery(filter);
            } else {
                params.put("offset", filter.paging().offset() - skipped);
                List<String> edge = Jdbc.list(session, edgeQuery(filter, span), params, row -> row.getString(1));
                if (edge.isEmpty()) return total.page(List.of(), filter.paging());
                params.put("edge", edge.get(0));
                long newer = skipped + Jdbc.number(session, newerQuery(filter, span), params);
                params.put("offset", filter.paging().offset() - newer);
                rows = pageRowidsQuery(filter);
            }
            return total.page(page(session, rows, params), filter.paging());
        });
    }

    private static final String FROM = " FROM cache_operations_log l";

    /**
     * The entries of the page that {@code rows} selects (rowids and ids, in the page's order): the entries read lately
     * under the same rowid, id and stamp are taken again ({@link RememberedRows#entries}); only the others are read, by
     * their rowids, and kept. A 500-row page read all its rows a second time (the rowids' query reads each row for its
     * id already) and made its entries anew: ~7.5 ms of CPU an answer (docs/PERFORMANCE.md, "Ninth round").
     */
    private static List<AuditEntry> page(StatelessSession session, String rows, Map<String, Object> params) {
        List<Row<EntryMark>> marked = Jdbc.list(session, rows, params,
                row -> new Row<>(row.getLong(1), new EntryMark(row.getString(2), row.getLong(3))));
        if (marked.isEmpty()) return List.of();
        if (!remember) return entries(session, marked);
        return RememberedRows.entries(session.getFactory()).values(marked, missed -> entries(session, missed));
    }

    /** The entries of {@code rows}, in their order, read by their rowids in one query. */
    private static List<AuditEntry> entries(StatelessSession session, List<Row<EntryMark>> rows) {
        Map<Long, AuditEntry> read = new HashMap<>();
        Jdbc.each(session, pageQuery(), Map.of("rowids", rows.stream().map(Row::rowid).toList()),
                row -> read.put(row.getLong(WIDTH + 1), entry(row)));
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        for (Row<EntryMark> row : rows) {
            AuditEntry entry = read.get(row.rowid());
            // the same read transaction read its rowid and id a moment ago
            if (entry == null) {
                throw new IllegalStateException("the audit entry " + row.mark().id() + " vanished within a read");
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * The current row, selected as {@link AuditEntryEntity#COLUMNS}: read by hand, as the files' rows are
     * ({@code FileRows}), not mapped by Hibernate's native query (~60 µs of a first page's ~350 in-process).
     */
    static AuditEntry entry(ResultSet row) throws SQLException {
        return Mapper.toDomain(new AuditEntryEntity(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getBoolean(7), row.getString(8),
                row.getString(9), Timestamps.parse(row.getString(10))));
    }

    /** The timestamp of the entry at {@code :offset} in time order (ties in any order): an index walk only. */
    static String edgeQuery(LogFilter filter) {
        return edgeQuery(filter, false);
    }

    /** As {@link #edgeQuery(LogFilter)}, within {@code [:spanFrom, :spanTo)} when {@code span}. */
    static String edgeQuery(LogFilter filter, boolean span) {
        return "SELECT l.timestamp" + FROM + where(filter, span).where()
                + " ORDER BY l.timestamp DESC LIMIT 1 OFFSET :offset";
    }

    /** How many entries are newer than {@code :edge}: counted in the index. */
    static String newerQuery(LogFilter filter) {
        return newerQuery(filter, false);
    }

    /** As {@link #newerQuery(LogFilter)}, within {@code [:spanFrom, :spanTo)} when {@code span}. */
    static String newerQuery(LogFilter filter, boolean span) {
        // the edge is the lower bound (at or after since and the span's start), the span's end (before until) or until
        // the upper one: one range for SQLite to seek
        FileSql sql = where(within(filter, null, span ? null : filter.until()));
        if (span) sql.add("l.timestamp < :spanTo");
        sql.add("l.timestamp > :edge");
        return "SELECT count(*)" + FROM + sql.where();
    }

    /** {@code f} with another time range. */
    private static LogFilter within(LogFilter f, Instant since, Instant until) {
        return new LogFilter(f.action(), f.user(), f.filePath(), f.success(), since, until, f.paging());
    }

    /**
     * The filter's conditions; with {@code span}, its time range replaced by the span's (which lies within it): given
     * two ranges of the timestamp, SQLite seeks one and checks the other per entry — a month's entries walked to find
     * a day's.
     */
    static FileSql where(LogFilter filter, boolean span) {
        if (!span) return where(filter);
        FileSql sql = where(within(filter, null, null));
        sql.add("l.timestamp >= :spanFrom");
        sql.add("l.timestamp < :spanTo");
        return sql;
    }

    /**
     * The entries of {@code :rowids} with their rowids, each read by its rowid: by its id, each was sought through the
     * id's own index first (a page of 500: 1.9 → 0.9 ms of SQLite, docs/PERFORMANCE.md, "Seventh round: 500-row
     * pages").
     */
    static String pageQuery() {
        return "SELECT " + AuditEntryEntity.COLUMNS + ", l.rowid" + FROM + " WHERE l.rowid IN (:rowids)";
    }

    /**
     * The rowids and ids of the page, read from {@code :edge} down ({@code :offset} is what is left to skip there). The
     * id orders ties, so each row is read for it anyway.
     */
    static String pageRowidsQuery(LogFilter filter) {
        // the edge is the upper bound (it is before until): given two, SQLite may seek until and walk down to the edge
        FileSql sql = where(within(filter, filter.since(), null));
        sql.add("l.timestamp <= :edge");
        return ROWS + FROM + sql.where() + ORDER + " LIMIT :limit OFFSET :offset";
    }

    /** The rowids and ids of the first page (offset 0): the filter's newest entries, from {@code until} down. */
    static String firstPageRowidsQuery(LogFilter filter) {
        return ROWS + FROM + where(filter).where() + ORDER + " LIMIT :limit";
    }

    static FileSql where(LogFilter f) {
        FileSql sql = new FileSql();
        bind(sql, f.action() == null ? null : f.action().code(), "l.operation_type = :action", "action");
        bind(sql, f.user() == null ? null : f.user().value(), "l.triggered_by_user = :user", "user");
        bind(sql, f.filePath(), "l.file_path = :path", "path");
        // a literal, not a parameter: SQLite takes the partial index of failures (idx_log_failed_at) only then
        if (f.success() != null) sql.add(f.success() ? "l.success = 1" : "l.success = 0");
        bind(sql, Timestamps.format(f.since()), "l.timestamp >= :since", "since");
        bind(sql, Timestamps.format(f.until()), "l.timestamp < :until", "until");
        return sql;
    }

    private static void bind(FileSql sql, Object value, String condition, String name) {
        if (value == null) return;
        sql.add(condition);
        sql.params.put(name, value);
    }

    static final String PRUNE = "DELETE FROM cache_operations_log WHERE rowid IN ("
            + "SELECT rowid FROM cache_operations_log WHERE timestamp < :cutoff"
            + " AND NOT EXISTS (SELECT 1 FROM adoption WHERE adopted_at >= :cutoff)"
            + " ORDER BY timestamp, id LIMIT :atMost)";

    @Override
    public int pruneBefore(Instant cutoff, int atMost) {
        // the oldest first, through the timestamp index (ties by id: read from the rows, which a batch deletes anyway).
        // History adopted from the original counts from its adoption: none of it goes before the retention has passed
        // since then (all of this program's own entries are newer than the adoption).
        return unit.write(session -> Native.update(session, PRUNE,
                Map.of("cutoff", Timestamps.format(cutoff), "atMost", atMost)));
    }

    @Override
    public void begin(FileOperationIntent intent) {
        unit.write(session -> {
            if (session.get(IntentEntity.class, intent.id()) != null) {
                throw new ConflictException("a file operation with id " + intent.id() + " was begun already");
            }
            session.insert(Mapper.toEntity(intent));
            return null;
        });
    }

    @Override
    public void finish(String intentId, IntentOutcome outcome, Instant at) {
        unit.write(session -> {
            IntentEntity intent = session.get(IntentEntity.class, intentId);
            if (intent == null || intent.isFinished()) {
                throw new NotFoundException("no unfinished file operation has the id " + intentId);
            }
            intent.finish(outcome.name(), at);
            session.update(intent);
            return null;
        });
    }

    @Override
    public List<FileOperationIntent> unfinished() {
        return unit.read(session -> session.createSelectionQuery(
                        "from IntentEntity where finishedAt is null order by startedAt, id", IntentEntity.class)
                .getResultList().stream().map(Mapper::toDomain).toList());
    }
}
