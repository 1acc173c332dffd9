package cacherr.adapters.persistence;

import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchType;
import cacherr.adapters.persistence.schema.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Not a test: loads 100,000 files (1–3 users each) and 1,000,000 log rows, then prints median and p95 of the queries
 * with a performance target. Run with {@code adapters-persistence/bench/run.sh}.
 */
public final class Benchmark {
    private static final int FILES = Integer.getInteger("bench.files", 100_000);
    private static final int LOG_ROWS = Integer.getInteger("bench.log", 1_000_000);
    private static final int USERS = Integer.getInteger("bench.users", 20);
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final String[] OPS = {"watchlist", "ondeck", "trakt", "manual", "continue_watching"};

    public static void main(String[] args) throws Exception {
        // -Dbench.db=path keeps the loaded database for later runs (loaded once, when the file does not exist yet)
        String kept = System.getProperty("bench.db");
        Path file = kept != null ? Path.of(kept)
                : Files.createTempDirectory("cacherr-bench").resolve("cached_files.db");
        if (!Files.exists(file)) {
            SqlitePersistence.open(PersistenceSettings.of(file)).close(); // schema
            long loadStart = System.nanoTime();
            load(file);
            System.out.printf("loaded %,d files and %,d log rows in %.1f s%n", FILES, LOG_ROWS,
                    (System.nanoTime() - loadStart) / 1e9);
        }
        long openStart = System.nanoTime();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            // an older kept file is migrated here: the time includes the read-only check and every step
            System.out.printf("opened (migrated when older) in %.1f s%n", (System.nanoTime() - openStart) / 1e9);
            if (Boolean.getBoolean("bench.exportOnly")) {
                export(db.bookkeeping().files());
                return;
            }
            CachedFiles files = db.bookkeeping().files();
            var tx = db.bookkeeping().transactions();
            SqliteCachedFiles.keepLists = false; // each list query is timed as read, not as the page kept
            UserId user = new UserId("user07");
            Random random = new Random(1);
            time("list first page (50)", () -> tx.readOnly(() -> files.list(FileFilter.FIRST_PAGE)));
            time("list search+status+user", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("Movie 12", user, FileStatus.ACTIVE, null, null, null, null), Paging.FIRST))));
            for (String text : List.of("movie", "Movie 1", "e", "12")) {
                FileFilter narrowed = FileFilter.of(new FileCriteria(text, user, FileStatus.ACTIVE, null, null, null,
                        null), Paging.FIRST);
                SqliteCachedFiles.smallerSideDrives = false;
                time("list search '" + text + "'+active+user, before", () -> tx.readOnly(() -> files.list(narrowed)));
                SqliteCachedFiles.smallerSideDrives = true;
                time("list search '" + text + "'+active+user, after", () -> tx.readOnly(() -> files.list(narrowed)));
            }
            deepPages(files, tx);
            for (boolean after : List.of(false, true)) {
                FileSearch.unionByPlaces = after;
                time("search '12' (all: 2 chars), " + (after ? "after" : "before"), () -> tx.readOnly(() ->
                        files.search(new SearchQuery("12", SearchType.ALL, 50, false))));
                time("search '7' (all: 1 char), " + (after ? "after" : "before"), () -> tx.readOnly(() ->
                        files.search(new SearchQuery("7", SearchType.ALL, 50, false))));
            }
            searchLengths(files, tx);
            filterCombinations(files, tx, user);
            time("list by user, first page", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria(null, user, null, null, null, null, null), Paging.FIRST))));
            time("list search 'mkv' (every file), first page", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("mkv", null, null, null, null, null, null), Paging.FIRST))));
            time("list search 'e' (1 char, every file), first page", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("e", null, null, null, null, null, null), Paging.FIRST))));
            time("list search '99' (2 chars, 3.7% of files)", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("99", null, null, null, null, null, null), Paging.FIRST))));
            time("list search 'mkv' + status active", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("mkv", null, FileStatus.ACTIVE, null, null, null, null), Paging.FIRST))));
            time("list search 'mkv' + size >= 500 MB (half)", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria("mkv", null, null, null, 500_000_000L, null, null), Paging.FIRST))));
            time("list deep page (offset 50,000)", () -> tx.readOnly(() -> files.list(
                    new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, new Paging(50, 50_000)))));
            time("list by size, offset 90,000", () -> tx.readOnly(() -> files.list(
                    new FileFilter(FileCriteria.ANY, new FileSort(FileSort.Field.SIZE, false), new Paging(50, 90_000)))));
            time("get by id", () -> files.findById(new FileId(String.format("file-%07d", random.nextInt(FILES)))));
            time("statistics", () -> tx.readOnly(files::statistics));
            time("user statistics (30 days)", () -> tx.readOnly(() -> files.userStatistics(user,
                    START.plus(Duration.ofDays(335)), 30)));
            time("search 'movie 4711' (all)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("Movie 4711", SearchType.ALL, 50, false))));
            time("search 'Movie 12' (path: 1,111 matches)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("Movie 12", SearchType.PATH, 50, false))));
            time("search 'user0' (all: 10 users, ~80% of files)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user0", SearchType.ALL, 50, false))));
            time("search 'user0' (user: 10 users)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user0", SearchType.USER, 50, false))));
            time("search 'user0' (all, removed included)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user0", SearchType.ALL, 50, true))));
            time("search 'user1' (all: 10 users, limit 500)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user1", SearchType.ALL, 500, false))));
            time("search 'er0' (all: 3 characters, 10 users)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("er0", SearchType.ALL, 50, false))));
            time("search 'r0' (all: 2 chars, no trigram)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("r0", SearchType.ALL, 50, false))));
            time("search 'e' (all: 1 char, every file)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("e", SearchType.ALL, 50, false))));
            time("search 'qz' (all: 2 chars, no file)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("qz", SearchType.ALL, 50, false))));
            time("search 'user0' (all, exact total asked)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user0", SearchType.ALL, 50, false, true))));
            time("search 'ondeck' (operation: 20% of files)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("ondeck", SearchType.ALL, 50, false))));
            time("search 'user07' (user)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("user07", SearchType.USER, 50, false))));
            time("search 'mkv' (broad: every file)", () -> tx.readOnly(() -> files.search(
                    new SearchQuery("mkv", SearchType.ALL, 50, false))));
            time("log first page", () -> tx.readOnly(() -> db.bookkeeping().journal().list(LogFilter.LATEST)));
            time("log first page, exact total asked", () -> tx.readOnly(() -> db.bookkeeping().journal().list(
                    new LogFilter(null, null, null, null, null, null, new Paging(50, 0, true)))));
            time("users()", () -> tx.readOnly(files::users));
            if (System.getProperty("bench.only", "").contains("prune")) { // deletes log rows: only when asked
                var journal = db.bookkeeping().journal();
                time("prune one batch of 1,000 log rows", () -> tx.inTransaction(() -> journal.pruneBefore(
                        Instant.parse("9999-01-01T00:00:00Z"), 1_000)));
            }
            if (!"false".equals(System.getProperty("bench.export"))) export(files); // -Dbench.export=false: skip it
        }
    }

    /**
     * Deep and middle pages, with and without filters, three ways measured in one run: "before" (read from the
     * front), "mirror" (past the middle from the end: issue 15's first round) and "snapshot" (this round: the ordered
     * selection kept per query and books' version, see SelectionSnapshots; "first" is a page whose snapshot must be
     * read, every run).
     */
    private static void deepPages(CachedFiles files, cacherr.application.port.out.Transactions tx) {
        SqliteCachedFiles sqlite = (SqliteCachedFiles) files;
        FileSort bySize = new FileSort(FileSort.Field.SIZE, true);
        record Deep(String name, FileCriteria criteria, FileSort sort) {
        }
        List<Deep> shapes = List.of(new Deep("unfiltered", FileCriteria.ANY, FileSort.NEWEST_FIRST),
                new Deep("'Movie'", new FileCriteria("Movie", null, null, null, null, null, null), FileSort.NEWEST_FIRST),
                new Deep("'e' (1 char)", new FileCriteria("e", null, null, null, null, null, null), FileSort.NEWEST_FIRST),
                new Deep("active by size", new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null), bySize),
                new Deep("'Movie'+active+ondeck", new FileCriteria("Movie", null, FileStatus.ACTIVE,
                        cacherr.domain.file.OperationType.ONDECK, null, null, null), FileSort.NEWEST_FIRST),
                new Deep("'Movie 1' (11%)+active", new FileCriteria("Movie 1", null, FileStatus.ACTIVE, null, null, null,
                        null), FileSort.NEWEST_FIRST));
        for (Paging deep : List.of(new Paging(500, FILES - 600), new Paging(50, FILES / 2 + 1_000),
                new Paging(50, Math.min(20_000, FILES / 5)))) {
            for (Deep shape : shapes) {
                FileFilter filter = new FileFilter(shape.criteria(), shape.sort(), deep);
                String name = "deep " + shape.name() + " " + deep.limit() + " at " + deep.offset() + ", ";
                SqliteCachedFiles.snapshotDeepPages = false;
                SqliteCachedFiles.mirrorDeepPages = false;
                time(name + "before", () -> tx.readOnly(() -> files.list(filter)));
                SqliteCachedFiles.mirrorDeepPages = true;
                time(name + "mirror", () -> tx.readOnly(() -> files.list(filter)));
                SqliteCachedFiles.snapshotDeepPages = true;
                time(name + "snapshot first", () -> tx.readOnly(() -> {
                    sqlite.snapshots.clear();
                    return files.list(filter);
                }));
                time(name + "snapshot", () -> tx.readOnly(() -> files.list(filter)));
            }
        }
    }

    /**
     * Search texts of 1, 2, 3 and many characters matching none or few, many and most files: the search of all places
     * (files/search?type=all) and the list's search, first pages. Paths are "/array/movies/Movie N/Movie N.mkv".
     */
    private static void searchLengths(CachedFiles files, cacherr.application.port.out.Transactions tx) {
        for (String text : List.of("q", "7", "e", "qz", "99", "12", "e1", "mk", "xyz", "999", "e 1", "mkv",
                "Movie 4711", "Movie 12", "Movie 1", "movies/Movie")) {
            time("texts: search all '" + text + "'", () -> tx.readOnly(() -> files.search(
                    new SearchQuery(text, SearchType.ALL, 50, false))));
            time("texts: list search '" + text + "'", () -> tx.readOnly(() -> files.list(FileFilter.of(
                    new FileCriteria(text, null, null, null, null, null, null), Paging.FIRST))));
            if (Boolean.getBoolean("bench.rowsCounted") && text.length() <= 2) { // the former count, same run
                FileSql.asciiShortCounts = false;
                time("texts: search all '" + text + "' (rows counted)", () -> tx.readOnly(() -> files.search(
                        new SearchQuery(text, SearchType.ALL, 50, false))));
                time("texts: list search '" + text + "' (rows counted)", () -> tx.readOnly(() -> files.list(
                        FileFilter.of(new FileCriteria(text, null, null, null, null, null, null), Paging.FIRST))));
                FileSql.asciiShortCounts = true;
            }
        }
    }

    /**
     * First pages of every combination of the list's filters (search, user, status, operation, size, cache time),
     * newest first, and of every sort field in both orders under a search and a status.
     */
    private static void filterCombinations(CachedFiles files, cacherr.application.port.out.Transactions tx,
                                           UserId user) {
        Instant since = START.plus(Duration.ofDays(180));
        for (int mask = 1; mask < 64; mask++) {
            int m = mask;
            FileCriteria criteria = new FileCriteria((m & 1) != 0 ? "Movie 1" : null, (m & 2) != 0 ? user : null,
                    (m & 4) != 0 ? FileStatus.ACTIVE : null,
                    (m & 8) != 0 ? cacherr.domain.file.OperationType.ONDECK : null,
                    (m & 16) != 0 ? 500_000_000L : null, null, (m & 32) != 0 ? since : null);
            String name = "filters: " + ((m & 1) != 0 ? "search " : "") + ((m & 2) != 0 ? "user " : "")
                    + ((m & 4) != 0 ? "status " : "") + ((m & 8) != 0 ? "operation " : "")
                    + ((m & 16) != 0 ? "size " : "") + ((m & 32) != 0 ? "since " : "");
            time(name, () -> tx.readOnly(() -> files.list(FileFilter.of(criteria, Paging.FIRST))));
            if (Boolean.getBoolean("bench.rowsCounted")) { // the former count (rows read) and choice, same run
                SqliteCachedFiles.filterIndexCounts = false;
                SqliteCachedFiles.userSetCosted = false;
                time(name + "(before)", () -> tx.readOnly(() -> files.list(FileFilter.of(criteria, Paging.FIRST))));
                SqliteCachedFiles.filterIndexCounts = true;
                SqliteCachedFiles.userSetCosted = true;
            }
        }
        for (FileSort.Field field : FileSort.Field.values()) {
            for (boolean descending : List.of(false, true)) {
                FileFilter filter = new FileFilter(new FileCriteria("e", null, FileStatus.ACTIVE, null, null, null,
                        null), new FileSort(field, descending), Paging.FIRST);
                time("sorts: 'e'+active by " + field.code() + (descending ? " desc" : " asc"),
                        () -> tx.readOnly(() -> files.list(filter)));
            }
        }
    }

    /**
     * Times the export and measures what it retains: every 10,000th file a full collection runs and the heap still
     * in use after it is sampled; its growth over the heap after a collection before the export is the retained
     * memory (garbage between collections is not counted). Run under a small -Xmx to show it is bounded.
     */
    private static void export(CachedFiles files) {
        Runtime rt = Runtime.getRuntime();
        for (int run = 0; run < 5; run++) {
            boolean sample = run >= 3; // the first three runs are timed without the collections
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            AtomicLong peak = new AtomicLong(heapBefore);
            AtomicLong seen = new AtomicLong();
            long start = System.nanoTime();
            long count = files.forEach(FileCriteria.ANY, FileSort.NEWEST_FIRST, f -> {
                if (sample && seen.incrementAndGet() % 10_000 == 0) {
                    System.gc();
                    peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (sample) {
                System.out.printf("export of %,d files (with GC sampling): heap after GC %.1f MB before, at most "
                        + "%.1f MB during (retained: %.1f MB); max heap %d MB%n", count, heapBefore / 1048576.0,
                        peak.get() / 1048576.0, (peak.get() - heapBefore) / 1048576.0, rt.maxMemory() / 1048576);
            } else {
                System.out.printf("export of %,d files: %.2f s%n", count, seconds);
            }
        }
    }

    private static void time(String name, Supplier<?> work) {
        String only = System.getProperty("bench.only");
        // -Dbench.only='a|b': the queries whose name contains a or b
        if (only != null && java.util.Arrays.stream(only.split("\\|")).noneMatch(name::contains)) return;
        int runs = Integer.getInteger("bench.runs", 100); // fewer on a shared machine: -Dbench.runs=20
        for (int i = 0; i < runs / 5; i++) work.get(); // warm-up
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-48s median %7.2f ms   p95 %7.2f ms%n", name, millis.get(runs / 2),
                millis.get(runs * 95 / 100));
    }

    private static void load(Path file) throws Exception {
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (PreparedStatement f = c.prepareStatement("INSERT INTO cached_files (id, file_path, filename, "
                    + "original_path, cached_path, cache_method, file_size_bytes, file_size_readable, cached_at, "
                    + "last_accessed, access_count, triggered_by_user, triggered_by_operation, status, "
                    + "status_changed_at, metadata, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement u = c.prepareStatement("INSERT INTO cached_file_users VALUES (?,?,?,?)")) {
                for (int i = 0; i < FILES; i++) {
                    String id = String.format("file-%07d", i);
                    String name = "Movie " + i + ".mkv";
                    String path = "/array/movies/Movie " + i + "/" + name;
                    Instant cachedAt = START.plusSeconds(random.nextInt(365 * 86_400));
                    int accesses = random.nextInt(4) == 0 ? 0 : random.nextInt(50);
                    String status = random.nextInt(20) == 0 ? "removed" : random.nextInt(20) == 0 ? "orphaned" : "active";
                    int firstUser = random.nextInt(USERS);
                    f.setString(1, id);
                    f.setString(2, path);
                    f.setString(3, name);
                    f.setString(4, path);
                    f.setString(5, "/cache" + path);
                    f.setString(6, "atomic_symlink");
                    f.setLong(7, 1_000_000L + random.nextInt(1_000_000_000));
                    f.setString(8, "1.0 GB");
                    f.setString(9, Timestamps.format(cachedAt));
                    f.setString(10, accesses == 0 ? null : Timestamps.format(cachedAt.plusSeconds(3600)));
                    f.setInt(11, accesses);
                    f.setString(12, String.format("user%02d", firstUser));
                    f.setString(13, OPS[random.nextInt(OPS.length)]);
                    f.setString(14, status);
                    f.setString(15, Timestamps.format(cachedAt));
                    f.setString(16, "{\"rating_key\":\"" + i + "\"}");
                    f.setString(17, Timestamps.format(cachedAt));
                    f.addBatch();
                    int users = 1 + random.nextInt(3);
                    for (int k = 0; k < users; k++) {
                        u.setString(1, id);
                        u.setString(2, String.format("user%02d", (firstUser + k * 7) % USERS));
                        u.setString(3, "watchlist");
                        u.setString(4, Timestamps.format(cachedAt.plusSeconds(k)));
                        u.addBatch();
                    }
                    if (i % 5000 == 4999) {
                        f.executeBatch();
                        u.executeBatch();
                    }
                }
                f.executeBatch();
                u.executeBatch();
            }
            try (PreparedStatement l = c.prepareStatement("INSERT INTO cache_operations_log VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < LOG_ROWS; i++) {
                    l.setString(1, String.format("log-%08d", i));
                    l.setString(2, i % 3 == 0 ? "cache_access" : "cache_add");
                    l.setString(3, "/array/movies/Movie " + (i % FILES) + "/Movie " + (i % FILES) + ".mkv");
                    l.setString(4, "watchlist");
                    l.setString(5, String.format("user%02d", i % USERS));
                    l.setString(6, "bench");
                    l.setInt(7, 1);
                    l.setString(8, null);
                    l.setString(9, null);
                    l.setString(10, Timestamps.format(START.plusSeconds(i * 30L)));
                    l.addBatch();
                    if (i % 10_000 == 9_999) l.executeBatch();
                }
                l.executeBatch();
            }
            c.commit();
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }
}
