package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.InstantText;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.StatelessSession;

/** The {@link CachedFiles} port on SQLite. Reads run a bounded number of queries whatever the page size. */
final class SqliteCachedFiles implements CachedFiles {
    /** The files an export holds in memory at once (rows with their users); lowered only by tests. */
    static volatile int exportBatch = 500;
    /** Search matches up to which a narrowed list is paged and counted in one pass (see {@link #list}). */
    private static final long SINGLE_PASS_UP_TO = 2 * Page.COUNTED_UP_TO;

    /** False only in the benchmark, to measure the former way (the search always drives) in the same run. */
    static volatile boolean smallerSideDrives = true;
    /** False only in the benchmark, to measure deep pages read from the front (the former way) in the same run. */
    static volatile boolean mirrorDeepPages = true;
    /** False only in the benchmark and tests, to measure or compare deep pages read without a snapshot. */
    static volatile boolean snapshotDeepPages = true;
    /**
     * The offset from which a filtered list's page is read from a snapshot of its ordered selection (see
     * {@link SelectionSnapshots}); below it, skipping costs at most this many rows, which a snapshot would not repay.
     * Lowered only by tests, to page a few hundred files through snapshots.
     */
    static volatile int snapshotFrom = 5_000;
    /**
     * False only in the benchmark and tests, to count several filters together by reading rows (the former way)
     * instead of index entries ({@link FileStatistics#countInIndexes}).
     */
    static volatile boolean filterIndexCounts = true;
    /**
     * False only in the benchmark and tests, to choose a user's page form by its matches alone (the former way),
     * not by the user's files the set form reads ({@link FileSql#setRows}).
     */
    static volatile boolean userSetCosted = true;
    /**
     * False only in tests, to choose the page form of a search narrowed by other filters by its matches alone (the
     * former way), not by the search's own matches the set form gathers ({@link FileSql#setRows}).
     */
    static volatile boolean driverSetCosted = true;
    /** False only in tests, to read a snapshot for every deep page, wherever it lies in its selection. */
    static volatile boolean snapshotMiddleOnly = true;
    /**
     * False only in the benchmark and tests, to count every request's total afresh (the former way) instead of
     * reusing what an earlier read-only request counted at the same books ({@link SelectionTotals}).
     */
    static volatile boolean rememberTotals = true;

    /** False only in tests, to write an update through Hibernate's own update of the entity (the former way). */
    static volatile boolean keptUpdate = true;

    private final UnitOfWork unit;
    private final FileStatistics statistics = new FileStatistics();
    /** What recent free-text searches counted, at the books they counted them (see {@link FileSearch}). */
    final SelectionTotals searchTotals = new SelectionTotals();
    private final FileSearch search = new FileSearch(statistics, searchTotals);
    final SelectionSnapshots snapshots = new SelectionSnapshots();
    final SelectionTotals totals = new SelectionTotals();
    /** Recent free-text searches' answers, at the books they were read at. */
    final KeptAnswers<SearchQuery, SearchResult> searchAnswers = new KeptAnswers<>(r -> r.files().size());
    /**
     * Recent list pages, at the books they were read at: a keeper of their own, as bounded as the searches' (16 answers,
     * 2,000 files; the web adapter keeps the JSON of 16 lists), so a burst of pages does not push the searches' answers
     * out, nor searches the pages.
     */
    final KeptAnswers<FileFilter, Page<CachedFile>> listAnswers = new KeptAnswers<>(p -> p.items().size());

    SqliteCachedFiles(UnitOfWork unit) {
        this.unit = unit;
    }

    @Override
    public void save(CachedFile file) {
        unit.write(session -> {
            boolean stored = refusePathHeldByAnother(session, file);
            if (!stored) session.insert(Mapper.toEntity(file, file.cachedAt()));
            else if (keptUpdate) update(session, Mapper.toEntity(file, null));
            else session.update(Mapper.toEntity(file, null)); // created_at is not updatable: not written
            replaceUsers(session, file);
            return null;
        });
    }

    /** Refuses a path another record holds; answers whether {@code file} is stored already. One kept statement. */
    private static boolean refusePathHeldByAnother(StatelessSession session, CachedFile file) {
        Map<String, Object> params = Map.of("path", file.filePath(), "id", file.id().value());
        long[] found = Jdbc.list(session, HOLDERS, params, row -> new long[] {row.getLong(1), row.getLong(2)}).get(0);
        if (found[0] > 0) throw new ConflictException("another record already holds the path " + file.filePath());
        return found[1] > 0;
    }

