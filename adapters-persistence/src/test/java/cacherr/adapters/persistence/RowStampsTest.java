package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each file's {@code row_stamp} (schema v21) moves with every write to its row or its attributions — the service's
 * own and any other program's, on any column — and with nothing else; its own update moves nothing else; and a page takes
 * a remembered file only for a row at the stamp it was rebuilt at, so every page is the one read the former way
 * ({@code FileRows.lean} off: every column and every user read, every file rebuilt).
 */
class RowStampsTest {
    private static final FileFilter NEWEST = new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST,
            new Paging(500, 0));

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles files;

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        files = db.bookkeeping().files();
        MixedBooks.fill(files);
        SqliteCachedFiles.keepLists = false; // a page read again takes its rows by their stamps, not the page kept
    }

    @AfterEach
    void close() {
        FileRows.lean = true;
        SqliteCachedFiles.keepLists = true;
        db.close();
    }

    @Test
    void everyWriteOfTheServiceMovesTheStampOfTheFileItWritesAndNoOther() throws Exception {
        String id = text("SELECT min(id) FROM cached_files WHERE status = 'active'");
        CachedFile file = files.findById(new FileId(id)).orElseThrow();
        Map<String, UnaryOperator<CachedFile>> writes = serviceWrites();
        String other = text("SELECT min(id) FROM cached_files WHERE id > '" + id + "'");
        long bystander = stamp(other);
        for (Map.Entry<String, UnaryOperator<CachedFile>> write : writes.entrySet()) {
            long before = stamp(id);
            file = write.getValue().apply(file);
            files.save(file);
            assertNotEquals(before, stamp(id), write.getKey());
            assertEquals(file, files.findById(file.id()).orElseThrow(), write.getKey());
        }
        CachedFile fresh = CachedFileFixtures.aFile("n001").path("movies/New.mkv").build();
        files.save(fresh);
        assertNotEquals(0, stamp("n001"), "an inserted row is stamped (0 is the rows' before v21)");
        long inserted = stamp("n001");
        assertTrue(files.delete(fresh.id()));
        files.save(fresh);
        assertNotEquals(inserted, stamp("n001"), "deleted and inserted again");
        assertEquals(bystander, stamp(other), "no other file's stamp moved");
        assertAsBefore(() -> files.list(NEWEST), "the page after the writes");
    }

    /** The service's writes of an active file, in an order each can follow the one before (KeptAnswersTest too). */
    static Map<String, UnaryOperator<CachedFile>> serviceWrites() {
        UserId eve = new UserId("eve");
        Map<String, UnaryOperator<CachedFile>> writes = new LinkedHashMap<>();
        writes.put("an access", f -> f.recordAccess(CachedFileFixtures.T0.plusSeconds(5)));
        writes.put("an attribution", f -> f.attribute(eve, "r", CachedFileFixtures.T0.plusSeconds(6)));
        writes.put("an attribution's new reason", f -> f.detach(eve).attribute(eve, "s",
                CachedFileFixtures.T0.plusSeconds(6)));
        writes.put("a detachment", f -> f.detach(eve));
        writes.put("a status", f -> f.markOrphaned(CachedFileFixtures.T0.plusSeconds(7)));
        writes.put("a new placement", f -> f.recache(new Placement(f.filePath(), f.originalPath(),
                f.cachedPath() + ".moved", f.cacheMethod(), 9, null), CachedFileFixtures.T0.plusSeconds(8)));
        writes.put("the same file saved again", f -> f);
        return writes;
    }

    /** Every column of the row, one at a time, and every kind of write to an attribution, by another connection. */
    @Test
    void everyWriteOfAnotherProgramMovesTheStampOnEveryColumnAndAttribution() throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, type FROM pragma_table_info('cached_files')")) {
            while (r.next()) {
                if (r.getString(1).equals("row_stamp")) continue;
                String name = r.getString(1);
                columns.add(name + (name.equals("seq") ? " = (SELECT max(seq) + 1 FROM cached_files)"
                        : r.getString(2).equals("INTEGER") ? " = %1$s + 1" : " = coalesce(%1$s, '') || 'x'")
                        .formatted(name));
            }
        }
        assertEquals(18, columns.size(), columns.toString());
        String id = "f020";
        for (String change : columns) {
            long before = stamp(id);
            String sql = "UPDATE cached_files SET " + change + " WHERE id = '" + id + "'";
            run(sql);
            if (change.startsWith("id ")) id = id + "x";
            assertNotEquals(before, stamp(id), sql);
        }
        Map<String, String[]> attributions = new LinkedHashMap<>();
        attributions.put("inserted", new String[] {
            "INSERT INTO cached_file_users VALUES ('f030', 'eve', 'r', '2026-01-01T00:00:00.000000Z')", "f030"});
        attributions.put("a new reason", new String[] {
            "UPDATE cached_file_users SET attribution_reason = 's' WHERE cached_file_id = 'f030' AND user_id = 'eve'",
            "f030"});
        attributions.put("a new time", new String[] {"UPDATE cached_file_users SET added_at ="
                + " '2026-01-02T00:00:00.000000Z' WHERE cached_file_id = 'f030' AND user_id = 'eve'", "f030"});
        attributions.put("another user", new String[] {
            "UPDATE cached_file_users SET user_id = 'fay' WHERE cached_file_id = 'f030' AND user_id = 'eve'", "f030"});
        attributions.put("moved to another file", new String[] {
            "UPDATE cached_file_users SET cached_file_id = 'f031' WHERE cached_file_id = 'f030' AND user_id = 'fay'",
            "f030", "f031"});
        attributions.put("deleted", new String[] {
            "DELETE FROM cached_file_users WHERE cached_file_id = 'f031' AND user_id = 'fay'", "f031"});
        for (Map.Entry<String, String[]> write : attributions.entrySet()) {
            String[] stamped = write.getValue();
            long bystander = stamp("f032");
            List<Long> before = new ArrayList<>();
            for (int i = 1; i < stamped.length; i++) before.add(stamp(stamped[i]));
            run(stamped[0]);
            for (int i = 1; i < stamped.length; i++) {
                assertNotEquals(before.get(i - 1), stamp(stamped[i]), write.getKey() + ": " + stamped[i]);
            }
            assertEquals(bystander, stamp("f032"), write.getKey() + ": no other file");
        }
    }

    /**
     * A page remembered, then a file's metadata and another's attribution reason changed by another connection: the
     * next page shows both changes (the former way's page) and the others are the very files remembered.
     */
    @Test
    void aFileChangedBehindTheServicesBackIsReadFreshOnTheNextPage() throws Exception {
        List<CachedFile> first = files.list(NEWEST).items();
        assertEquals(MixedBooks.FILES, first.size());
        String metadata = first.get(3).id().value();
        String reason = first.stream().skip(10).filter(f -> !f.attributions().isEmpty()).findFirst().orElseThrow()
                .id().value(); // another file than the metadata's
        run("UPDATE cached_files SET metadata = '{\"k\":\"changed\"}' WHERE id = '" + metadata + "'");
        run("UPDATE cached_file_users SET attribution_reason = 'changed' WHERE cached_file_id = '" + reason + "'");
        List<CachedFile> next = files.list(NEWEST).items();
        assertAsBefore(() -> files.list(NEWEST), "the next page");
        for (int i = 0; i < next.size(); i++) {
            String id = next.get(i).id().value();
            if (id.equals(metadata) || id.equals(reason)) assertNotEquals(first.get(i), next.get(i), id);
            else assertSame(first.get(i), next.get(i), id + " remembered");
        }
        assertTrue(next.stream().flatMap(f -> f.attributions().stream()).anyMatch(a -> a.reason().equals("changed")));
    }

    /**
     * The file of the largest seq remembered, then deleted, and another file inserted with the same seq and the former
     * row's stamp copied; then the same again with the seq given again by SQLite: the seq's file is the new one.
     */
    @Test
    void aSeqGivenAgainNeverGetsTheRememberedFile() throws Exception {
        long seq = number("SELECT max(seq) FROM cached_files");
        String last = text("SELECT id FROM cached_files WHERE seq = " + seq);
        CachedFile remembered = files.findById(new FileId(last)).orElseThrow();
        long stamp = stamp(last);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE former AS SELECT * FROM cached_files WHERE seq = " + seq);
            s.execute("DELETE FROM cached_files WHERE seq = " + seq);
            // every column copied, the remembered file's stamp too
            s.execute("UPDATE temp.former SET id = 'again1', file_size_bytes = 2, metadata = '{\"k\":\"again\"}'");
            s.execute("INSERT INTO cached_files SELECT * FROM temp.former");
            assertNotEquals(stamp, stamp("again1"), "the insert draws a stamp of its own");
            assertSeqHolds(seq, "again1", remembered);
            s.execute("DELETE FROM cached_files WHERE seq = " + seq);
            // no seq named: SQLite gives the largest again
            s.execute("INSERT INTO cached_files (id, file_path, filename, original_path, cached_path, cache_method,"
                    + " file_size_bytes, file_size_readable, cached_at, triggered_by_operation, status,"
                    + " status_changed_at, created_at) SELECT 'again2', file_path || '.again', filename,"
                    + " original_path, cached_path, cache_method, 3, '3 B', cached_at, triggered_by_operation,"
                    + " status, status_changed_at, created_at FROM temp.former");
        }
        assertEquals(seq, number("SELECT seq FROM cached_files WHERE id = 'again2'"));
        assertSeqHolds(seq, "again2", remembered);
    }

    private void assertSeqHolds(long seq, String id, CachedFile former) {
        CachedFile now = files.list(NEWEST).items().stream().filter(f -> f.id().value().equals(id)).findFirst()
                .orElseThrow();
        assertNotEquals(former, now, "seq " + seq);
        assertEquals(id, files.findById(new FileId(id)).orElseThrow().id().value());
        assertAsBefore(() -> files.list(NEWEST), "seq " + seq + " as " + id);
    }

    /**
     * A stamp's own update (what the triggers run) changes no other table and no other column: no counter, version,
     * search document, user total, user day or user file moves. Every trigger on the files without a column list
     * checks columns the stamp is not among.
     */
    @Test
    void aStampOnlyUpdateMovesNothingElse() throws Exception {
        String id = text("SELECT min(id) FROM cached_files WHERE status = 'active'");
        files.save(files.findById(new FileId(id)).orElseThrow().recordAccess(CachedFileFixtures.T0));
        Map<String, String> before = everything();
        String stamps = text("SELECT group_concat(row_stamp) FROM cached_files");
        run("UPDATE cached_files SET row_stamp = random()");
        assertEquals(before, everything());
        assertNotEquals(stamps, text("SELECT group_concat(row_stamp) FROM cached_files"), "the stamps moved");
    }

    /**
     * A database at v20 (the column and triggers dropped, as v20 had none) migrated to v21 keeps every row at stamp 0
     * and every other value, and stamps a row at its first write; the step run again keeps every stamp and makes its
     * five triggers once.
     */
    @Test
    void theV21StepAddsStampsAtZeroAndRunAgainKeepsThem() throws Exception {
        db.close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String trigger : List.of("file_inserted", "file_updated", "user_inserted", "user_deleted",
                    "user_updated")) {
                s.execute("DROP TRIGGER row_stamp_" + trigger);
            }
            // v23's update trigger reads the row's stamp: made anew by its step (the books' stamp kept as it is)
            s.execute("DROP TRIGGER books_stamp_file_updated");
            s.execute("ALTER TABLE cached_files DROP COLUMN row_stamp");
            s.execute("PRAGMA user_version = 20");
        }
        Map<String, String> before = everything();
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        files = db.bookkeeping().files();
        assertEquals(before, everything());
        assertEquals(MixedBooks.FILES, number("SELECT count(*) FROM cached_files WHERE row_stamp = 0"));
        String id = text("SELECT min(id) FROM cached_files WHERE status = 'active'");
        assertAsBefore(() -> files.list(NEWEST), "at stamp 0");
        files.save(files.findById(new FileId(id)).orElseThrow().recordAccess(CachedFileFixtures.T0));
        assertNotEquals(0, stamp(id), "stamped at its first write");
        assertAsBefore(() -> files.list(NEWEST), "after the first write");
        db.close();
        String stamps = text("SELECT group_concat(row_stamp) FROM (SELECT row_stamp FROM cached_files ORDER BY seq)");
        run("PRAGMA user_version = 20");
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        files = db.bookkeeping().files();
        assertEquals(stamps, text("SELECT group_concat(row_stamp) FROM (SELECT row_stamp FROM cached_files"
                + " ORDER BY seq)"), "run again, the step keeps every stamp");
        assertEquals(5, number("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'row_stamp_%'"
                + " AND tbl_name IN ('cached_files', 'cached_file_users')"));
        assertEquals(SqlitePersistence.schemaVersion(), number("PRAGMA user_version"), "every later step too");
    }

    @Test
    void theServicesConnectionsKeepRecursiveTriggersOff() {
        SqliteCachedFiles sqlite = (SqliteCachedFiles) files;
        assertEquals(0L, (long) sqlite.read(s -> Native.number(s, "PRAGMA recursive_triggers", Map.of())));
    }

    /**
     * A write transaction that read its own change and then failed: the rolled-back change is never shown, neither
     * right after nor after another program's write to the same row.
     */
    @Test
    void aWriteRolledBackAfterReadingItsOwnChangeLeavesNothingBehind() throws Exception {
        String id = text("SELECT min(id) FROM cached_files WHERE status = 'active' AND id > 'f050'");
        CachedFile file = files.findById(new FileId(id)).orElseThrow();
        assertThrows(IllegalStateException.class, () -> db.bookkeeping().transactions().inTransaction(() -> {
            files.save(file.attribute(new UserId("eve"), "rolled back", CachedFileFixtures.T0));
            assertTrue(files.findById(file.id()).orElseThrow().isAttributedTo(new UserId("eve")));
            assertTrue(files.list(NEWEST).items().stream().anyMatch(f -> f.isAttributedTo(new UserId("eve"))));
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(file, files.findById(file.id()).orElseThrow());
        assertAsBefore(() -> files.list(NEWEST), "after the rollback");
        run("INSERT INTO cached_file_users VALUES ('" + id + "', 'eve', 'other', '2026-01-01T00:00:00.000000Z')");
        assertEquals("other", files.findById(file.id()).orElseThrow().attributions().stream()
                .filter(a -> a.user().value().equals("eve")).findFirst().orElseThrow().reason());
        assertAsBefore(() -> files.list(NEWEST), "after another program's write");
    }

    /** Lists, searches, one file, a user's statistics: the former way's answers, read twice (remembered the second). */
    @Test
    void answersAreTheFormerOnesFirstAndRemembered() {
        for (int limit : List.of(50, 500)) {
            for (FileSort.Field field : FileSort.Field.values()) {
                FileFilter filter = new FileFilter(FileCriteria.ANY, new FileSort(field, limit == 50), new Paging(limit,
                        7));
                assertAsBefore(() -> files.list(filter), filter.toString());
            }
            assertAsBefore(() -> files.search(new SearchQuery("ovie", SearchType.ALL, limit, false)), "search");
        }
        assertAsBefore(() -> files.findById(new FileId("f060")), "one file");
        for (UserId user : USERS) {
            assertAsBefore(() -> files.userStatistics(user, CachedFileFixtures.T0.minusSeconds(10), 30), user.value());
        }
    }

    /** The answer read the former way equals the one read by stamps, first and again (then remembered). */
    private static void assertAsBefore(Supplier<?> read, String what) {
        FileRows.lean = false;
        Object former = read.get();
        FileRows.lean = true;
        assertEquals(former, read.get(), what);
        Object again = read.get();
        assertEquals(former, again, what + ", again");
        if (again instanceof Page<?> page) {
            List<?> third = ((Page<?>) read.get()).items();
            for (int i = 0; i < third.size(); i++) assertSame(page.items().get(i), third.get(i), what + " remembered");
        }
    }

    /** Every table but the files' own, and the files' every column but the stamp, as text. */
    private Map<String, String> everything() throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (r.next()) tables.add(r.getString(1));
            }
            for (String table : tables) {
                String sql = table.equals("cached_files")
                        ? "SELECT " + FileRows.COLUMNS + ", f.filename, f.file_size_readable, f.created_at, f.seq"
                        + " FROM cached_files f ORDER BY seq" : "SELECT * FROM \"" + table + "\"";
                StringBuilder rows = new StringBuilder();
                try (ResultSet r = s.executeQuery(sql)) {
                    int width = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= width; i++) rows.append(r.getString(i)).append('|');
                        rows.append('\n');
                    }
                }
                all.put(table, rows.toString());
            }
        }
        assertTrue(all.keySet().containsAll(List.of("file_counters", "known_users", "selection_versions",
                "attribution_versions", "user_days", "user_day_best", "user_files", "files_search_content",
                "files_fts_data", "files_fts_live_data", "files_short_data")), all.keySet().toString());
        return all;
    }

    private long stamp(String id) throws Exception {
        return number("SELECT row_stamp FROM cached_files WHERE id = '" + id + "'");
    }

    private Connection connect() throws Exception {
        return other().connect();
    }

    private void run(String sql) throws Exception {
        other().run(sql);
    }

    private long number(String sql) throws Exception {
        return other().number(sql);
    }

    private String text(String sql) throws Exception {
        return other().text(sql);
    }

    private AnotherProgram other() {
        return new AnotherProgram(dir.resolve("books.db"));
    }
}
