package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily housekeeping merges the full-text indexes and changes no answer. */
class OptimizeTest {
    @TempDir
    Path dir;

    @Test
    void optimizingAfterChurnKeepsEveryIndexSoundAndEverySearchAnswerTheSame() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            churn(books);
            SearchResult before = books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false));
            SearchResult showBefore = books.files().search(new SearchQuery("show 3", SearchType.PATH, 500, true));

            db.optimize();

            assertEquals(before, books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false)));
            assertEquals(showBefore, books.files().search(new SearchQuery("show 3", SearchType.PATH, 500, true)));
            assertEquals(40, before.totalFound());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String index : new String[] {"files_fts", "files_fts_live", "files_search"}) {
                s.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('integrity-check', 1)");
            }
            try (ResultSet rows = s.executeQuery("PRAGMA integrity_check")) {
                rows.next();
                assertEquals("ok", rows.getString(1));
            }
        }
    }

    @Test
    void theMergesRunInShortTransactionsThatLetAWriterInBetween() throws Exception {
        Path file = dir.resolve("books.db");
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            churn(books);
            SearchResult before = books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false));
            List<String> steps = new ArrayList<>();
            int[] written = {0};

            int transactions = db.optimize(2, index -> {
                steps.add(index);
                if (steps.size() % 5 != 1) return;
                // between two steps no transaction is open: a write from another thread goes through (the bound
                // only ends a hung test; a step holding the lock would never let it finish)
                int n = written[0]++;
                CompletableFuture.runAsync(() -> books.files().save(aFile(String.format("new%03d", n))
                        .path("tv/Between " + n + ".mkv").user(new UserId("user1")).build()), writer)
                        .orTimeout(120, TimeUnit.SECONDS).join();
            });

            assertEquals(steps.size(), transactions);
            assertTrue(steps.stream().filter("files_search"::equals).count() > 1,
                    "with 2 pages a step, merging the churned index takes several steps: " + steps);
            assertTrue(steps.get(steps.size() - 1).startsWith("ANALYZE "), steps.toString());
            assertTrue(steps.contains("ANALYZE idx_files_cached_at"), "one index per transaction: " + steps);
            SearchResult after = books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false));
            assertEquals(before.totalFound() + written[0], after.totalFound(), "the writes between the steps count");
            assertEquals(written[0], books.files().search(new SearchQuery("between", SearchType.PATH, 500, false))
                    .totalFound());
            assertTrue(written[0] > 1);
        } finally {
            writer.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String index : new String[] {"files_fts", "files_fts_live", "files_search"}) {
                s.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('integrity-check', 1)");
            }
            try (ResultSet rows = s.executeQuery("SELECT count(*) FROM sqlite_stat1")) {
                rows.next();
                assertTrue(rows.getLong(1) > 0, "the planner's statistics were written");
            }
        }
    }

    @Test
    void stepByStepItLeavesNothingToMerge() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            churn(db.bookkeeping());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertTrue(mergeWorked(s, "files_search"), "the churn left segments to merge");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            churn(db.bookkeeping());
            db.optimize(2, index -> { });
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String index : new String[] {"files_fts", "files_fts_live", "files_search", "files_short"}) {
                assertTrue(!mergeWorked(s, index), index + " had segments left to merge");
            }
        }
    }

    @Test
    void anInterruptEndsItBetweenTwoSteps() throws Exception {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            churn(db.bookkeeping());
            List<String> steps = new ArrayList<>();
            try {
                int transactions = db.optimize(2, index -> {
                    steps.add(index);
                    Thread.currentThread().interrupt(); // the service stopping, seen after the first step
                });
                assertEquals(1, transactions);
                assertEquals(List.of("files_fts"), steps);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void booksOfSomeSizeWithoutStatisticsAreAnalysedInOneTransactionFromBoundedSamples() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            books.transactions().inTransaction(() -> {
                for (int i = 0; i < SqlitePersistence.ANALYSIS_ROWS - 1; i++) {
                    books.files().save(aFile(String.format("f%05d", i)).path("tv/E" + i + ".mkv")
                            .user(new UserId("user" + (i % 5))).build());
                }
                return null;
            });
            assertTrue(!db.lacksStatistics(), "a small database needs none");
            books.files().save(aFile("last").path("tv/Last.mkv").user(new UserId("user1")).build());
            assertTrue(db.lacksStatistics(), "one more file: large enough, and none written yet");

            db.analyze();

            assertTrue(!db.lacksStatistics());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT stat FROM sqlite_stat1 WHERE tbl = 'cached_files'"
                    + " AND idx = 'idx_files_cached_at'")) {
                assertTrue(rows.next(), "every index of the books is analysed, not only those a connection used");
                long estimate = Long.parseLong(rows.getString(1).split(" ")[0]);
                assertTrue(estimate > 0, "an estimate of the table's rows: " + estimate);
            }
        }
    }

    /** 200 files, each written twice (a user attributed, an access): every document twice, segments pile up. */
    private static void churn(Bookkeeping books) {
        for (int i = 0; i < 200; i++) {
            CachedFile saved = aFile(String.format("f%03d", i)).path("tv/Show " + (i % 7) + "/E" + i + ".mkv")
                    .cachedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                    .user(new UserId("user" + (i % 5))).build();
            books.files().save(saved);
            books.files().save(saved.attribute(new UserId("guest" + (i % 3)), "shared", saved.cachedAt())
                    .recordAccess(saved.cachedAt()));
        }
    }

    /** Whether one more merge step of {@code index} found work: FTS5 counts at least two changes then. */
    private static boolean mergeWorked(Statement s, String index) throws Exception {
        long changes = totalChanges(s);
        s.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('merge', -2)");
        return totalChanges(s) - changes >= 2;
    }

    private static long totalChanges(Statement s) throws Exception {
        try (ResultSet row = s.executeQuery("SELECT total_changes()")) {
            row.next();
            return row.getLong(1);
        }
    }
}