    private static final String HOLDERS = "SELECT (SELECT count(*) FROM cached_files WHERE file_path = :path"
            + " AND id <> :id), EXISTS (SELECT 1 FROM cached_files WHERE id = :id)";

    /**
     * The row's update, as Hibernate's own update of the entity writes it — every column but {@code created_at}
     * (not updatable), timestamps in {@link InstantText}'s form — on a statement kept per connection: the triggers
     * on {@code cached_files} made preparing it cost more than running it, on every access and attribution
     * (docs/PERFORMANCE.md, "Ninth round: writes on kept statements"). {@code SqliteCachedFilesTest}'s comparison
     * with Hibernate's update keeps the two the same.
     */
    static void update(StatelessSession session, CachedFileEntity row) {
        Map<String, Object> values = new HashMap<>(); // some are null: Map.of refuses them
        values.put("id", row.id());
        values.put("file_path", row.filePath());
        values.put("filename", row.filename());
        values.put("original_path", row.originalPath());
        values.put("cached_path", row.cachedPath());
        values.put("cache_method", row.cacheMethod());
        values.put("file_size_bytes", row.fileSizeBytes());
        values.put("file_size_readable", row.fileSizeReadable());
        values.put("cached_at", InstantText.text(row.cachedAt()));
        values.put("last_accessed", InstantText.text(row.lastAccessed()));
        values.put("access_count", row.accessCount());
        values.put("triggered_by_user", row.triggeredByUser());
        values.put("triggered_by_operation", row.triggeredByOperation());
        values.put("status", row.status());
        values.put("status_changed_at", InstantText.text(row.statusChangedAt()));
        values.put("metadata", row.metadata());
        if (Jdbc.update(session, UPDATE, values) != 1) {
            throw new IllegalStateException("the record " + row.id() + " was not updated: it is not stored");
        }
    }

    static final String UPDATE = "UPDATE cached_files SET file_path = :file_path, filename = :filename,"
            + " original_path = :original_path, cached_path = :cached_path, cache_method = :cache_method,"
            + " file_size_bytes = :file_size_bytes, file_size_readable = :file_size_readable, cached_at = :cached_at,"
            + " last_accessed = :last_accessed, access_count = :access_count, triggered_by_user = :triggered_by_user,"
            + " triggered_by_operation = :triggered_by_operation, status = :status,"
            + " status_changed_at = :status_changed_at, metadata = :metadata WHERE id = :id";

    /** Writes only the attributions that changed, so the triggers on users do no needless work. */
    private static void replaceUsers(StatelessSession session, CachedFile file) {
        Map<String, FileUserEntity> stored = new HashMap<>();
        FileRows.usersOf(session, List.of(file.id().value())).getOrDefault(file.id().value(), List.of())
                .forEach(u -> stored.put(u.key().userId(), u));
        for (Attribution attribution : file.attributions()) {
            FileUserEntity wanted = Mapper.toEntity(file.id(), attribution);
            FileUserEntity found = stored.remove(attribution.user().value());
            if (found == null) session.insert(wanted);
            else if (!found.reason().equals(wanted.reason()) || !found.addedAt().equals(wanted.addedAt())) {
                session.update(wanted);
            }
        }
        stored.values().forEach(session::delete);
    }

    @Override
    public Optional<CachedFile> findById(FileId id) {
        return unit.read(session -> first(session, FileRows.FROM + " WHERE f.id = :id", Map.of("id", id.value())));
    }

    @Override
    public Optional<CachedFile> findByPath(String mediaPath) {
        return unit.read(session -> first(session, FileRows.FROM + " WHERE f.file_path = :path",
                Map.of("path", mediaPath)));
    }

    private static Optional<CachedFile> first(StatelessSession session, String sql, Map<String, ?> params) {
        return FileRows.query(session, sql, params).stream().findFirst();
    }

