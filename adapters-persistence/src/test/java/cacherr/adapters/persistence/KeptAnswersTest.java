package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.USERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A free-text search asked again at the same books is the answer kept ({@link KeptAnswers}, the books' stamp of
 * schema v23), and every write to a file or an attribution — the service's or another program's, on any column,
 * including those no selection counter covers (a cached path, the metadata, an attribution's reason) — makes the next
 * answer the one read afresh: the reference's, and the one read without anything kept.
 */
class KeptAnswersTest {
    /** Paths and users of many files, a name, an operation, a user of few, one character, nothing. */
    private static final List<SearchQuery> SEARCHES = List.of(
            new SearchQuery("ovie", SearchType.ALL, 500, false),
            new SearchQuery("Show 7", SearchType.FILENAME, 7, true),
            new SearchQuery("an", SearchType.ALL, 50, false, true),
            new SearchQuery("e", SearchType.USER, 500, true),
            new SearchQuery("dee", SearchType.ALL, 7, false),
            new SearchQuery("deck", SearchType.OPERATION, 50, false),
            new SearchQuery("1", SearchType.PATH, 500, false, true),
            new SearchQuery("zzz", SearchType.ALL, 50, false));

    /** A change of each column the books can still read back (RowStampsTest's garbage would fail the page). */
    private static final Map<String, String> VALID_CHANGES = Map.of(
            "seq", "(SELECT max(seq) + 1 FROM cached_files)",
            "cache_method", "CASE %1$s WHEN 'atomic_copy' THEN 'atomic_symlink' ELSE 'atomic_copy' END",
            "cached_at", "replace(%1$s, '2026-', '2025-')",
            "last_accessed", "coalesce(replace(%1$s, '2026-', '2025-'), '2025-06-01T00:00:00.000000Z')",
            "status_changed_at", "replace(%1$s, '2026-', '2025-')",
            "created_at", "replace(%1$s, '2026-', '2025-')",
            "triggered_by_operation", "CASE %1$s WHEN 'manual' THEN 'trakt' ELSE 'manual' END",
            "status", "CASE %1$s WHEN 'active' THEN 'orphaned' ELSE 'active' END",
            "metadata", "'{\"k\":\"changed\"}'");

    @TempDir
    Path dir;
    private AnotherProgram other;
    private SqlitePersistence db;
    private CachedFiles sqlite;
    private SqliteCachedFiles files;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        files = (SqliteCachedFiles) sqlite;
        MixedBooks.fill(sqlite, reference);
        other = new AnotherProgram(dir.resolve("books.db"));
    }

    @AfterEach
    void close() {
        SqliteCachedFiles.rememberTotals = true;
        db.close();
    }

    /**
     * Every search of the grid of RememberedTotalsTest, asked three times: the second and third the first's answer;
     * but a search of operations whose text names none, answered without a statement, is not kept (nothing to spare).
     */
    @Test
    void aSearchAskedAgainAtTheSameBooksIsTheAnswerKept() {
        int compared = 0, unread = 0;
        for (String text : List.of("ovie", "Show 7", "an", "e", "ann", "dee", "1", "deck", "watch", "zzz")) {
            for (SearchType type : SearchType.values()) {
                for (boolean removed : List.of(false, true)) {
                    for (int limit : List.of(1, 7, 500)) {
                        for (boolean exact : List.of(false, true)) {
                            SearchQuery query = new SearchQuery(text, type, limit, removed, exact);
                            SearchResult first = sqlite.search(query);
                            assertEquals(afresh(query), first, query.toString());
                            assertSameFiles(reference.search(query), first, query.toString());
                            if (type == SearchType.OPERATION && Arrays.stream(OperationType.values())
                                    .noneMatch(o -> o.code().contains(text.toLowerCase(Locale.ROOT)))) {
                                assertNotSame(first, sqlite.search(query), "not kept: " + query);
                                assertEquals(first, sqlite.search(query), "again: " + query);
                                unread++;
                                continue;
                            }
                            assertSame(first, sqlite.search(query), "again: " + query);
                            assertSame(first, sqlite.search(query), "a third time: " + query);
                            compared++;
                        }
                    }
                }
            }
        }
        assertEquals(6 * 12, unread, "the texts that name no operation");
        assertEquals(compared, files.searchAnswers.counts()[0], "each read and kept once");
        assertEquals(2L * compared, files.searchAnswers.counts()[1], "and taken twice");
    }

    /**
     * Each write of the service, a cached path's and metadata's too (which no selection counter moves with):
     * the next answer of every search is read afresh — the reference's — and then kept again.
     */
    @Test
    void everyWriteOfTheServiceMakesTheNextAnswersReadAfresh() throws Exception {
        String id = other.text("SELECT min(id) FROM cached_files WHERE status = 'active'"
                + " AND file_path LIKE '%ovie%'"
                + " AND id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id = 'ann')");
        for (Map.Entry<String, UnaryOperator<CachedFile>> write : serviceWrites().entrySet()) {
            List<SearchResult> before = askedTwice();
            long stamp = booksStamp();
            CachedFile file = write.getValue().apply(sqlite.findById(new FileId(id)).orElseThrow());
            sqlite.save(file);
            reference.save(file);
            assertNotEquals(stamp, booksStamp(), write.getKey());
            assertReadAfresh(before, write.getKey());
        }
        CachedFile fresh = CachedFileFixtures.aFile("n001").path("movies/New Movie.mkv").user(USERS.get(0), "r",
                CachedFileFixtures.T0).cachedAt(CachedFileFixtures.T0.plusSeconds(5_000)).build();
        List<SearchResult> before = askedTwice();
        sqlite.save(fresh);
        reference.save(fresh);
        assertReadAfresh(before, "an insert");
        before = askedTwice();
        assertTrue(sqlite.delete(fresh.id()));
        assertTrue(reference.delete(fresh.id()));
        assertReadAfresh(before, "a delete");
    }

    /**
     * Every column of a file's row, one at a time, every kind of write to an attribution, and a file's delete, by
     * another connection: each moves the books' stamp, and the next answers are read afresh.
     */
    @Test
    void everyWriteOfAnotherProgramMovesTheStampOnEveryColumnAndAttribution() throws Exception {
        for (String write : anotherProgramsWrites(other)) {
            List<SearchResult> before = askedTwice();
            long stamp = booksStamp();
            other.run(write);
            assertNotEquals(stamp, booksStamp(), write);
            for (int i = 0; i < SEARCHES.size(); i++) {
                SearchResult now = sqlite.search(SEARCHES.get(i));
                assertEquals(afresh(SEARCHES.get(i)), now, write + ": " + SEARCHES.get(i));
                assertNotSame(before.get(i), now, write + ": read afresh, " + SEARCHES.get(i));
            }
        }
    }

    /**
     * A read-write transaction neither takes nor keeps an answer: it may see its own change, which a rollback takes
     * back. A search inside one that wrote and failed is never shown afterwards.
     */
    @Test
    void aReadWriteTransactionNeitherTakesNorKeepsAnswers() {
        SearchQuery query = SEARCHES.get(0);
        SearchResult kept = sqlite.search(query);
        CachedFile file = kept.files().get(0);
        assertThrows(IllegalStateException.class, () -> db.bookkeeping().transactions().inTransaction(() -> {
            sqlite.save(file.attribute(new UserId("eve"), "rolled back", CachedFileFixtures.T0));
            SearchResult inside = sqlite.search(query);
            assertNotSame(kept, inside, "not taken inside a write");
            assertTrue(inside.files().get(0).isAttributedTo(new UserId("eve")));
            throw new IllegalStateException("rolled back");
        }));
        assertArrayEquals(new long[] {1, 0}, files.searchAnswers.counts(), "nothing kept or taken inside it");
        assertSame(kept, sqlite.search(query), "the books as they were: the answer kept before");
        assertEquals(afresh(query), sqlite.search(query));
    }

    /**
     * A database at v22 (the column and triggers dropped) migrated to v23 draws a stamp of its own; run again, the
     * step keeps it and makes its six triggers once.
     */
    @Test
    void theV23StepDrawsAStampAndRunAgainKeepsIt() throws Exception {
        db.close();
        try (Connection c = other.connect(); Statement s = c.createStatement()) {
            for (String trigger : List.of("file_inserted", "file_updated", "file_deleted", "user_inserted",
                    "user_updated", "user_deleted")) {
                s.execute("DROP TRIGGER books_stamp_" + trigger);
            }
            s.execute("ALTER TABLE selection_versions DROP COLUMN books_stamp");
            s.execute("PRAGMA user_version = 22");
        }
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        long drawn = booksStamp();
        assertNotEquals(0, drawn, "drawn by the step (a chance of 2^-64 to be 0)");
        db.close();
        other.run("PRAGMA user_version = 22");
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        assertEquals(drawn, booksStamp(), "run again, the step keeps the stamp");
        assertEquals(6, other.number("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                + " AND name LIKE 'books_stamp_%'"));
        assertEquals(SqlitePersistence.schemaVersion(), other.number("PRAGMA user_version"));
    }

    /**
     * The service's writes of an active file (RowStampsTest's), and new metadata and a cached path, which no selection
     * counter moves with, saved as the books would restore them (KeptListPagesTest too).
     */
    static Map<String, UnaryOperator<CachedFile>> serviceWrites() {
        Map<String, UnaryOperator<CachedFile>> writes = new LinkedHashMap<>(RowStampsTest.serviceWrites());
        writes.put("new metadata and a cached path (saved as the books would restore it)", f -> CachedFile.restore(
                f.id(), new Placement(f.filePath(), f.originalPath(), f.cachedPath() + ".again", f.cacheMethod(),
                        f.sizeBytes(), null), f.cachedAt(), f.lastAccessed(), f.accessCount(), f.triggeredByUser(),
                f.triggeredByOperation(), f.status(), f.statusChangedAt(), f.attributions(),
                new Metadata("{\"k\":\"v\"}")));
        return writes;
    }

    /**
     * Writes of another program, one by one: each of the 18 columns of a shown file's row (a file whose path holds
     * "ovie", not removed) changed alone, with values the books can read back; then an attribution of a neighbour
     * inserted, given a new reason and a new time, deleted; then the neighbour deleted (KeptListPagesTest too).
     */
    static List<String> anotherProgramsWrites(AnotherProgram other) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = other.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, type FROM pragma_table_info('cached_files')")) {
            while (r.next()) {
                if (r.getString(1).equals("row_stamp")) continue;
                String name = r.getString(1);
                columns.add(name + " = " + VALID_CHANGES.getOrDefault(name, r.getString(2).equals("INTEGER")
                        ? "%1$s + 1" : "coalesce(%1$s, '') || 'x'").formatted(name));
            }
        }
        assertEquals(18, columns.size(), columns.toString());
        List<String> writes = new ArrayList<>();
        String id = other.text("SELECT min(id) FROM cached_files WHERE file_path LIKE '%ovie%'"
                + " AND status <> 'removed'");
        for (String change : columns) {
            writes.add("UPDATE cached_files SET " + change + " WHERE id = '" + id + "'");
            if (change.startsWith("id ")) id = id + "x";
        }
        String neighbour = other.text("SELECT min(id) FROM cached_files WHERE file_path LIKE '%ovie%'"
                + " AND status <> 'removed' AND id > '" + id + "'");
        String attributed = "cached_file_id = '" + neighbour + "' AND user_id = 'eve'";
        writes.add("INSERT INTO cached_file_users VALUES ('" + neighbour + "', 'eve', 'r',"
                + " '2026-01-01T00:00:00.000000Z')");
        writes.add("UPDATE cached_file_users SET attribution_reason = 's' WHERE " + attributed);
        writes.add("UPDATE cached_file_users SET added_at = '2026-01-02T00:00:00.000000Z' WHERE " + attributed);
        writes.add("DELETE FROM cached_file_users WHERE " + attributed);
        writes.add("DELETE FROM cached_files WHERE id = '" + neighbour + "'");
        return writes;
    }

    /** Each search asked twice: the answer kept, then taken. */
    private List<SearchResult> askedTwice() {
        List<SearchResult> kept = new ArrayList<>();
        for (SearchQuery query : SEARCHES) {
            SearchResult first = sqlite.search(query);
            assertSame(first, sqlite.search(query), query.toString());
            kept.add(first);
        }
        return kept;
    }

    /** Each search's next answer read afresh: not the one kept before the write, and the reference's. */
    private void assertReadAfresh(List<SearchResult> before, String write) {
        for (int i = 0; i < SEARCHES.size(); i++) {
            SearchQuery query = SEARCHES.get(i);
            SearchResult now = sqlite.search(query);
            assertNotSame(before.get(i), now, write + ": read afresh, " + query);
            assertEquals(afresh(query), now, write + ": " + query);
            assertSameFiles(reference.search(query), now, write + ": " + query);
            assertSame(now, sqlite.search(query), write + ": kept again, " + query);
        }
    }

    /** The answer read without anything kept: every total counted, no snapshot, no answer kept or taken. */
    private SearchResult afresh(SearchQuery query) {
        SqliteCachedFiles.rememberTotals = false;
        try {
            return sqlite.search(query);
        } finally {
            SqliteCachedFiles.rememberTotals = true;
        }
    }

    /** The same files in the same order, and the same total, as the reference (whose files are equal ones). */
    private static void assertSameFiles(SearchResult expected, SearchResult actual, String what) {
        assertEquals(expected.files(), actual.files(), what);
        assertEquals(expected.totalFound(), actual.totalFound(), what);
        assertEquals(expected.totalExact(), actual.totalExact(), what);
    }

    private long booksStamp() throws Exception {
        return other.number("SELECT books_stamp FROM selection_versions");
    }
}