    /**
     * A list page: in a read-only transaction, the one given for the same filter (criteria, sort and paging: records,
     * compared by value) at the same books before ({@link KeptAnswers}: the books stamp read, no row, count or index),
     * else read with the totals and snapshots kept at these books ({@link #readPage}) and kept. A page is a function
     * of its filter and the books alone — the files' and attributions' rows, and what triggers keep from them (the
     * counters, the path indexes, the known users): no clock, setting, audit entry or intent is read, a time range is
     * two instants of the filter, and a total past the counting bound is the same lower bound whoever counted
     * ({@link SelectionTotals#within}). Read the former ways ({@link #rememberTotals} or {@link FileRows#lean} off),
     * in a read-write transaction (it may see its own change, which a rollback takes back), or with
     * {@link #keepLists} off, nothing is kept or taken: the page is read as before.
     */
    @Override
    public Page<CachedFile> list(FileFilter filter) {
        return unit.read(session -> {
            if (!keepLists || !rememberTotals || !FileRows.lean || !unit.inReadOnlyTransaction()) {
                return readPage(filter);
            }
            return listAnswers.answer(session, filter, () -> readPage(filter));
        });
    }

    /**
     * False only in tests and the in-process benchmark that read a page one way and then another (or count what a
     * page reads): with it on, the second read of the same page would be the first's answer, kept.
     */
    static volatile boolean keepLists = true;

    /** A list page read from the books, in the caller's transaction (see {@link #list}). */
    private Page<CachedFile> readPage(FileFilter filter) {
        return unit.read(session -> {
            int limit = filter.paging().limit();
            int offset = filter.paging().offset();
            FileCriteria c = filter.criteria();
            // what earlier requests counted about this selection at the same books (null: count as before)
            SelectionSnapshots.Versions versions = rememberTotals && !c.equals(FileCriteria.ANY)
                    && unit.inReadOnlyTransaction() ? SelectionSnapshots.Versions.of(session, c) : null;
            SelectionTotals.Known known = versions != null ? totals.at(c, versions) : null;
            if (offset >= snapshotFrom && !c.equals(FileCriteria.ANY) && snapshotDeepPages
                    && unit.inReadOnlyTransaction()) {
                Page<CachedFile> page = fromSnapshot(session, filter, known);
                if (page != null) return page;
            }
            if (known != null && c.search() != null && searchSnapshots && offset < snapshotFrom
                    && snapshotDeepPages) {
                Page<CachedFile> page = searchFromSnapshot(session, filter, known, versions);
                if (page != null) return page;
            }
            FileSql sql = plan(session, c, known);
            if (c.user() != null && FileSql.userOrdered && filter.sort().field() == FileSort.Field.CACHED_AT) {
                sql.userFiles = userFiles(session, c, known); // the user's own order reads at most these
                if (sql.hasTimeRange()) sql.userFilesInRange = userFilesInRange(session, sql, known); // or these
            }
            long scope = sql.walkable() ? statistics.files(session, true) : 0; // only a choice of way needs it
            long shown = filter.paging().countBound();
            long bound = sql.hasDriver ? FileSql.countBound(shown, offset, limit, scope, sql.checkCost) : shown;
            Total total = cheapCount(session, c, bound, known);
            if (total == null && sql.driverMatches != null) {
                // A search narrowed by other filters: when the search's own matches (an index count, no row read)
                // are few — at most twice the counting bound — one pass over them gives both the page and the exact
                // total, where a count and then the page each visited them all.
                // Alone, a search with that many matches still walks when walking pays (its total is theirs).
                Supplier<Total> countDriver = () -> Total.count(session, sql.driverMatches, sql.params,
                        SINGLE_PASS_UP_TO + 1);
                Total most = known == null ? countDriver.get() : known.driverMatches(countDriver);
                boolean narrowed = sql.conditions.size() > 1;
                // the set form gathers every match of the driving index before the other filters narrow them
                if (narrowed && driverSetCosted) sql.setRows = Math.max(sql.setRows, most.value());
                if (most.exact() && (narrowed || !FileSql.walkPays(most.value(), offset, limit, scope, sql.checkCost))) {
                    Total exact = known == null ? null : known.exact();
                    if (exact == null) {
                        Page<CachedFile> page = collectedWithTotal(session, sql, filter.sort(), limit, offset);
                        if (page != null) {
                            if (known != null) known.keep(Total.exact(page.total()));
                            return page;
                        }
                    } else if (offset < exact.value()) {
                        // the same page and total as one pass would give, the total already known: only the page
                        // is read, by whichever form pays
                        return new Page<>(fromNearerEnd(session, sql, filter.sort(), limit, offset, exact, scope),
                                exact.value(), limit, offset);
                    } // past the end: one pass found no row to carry the total, and the count below answers
                }
            }
            if (total == null) {
                Supplier<Total> count = () -> Total.count(session, sql.countSelect(), sql.params, bound);
                total = known == null ? count.get() : known.count(bound, count);
            }
            if (userSetCosted && sql.hasDriver && c.user() != null && c.search() == null) {
                // the set form gathers every file of the user before the other filters narrow them
                sql.setRows = (sql.userFiles != null ? sql.userFiles : userFiles(session, c, known)).value();
            }
            List<CachedFile> items = fromNearerEnd(session, sql, filter.sort(), limit, offset, total, scope);
            return total.page(items, filter.paging());
        });
    }

    /**
     * A deep page of a filtered list from the snapshot of its ordered selection, read now when none is held for the
     * books as they are (see {@link SelectionSnapshots}): the slice of the seqs, then the rows of that slice only.
     * The total is the selection's size, exact. Null when the selection is too large to keep.
     */
    private Page<CachedFile> fromSnapshot(StatelessSession session, FileFilter filter, SelectionTotals.Known known) {
        FileCriteria criteria = filter.criteria();
        FileSort sort = filter.sort();
        SelectionSnapshots.Versions versions = SelectionSnapshots.Versions.of(session, criteria);
        int[] seqs = snapshots.get(criteria, sort.field(), versions);
        if (seqs == null) {
            if (snapshotMiddleOnly && !worthASnapshot(session, criteria, sort.field(), filter.paging().offset(),
                    filter.paging().limit(), known, versions)) {
                return null;
            }
            seqs = readSnapshot(session, criteria, sort.field(), known, versions);
            if (seqs == null) return null;
        }
        if (known != null) known.keep(Total.exact(seqs.length)); // read at the same versions as the entry
        int limit = filter.paging().limit(), offset = filter.paging().offset();
        return new Page<>(slice(session, seqs, sort, limit, offset), seqs.length, limit, offset);
    }

    /**
     * The selection's ascending seqs read now and kept at {@code versions} — or kept meanwhile by a reader that read
     * them at the same books while this one waited ({@link SelectionSnapshots#getOrRead}); null when too large to keep.
     */
    private int[] readSnapshot(StatelessSession session, FileCriteria criteria, FileSort.Field field,
                               SelectionTotals.Known known, SelectionSnapshots.Versions versions) {
        return snapshots.getOrRead(criteria, field, versions, () -> {
            FileSql sql = plan(session, criteria, known);
            return SelectionSnapshots.read(session, sql.where(), sql.params, FileSql.column(field));
        });
    }

    /** The files at {@code offset} of a snapshot's ascending {@code seqs}, in {@code sort}'s direction. */
    static List<CachedFile> slice(StatelessSession session, int[] seqs, FileSort sort, int limit, long offset) {
        int size = seqs.length;
        if (offset >= size) return List.of();
        int end = (int) Math.min(size, offset + limit);
        List<Integer> slice = new ArrayList<>(end - (int) offset);
        for (int i = (int) offset; i < end; i++) slice.add(seqs[sort.descending() ? size - 1 - i : i]);
        return FileRows.query(session, FileRows.FROM + " WHERE f.seq IN (:seqs)" + FileSql.orderBy(sort),
                Map.of("seqs", slice));
    }

    /**
     * A first page (or any before {@link #snapshotFrom}) of a search, from a snapshot of its ordered selection: one
     * held, or read now when a page of it was asked before at the same books and its exact size is known and below
     * both {@link #searchSnapshotUpTo} and the page's counting bound (so the total is the one the page would
     * show). Otherwise each request walked the sort index checking every path (700 rows for the 7 % of paths holding
     * "12") or gathered the index's matches and sorted them; from the snapshot it reads its 50 rows. Null: read as
     * before.
     */
    private Page<CachedFile> searchFromSnapshot(StatelessSession session, FileFilter filter,
                                                SelectionTotals.Known known, SelectionSnapshots.Versions versions) {
        FileCriteria criteria = filter.criteria();
        FileSort sort = filter.sort();
        int[] seqs = snapshots.get(criteria, sort.field(), versions);
        boolean again = known.pagedBefore(sort.field());
        if (seqs == null) {
            Total exact = again ? known.exact() : null;
            if (exact == null || exact.value() > searchSnapshotUpTo
                    || exact.value() >= filter.paging().countBound()) {
                return null;
            }
            seqs = readSnapshot(session, criteria, sort.field(), known, versions);
            if (seqs == null) return null;
        }
        if (seqs.length >= filter.paging().countBound()) return null; // its page shows "more than"
        int limit = filter.paging().limit(), offset = filter.paging().offset();
        return new Page<>(slice(session, seqs, sort, limit, offset), seqs.length, limit, offset);
    }

    /**
     * The largest selection of a search whose first pages take a snapshot (see {@link #searchFromSnapshot}). Lowered
     * only by tests, to find a search of a few hundred files too large.
     */
    static volatile int searchSnapshotUpTo = 20_000;

    /** False only in tests and the benchmark, to read a search's first pages without a snapshot. */
    static volatile boolean searchSnapshots = true;

    /**
     * Whether a snapshot is worth reading for a deep page at {@code offset}. Yes in the middle half of its selection,
     * or when the selection's size is not known cheaply (the counters, an index's own count — no row read). In the
     * first or last quarter the page read without one skips at most a quarter of the selection (from the front, or
     * from the end), where a snapshot reads all of it: 1.4 to 12 times that skip (at 400,000 files, user07's 31,442
     * files: 172 ms of CPU against 17 ms for the page at 3/4; the 85,000 rows of "active" at 3/4, 75 against 6 ms).
     * There the snapshot is read once the rows that deep pages of this selection and sort skipped at the same versions
     * ({@link SelectionTotals.Known#skippedBefore}), this one's included, reach the selection's size — what the
     * snapshot reads. Until then a skip costs less than the snapshot would have; from then on every deep page of the
     * selection, at any offset, reads its own rows alone while the selection is unchanged (accesses and other users'
     * attributions do not move it), where each read after a write skipped again (a page kept per books stamp,
     * {@link #listAnswers}, does not outlast a write). A page at an end skips nothing, and never takes one.
     */
    private boolean worthASnapshot(StatelessSession session, FileCriteria criteria, FileSort.Field field, long offset,
                                   int limit, SelectionTotals.Known known, SelectionSnapshots.Versions versions) {
        Total size = cheapCount(session, criteria, 4 * (offset + limit) + 1, known);
        if (size == null) return true;
        long skip = offset; // more than 4 × (offset + limit): the page is in the first quarter
        if (size.exact()) {
            if (offset >= size.value() / 4 && offset + limit <= size.value() - size.value() / 4) return true;
            skip = Math.min(offset, Math.max(0, size.value() - offset - limit)); // from the nearer end
        }
        if (known == null || !snapshotsRepeated) return false;
        long paid = known.skippedBefore(field, versions, skip) + skip;
        if (paid == 0 || paid < size.value()) return false; // an empty selection too: nothing to skip
        if (!size.exact()) { // a lower bound: the snapshot's own size, when known cheaply and small enough to keep
            size = cheapCount(session, criteria, SelectionSnapshots.MAX_SEQS + 1L, known);
            return size != null && size.exact() && paid >= size.value();
        }
        return true;
    }

    /**
     * False only in tests and the benchmark, to read a deep page near an end without a snapshot, however often such
     * pages of its selection were asked.
     */
    static volatile boolean snapshotsRepeated = true;

    /** False only in tests and the benchmark, to count a search alone's index matches on every request. */
    static volatile boolean rememberSearchCounts = true;

    /** A search and no other filter: the selection whose total {@link FileStatistics#countOrNull} counts in its index. */
    private static boolean searchAlone(FileCriteria c) {
        return c.search() != null && c.equals(new FileCriteria(c.search(), null, null, null, null, null, null, null));
    }

    /**
     * A list's total counted without reading its rows, up to {@code bound}: from the counters, an index's own
     * matches, or index entries of several filters together; null when rows must be read. Remembered in
     * {@code known} where it reads many entries: a search alone's index counts every match again on each request
     * otherwise (70,000 of "Season" for an exact total, 14 ms of CPU), a range beside a status or an operation some
     * 30,000 index entries; the other filters' counts read counters.
     */
    private Total cheapCount(StatelessSession session, FileCriteria criteria, long bound, SelectionTotals.Known known) {
        if (known != null && searchAlone(criteria) && rememberSearchCounts) {
            return known.count(bound, () -> statistics.countOrNull(session, criteria, bound));
        }
        Total total = statistics.countOrNull(session, criteria, bound);
        if (total != null || !filterIndexCounts || !FileStatistics.countsInIndexes(criteria)) return total;
        // up to 10,000 matches of a range beside a status or an operation: some 30,000 index entries read
        Supplier<Total> count = () -> statistics.countInIndexes(session, criteria, bound);
        return known == null ? count.get() : known.count(bound, count);
    }

    /**
     * The SQL of a list's selection {@code c}: with a search and a user, driven by the smaller side (see
     * {@link FileSql#userDrives}). The user's attributions are counted in their index up to the one-pass bound, and
     * the search's index matches only up to what decides; both are index reads, no row is visited.
     */
    FileSql plan(FileCriteria c) {
        return unit.read(session -> plan(session, c));
    }

    /** {@code work} in a read of this adapter's unit (for tests that compare the ways of counting). */
    <T> T read(java.util.function.Function<StatelessSession, T> work) {
        return unit.read(work);
    }

    static FileSql plan(StatelessSession session, FileCriteria c) {
        return plan(session, c, null);
    }

    /** As {@link #plan(StatelessSession, FileCriteria)}, its index counts taken from {@code known} when it has them. */
    static FileSql plan(StatelessSession session, FileCriteria c, SelectionTotals.Known known) {
        if (c.search() == null || c.user() == null || !smallerSideDrives) return FileSql.of(c);
        Total userFiles = userFiles(session, c, known);
        if (!userFiles.exact()) return FileSql.of(c);
        Supplier<Boolean> choose = () -> {
            Map<String, Object> params = new HashMap<>();
            FileSql.PathForms forms = FileSql.pathForms(c.search(), FileSql.ALL_PATHS, params);
            Total pathMatches = Total.count(session, forms.indexMatches(), params,
                    FileSql.pathMatchesDeciding(userFiles.value(), forms.checkCost()));
            return FileSql.userDrives(userFiles, pathMatches, forms.checkCost());
        };
        return FileSql.of(c, known == null ? choose.get() : known.userDrives(choose));
    }

    /**
     * The user's attributions, counted exactly in their index (or known already). Both choices that use it need the
     * exact number — which side drives a search narrowed to a user, and whether the user's own order pays — and took
     * the former way whenever it was only a bound: counted up to 20,001, a user of 31,442 files among 400,000 lost
     * the own order, and a search with the user, an operation and a time range cost 159 ms of SQL instead of 1.3 ms
     * (every first page with a user grew with the table). Counting the index is about 0.7 ms for those 31,442 rows,
     * once per state of the books when remembered.
     */
    static Total userFiles(StatelessSession session, FileCriteria c, SelectionTotals.Known known) {
        Supplier<Total> count = () -> Total.count(session, FileSql.USER_FILES, Map.of("user", c.user().value()),
                Long.MAX_VALUE);
        return known == null ? count.get() : known.userFiles(count);
    }

    /** The user's rows within the cache-time range ({@link FileSql#userFilesInRange}), up to the one-pass bound. */
    private static Total userFilesInRange(StatelessSession session, FileSql sql, SelectionTotals.Known known) {
        Supplier<Total> count = () -> Total.count(session, sql.userFilesInRangeSelect(), sql.params,
                SINGLE_PASS_UP_TO + 1);
        return known == null ? count.get() : known.userFilesInRange(count);
    }

    /**
     * A page of the set form with its exact total, in one pass over the matches ({@code count(*) OVER ()} is taken
     * before the page is cut): the count and the page each gathered every match of the search before (17 ms for a
     * search of 11,111 matches with a user and a status, 200,000 files). Null when the page is past the end (no row
     * carries the total).
     */
    private static Page<CachedFile> collectedWithTotal(StatelessSession session, FileSql sql, FileSort sort,
                                                       int limit, int offset) {
        Map<String, Object> params = new HashMap<>(sql.params);
        params.put("limit", limit);
        params.put("offset", offset);
        long[] total = {-1};
        List<Long> seqs = Jdbc.list(session, "SELECT f.seq, count(*) OVER () FROM cached_files f" + sql.where()
                + FileSql.orderBy(sort) + " LIMIT :limit OFFSET :offset", params, row -> {
                    total[0] = row.getLong(2);
                    return row.getLong(1);
                });
        if (seqs.isEmpty()) return null;
        List<CachedFile> items = FileRows.query(session, FileRows.FROM + " WHERE f.seq IN (:seqs)"
                + FileSql.orderBy(sort), Map.of("seqs", seqs));
        return new Page<>(items, total[0], limit, offset);
    }

    /**
     * The page at {@code offset}, read from the nearer end of the selection when its size is known exactly: past the
     * middle, the same rows are the first ones of the reversed order (every order ends in the unique id, so it is
     * strict and its reverse is its mirror), so no page skips more than half the selection. The last page of 100,000
     * files skipped 99,400 index entries; read backwards it skips 100.
     */
    static List<CachedFile> fromNearerEnd(StatelessSession session, FileSql sql, FileSort sort, int limit,
                                          long offset, Total total, long scope) {
        long size = total.value();
        if (total.exact() && offset < size && offset > size - offset - limit && mirrorDeepPages) {
            int rows = (int) Math.min(limit, size - offset);
            long mirrored = size - offset - rows;
            boolean walk = sql.walkable() && FileSql.walkPays(sql.setRows, size, mirrored, rows, scope, sql.checkCost);
            FileSort mirror = new FileSort(sort.field(), !sort.descending());
            List<CachedFile> items = new ArrayList<>(page(session, sql, walk,
                    sql.userOrderPays(mirror, walk, size, mirrored, rows), mirror, rows, mirrored));
            Collections.reverse(items);
            return items;
        }
        // a total that is only a lower bound walks only when that bound already pays (the set form otherwise)
        boolean walk = sql.walkable() && FileSql.walkPays(sql.setRows, size, offset, limit, scope, sql.checkCost);
        return page(session, sql, walk, sql.userOrderPays(sort, walk, size, offset, limit), sort, limit, offset);
    }

    /**
     * One page, found by seqs first: the inner query walks a covering index (no row reads for the skipped offset),
     * the outer one reads only the rows of the page, each by its rowid ({@code seq}, in every index). Found by ids,
     * each row was sought through the id's own index first: half of SQLite's time for the page's query (a search's 500
     * rows: 1.6 → 0.8 ms in-process, docs/PERFORMANCE.md, "Seventh round: 500-row pages"). {@code walk} picks the form
     * of {@code sql} (see {@link FileSql}).
     */
    static List<CachedFile> page(StatelessSession session, FileSql sql, boolean walk, FileSort sort, int limit,
                                 long offset) {
        return page(session, sql, walk, false, sort, limit, offset);
    }

    /** As {@link #page(StatelessSession, FileSql, boolean, FileSort, int, long)}, or in the user's own order. */
    static List<CachedFile> page(StatelessSession session, FileSql sql, boolean walk, boolean byUser, FileSort sort,
                                 int limit, long offset) {
        Map<String, Object> params = new HashMap<>(sql.params);
        params.put("limit", limit);
        params.put("offset", offset);
        return FileRows.query(session, pageQuery(sql, walk, byUser, sort), params);
    }

    /** The SQL of {@link #page(StatelessSession, FileSql, boolean, boolean, FileSort, int, long)}, from FROM on. */
    static String pageQuery(FileSql sql, boolean walk, boolean byUser, FileSort sort) {
        String order = FileSql.orderBy(sort);
        String seqs = (byUser ? sql.byUser(sort)
                : "SELECT f.seq FROM cached_files f" + (walk ? sql.walkWhere(sort) : sql.where()) + order)
                + " LIMIT :limit OFFSET :offset";
        return FileRows.FROM + " WHERE f.seq IN (" + seqs + ")" + order;
    }

    /**
     * A search's answer: in a read-only transaction, the one given at the same books before ({@link KeptAnswers}),
     * else read with the totals and snapshots kept at these books ({@link FileSearch#search}). Read the former ways
     * ({@link #rememberTotals} or {@link FileRows#lean} off), or answered without a statement, nothing is kept or
     * taken.
     */
    @Override
    public SearchResult search(SearchQuery query) {
        return unit.read(session -> {
            if (!rememberTotals || !unit.inReadOnlyTransaction()) return search.search(session, query, null);
            // one that reads nothing would read the stamp only to keep it (0.24 -> 0.31 ms of CPU an answer)
            if (!FileRows.lean || FileSearch.readsNothing(query)) return search.search(session, query, snapshots);
            return searchAnswers.answer(session, query, () -> search.search(session, query, snapshots));
        });
    }

    /**
     * Every file of {@code criteria} in {@code sort}'s order, a batch at a time. With a search, in a read-only
     * transaction, from the snapshot of the ordered selection ({@link SelectionSnapshots}, shared with the list's deep
     * pages): the one held at these books, else read now and kept. An export of a search otherwise looked its text up
     * in the trigram index on every request (4.8 ms of CPU for the 59 files of "Show 0042" at 100,000 files, most of
     * it the index's lists of "Sho", "how", …); the snapshot lasts until a write moves the selection, and an export at
     * the same books reads its rows alone. The same files in the same order either way: a snapshot holds the
     * selection's seqs in the order of the sort's field and then the id, as every order ends.
     */
    @Override
    public long forEach(FileCriteria criteria, FileSort sort, Consumer<CachedFile> sink) {
        return unit.read(session -> {
            int[] seqs = exportSnapshots && criteria.search() != null && unit.inReadOnlyTransaction()
                    ? readSnapshot(session, criteria, sort.field(), null,
                            SelectionSnapshots.Versions.of(session, criteria))
                    : null;
            int batchSize = exportBatch;
            if (seqs != null) {
                for (int offset = 0; offset < seqs.length; offset += batchSize) {
                    slice(session, seqs, sort, batchSize, offset).forEach(sink);
                }
                return (long) seqs.length;
            }
            FileSql sql = FileSql.of(criteria);
            long[] count = {0};
            List<FileRows.Stored> batch = new ArrayList<>(batchSize);
            // The users of a batch are read on the same connection while the file cursor stays open (SQLite allows
            // several statements on a connection at once), so memory holds one batch whatever the table's size.
            Jdbc.each(session, FileRows.select() + sql.where() + FileSql.orderBy(sort), sql.params, row -> {
                batch.add(FileRows.stored(row));
                if (batch.size() == batchSize) count[0] += flush(session, batch, sink);
            });
            return count[0] + flush(session, batch, sink);
        });
    }

    /** False only in tests and the benchmark, to export a search straight from its query. */
    static volatile boolean exportSnapshots = true;

    private static int flush(StatelessSession session, List<FileRows.Stored> batch, Consumer<CachedFile> sink) {
        int size = batch.size();
        FileRows.toDomain(session, batch).forEach(sink);
        batch.clear();
        return size;
    }

    @Override
    public List<CachedFile> findByStatus(Set<FileStatus> statuses, UserId user, FileId after, int limit) {
        if (statuses.isEmpty()) return List.of();
        return unit.read(session -> {
            FileSql sql = new FileSql();
            sql.add("f.status IN (:statuses)");
            sql.params.put("statuses", statuses.stream().map(FileStatus::code).toList());
            if (user != null) {
                sql.attributedTo(user.value(), false);
            }
            if (after != null) {
                sql.add("f.id > :after");
                sql.params.put("after", after.value());
            }
            sql.params.put("limit", limit);
            return FileRows.query(session, FileRows.FROM + sql.where() + " ORDER BY f.id LIMIT :limit", sql.params);
        });
    }

    @Override
    public boolean delete(FileId id) {
        Objects.requireNonNull(id, "id");
        return unit.write(session ->
                Native.update(session, "DELETE FROM cached_files WHERE id = :id", Map.of("id", id.value())) > 0);
    }

    @Override
    public CacheStatistics statistics() {
        return unit.read(statistics::cache);
    }

    @Override
    public UserStatistics userStatistics(UserId user, Instant since, int periodDays) {
        return unit.read(session -> statistics.user(session, user, since, periodDays));
    }

    @Override
    public List<UserSummary> users() {
        return unit.read(statistics::users);
    }
}
