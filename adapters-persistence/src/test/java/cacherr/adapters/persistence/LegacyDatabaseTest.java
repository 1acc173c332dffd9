package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import cacherr.domain.query.UserSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import java.util.stream.Stream;

/** Databases as the original Python Cacherr left them open, migrate forward and keep every row. */
class LegacyDatabaseTest {
    @TempDir
    Path dir;

    /** The original's DDL (REFERENCE-SCHEMA.md), its indexes, and rows in each of its timestamp forms. */
    static final String[] ORIGINAL = Stream.concat(Stream.of(OriginalDatabase.SCHEMA), Stream.of(
        "CREATE INDEX idx_cached_files_status ON cached_files(status)",
        "CREATE INDEX idx_cached_files_user ON cached_files(triggered_by_user)",
        "CREATE INDEX idx_cached_files_cached_at ON cached_files(cached_at)",
        "CREATE INDEX idx_log_timestamp ON cache_operations_log(timestamp)",
        "CREATE INDEX idx_log_user ON cache_operations_log(triggered_by_user)",
        // Mixed forms: as text, 'T21…' sorts after '10:00…+00:00' although the order below is by instant.
        "INSERT INTO cached_files VALUES ('uuid-1', '/mnt/user/movies/Heat.mkv', 'Heat.mkv', '/mnt/user/movies/Heat.mkv',"
            + " '/mnt/cache/movies/Heat.mkv', 'symlink', 29300000000, '27.3 GB', '2025-09-03T21:15:42.123456+00:00',"
            + " '2025-09-04T08:00:00.5+00:00', 3, 'alice', 'watchlist', 'active', '{\"rating_key\": \"1\"}',"
            + " '2025-09-03 21:15:42')",
        "INSERT INTO cached_files VALUES ('uuid-2', '/mnt/user/tv/Show/S01E01.mkv', 'S01E01.mkv',"
            + " '/mnt/user/tv/Show/S01E01.mkv', '/mnt/cache/tv/Show/S01E01.mkv', 'copy', 1200000000, '1.1 GB',"
            + " '2025-09-01T10:00:00+00:00', NULL, 0, NULL, 'ondeck', 'active', NULL, '2025-09-01 10:00:00')",
        "INSERT INTO cached_files VALUES ('uuid-3', '/mnt/user/movies/Alien.mkv', 'Alien.mkv',"
            + " '/mnt/user/movies/Alien.mkv', '/mnt/cache/movies/Alien.mkv', 'hardlink', 100, '100 B',"
            + " '2025-09-02T00:00:00.5+00:00', NULL, 0, 'bob', 'manual', 'removed', 'null', '2025-09-02 00:00:00')",
        "INSERT INTO cached_file_users VALUES ('uuid-1', 'alice', 'watchlist', '2025-09-03T21:15:42.123456+00:00')",
        "INSERT INTO cached_file_users VALUES ('uuid-1', 'bob', 'shared', '2025-09-05 12:00:00')",
        "INSERT INTO cached_file_users VALUES ('uuid-2', 'carol', 'ondeck', '2025-09-01T10:00:00+00:00')",
        "INSERT INTO cached_file_users VALUES ('uuid-3', 'bob', 'manual', '2025-09-02T00:00:00.5+00:00')",
        "INSERT INTO cached_file_users VALUES ('uuid-gone', 'dave', 'watchlist', '2025-08-01T00:00:00+00:00')",
        "INSERT INTO cache_operations_log VALUES ('log-1', 'cache_add', '/mnt/user/movies/Heat.mkv', 'watchlist',"
            + " 'alice', 'on watchlist', 1, NULL, NULL, '2025-09-03T21:15:42.123456+00:00')",
        "INSERT INTO cache_operations_log VALUES ('log-2', 'cache_remove', '/mnt/user/movies/Alien.mkv', 'api',"
            + " NULL, 'manual', 0, 'disk full', NULL, '2025-09-03 09:00:00')",
        "INSERT INTO cache_operations_log VALUES ('log-3', 'cache_add', '/mnt/user/tv/Show/S01E01.mkv', 'ondeck',"
            + " 'carol', 'on deck', 1, NULL, '{\"a\": 1}', '2025-09-01T10:00:00.5+00:00')",
        // operation types this Cacherr has no action for: mapped to the closest one, the name kept in metadata
        "INSERT INTO cache_operations_log VALUES ('log-4', 'move_to_array', '/mnt/user/movies/Alien.mkv', 'cleanup',"
            + " NULL, 'space', 1, NULL, '{\"b\": 2}', '2025-08-31T00:00:00+00:00')",
        "INSERT INTO cache_operations_log VALUES ('log-5', 'Restore', '/mnt/user/movies/Alien.mkv', 'api',"
            + " NULL, 'back', 1, NULL, NULL, '2025-08-30T00:00:00+00:00')",
        "INSERT INTO cache_operations_log VALUES ('log-6', 'frobnicate', '/mnt/user/movies/Alien.mkv', 'api',"
            + " NULL, 'why', 1, NULL, 'not json', '2025-08-29T00:00:00+00:00')"
    )).toArray(String[]::new);

    private Path legacyDatabase(int userVersion) throws Exception {
        Path file = dir.resolve("cached_files.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : ORIGINAL) s.execute(sql);
            s.execute("PRAGMA user_version = " + userVersion);
        }
        return file;
    }

    /** It was checked before its migration: no second quick_check holding writes after the adoption (issue 15). */
    @Test
    void anAdoptedDatabaseIsNotCheckedAgainAfterStartUpHowLargeItIs() throws Exception {
        Path file = legacyDatabase(0);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file), 0)) {
            assertFalse(db.checkPending());
            assertTrue(db.bookkeeping().health().pending().isEmpty());
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file), 0)) {
            assertTrue(db.checkPending(), "a current file over the bound is still checked after start-up");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void anOriginalDatabaseOpensWithEveryRowKeptAndOrderedByTime(int userVersion) throws Exception {
        Path file = legacyDatabase(userVersion);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            CachedFile heat = books.files().findById(new FileId("uuid-1")).orElseThrow();
            assertEquals(Instant.parse("2025-09-03T21:15:42.123456Z"), heat.cachedAt());
            assertEquals(Instant.parse("2025-09-04T08:00:00.500Z"), heat.lastAccessed());
            assertEquals(CacheMethod.ATOMIC_SYMLINK, heat.cacheMethod());
            assertEquals(List.of(new UserId("alice"), new UserId("bob")), heat.users());
            assertEquals(Instant.parse("2025-09-05T12:00:00Z"), heat.attributions().get(1).attributedAt());
            assertEquals("{\"rating_key\": \"1\"}", heat.metadata().json());
            assertEquals(CacheMethod.ATOMIC_COPY, books.files().findById(new FileId("uuid-2")).orElseThrow().cacheMethod());
            CachedFile alien = books.files().findById(new FileId("uuid-3")).orElseThrow();
            assertEquals(FileStatus.REMOVED, alien.status());
            assertEquals(CacheMethod.ATOMIC_HARDLINK, alien.cacheMethod());

            List<String> newestFirst = books.files().list(FileFilter.of(FileCriteria.ANY, Paging.FIRST)).items()
                    .stream().map(f -> f.id().value()).toList();
            assertEquals(List.of("uuid-1", "uuid-3", "uuid-2"), newestFirst, "by instant, not by text");

            List<AuditEntry> log = books.journal().list(LogFilter.LATEST).items();
            assertEquals(List.of("log-1", "log-2", "log-3", "log-4", "log-5", "log-6"),
                    log.stream().map(AuditEntry::id).toList());
            assertEquals(AuditAction.CACHE_REMOVE, log.get(1).action());
            assertEquals("disk full", log.get(1).errorMessage());
            assertEquals("{\"a\": 1}", log.get(2).metadata().json(), "known names keep their metadata as it was");
            assertEquals(AuditAction.CACHE_REMOVE, log.get(3).action());
            assertEquals("{\"b\":2,\"legacy_operation_type\":\"move_to_array\"}", log.get(3).metadata().json());
            assertEquals(AuditAction.CACHE_RECOVER, log.get(4).action());
            assertEquals("{\"legacy_operation_type\":\"Restore\"}", log.get(4).metadata().json());
            assertEquals(AuditAction.CACHE_VERIFY, log.get(5).action());
            assertEquals("{\"legacy_metadata\":\"not json\",\"legacy_operation_type\":\"frobnicate\"}",
                    log.get(5).metadata().json(), "metadata that is no JSON object is kept whole");
            for (int offset = 0; offset < 6; offset++) {
                assertEquals(1, books.journal().list(new LogFilter(null, null, null, null, null, null,
                        new Paging(1, offset))).items().size(), "every page of the log reads");
            }

            assertEquals(List.of(new UserSummary(new UserId("alice"), 1, 1, 29_300_000_000L,
                            Instant.parse("2025-09-03T21:15:42.123456Z")),
                    new UserSummary(new UserId("bob"), 1, 1, 29_300_000_000L, Instant.parse("2025-09-05T12:00:00Z")),
                    new UserSummary(new UserId("carol"), 1, 1, 1_200_000_000L, Instant.parse("2025-09-01T10:00:00Z"))),
                    books.files().users(), "bob's removed file is not counted");

            assertEquals(2, books.files().statistics().totalFiles());
            assertEquals(3, books.files().statistics().usersCount(), "alice, bob, carol; dave's file is gone");
            assertEquals(List.of("uuid-2"), books.files().search(new SearchQuery("show", SearchType.ALL, 10, false))
                    .files().stream().map(f -> f.id().value()).toList());
            assertEquals(1, books.files().search(new SearchQuery("bob", SearchType.USER, 10, false)).totalFound());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            ResultSet dangling = s.executeQuery("SELECT cached_file_id, user_id FROM detached_file_users");
            assertTrue(dangling.next(), "the user row of a vanished file is kept aside");
            assertEquals("uuid-gone", dangling.getString(1));
            assertEquals("dave", dangling.getString(2));
            assertEquals(SqlitePersistence.schemaVersion(), s.executeQuery("PRAGMA user_version").getInt(1));
        }
        assertEquals(1, Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".bak")).count(),
                "a backup of the original is taken before it is rebuilt");
    }

    /** The original often wrote no user row for the user who triggered a file; adopted, that user is one of its users. */
    @Test
    void anAdoptedFilesTriggeringUserCountsAsOneOfItsUsers() throws Exception {
        Path file = legacyDatabase(2);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO cached_files VALUES ('uuid-9', '/mnt/user/movies/Up.mkv', 'Up.mkv',"
                    + " '/mnt/user/movies/Up.mkv', '/mnt/cache/movies/Up.mkv', 'copy', 500, '500 B',"
                    + " '2025-09-06T10:00:00+00:00', NULL, 0, 'erin', 'ondeck', 'active', NULL, '2025-09-06 10:00:00')");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            CachedFile up = books.files().findById(new FileId("uuid-9")).orElseThrow();
            assertEquals(List.of(new UserId("erin")), up.users());
            assertEquals(Instant.parse("2025-09-06T10:00:00Z"), up.attributions().get(0).attributedAt());
            assertEquals("ondeck", up.attributions().get(0).reason());
            FileCriteria erins = new FileCriteria(null, new UserId("erin"), null, null, null, null, null, null);
            assertEquals(List.of("uuid-9"), books.files().list(FileFilter.of(erins, Paging.FIRST)).items().stream()
                    .map(f -> f.id().value()).toList(), "the list's user filter");
            assertEquals(new UserSummary(new UserId("erin"), 1, 1, 500, Instant.parse("2025-09-06T10:00:00Z")),
                    books.files().users().stream().filter(u -> u.user().value().equals("erin")).findFirst()
                            .orElseThrow(), "the users view");
            assertEquals(1, books.files().userStatistics(new UserId("erin"), Instant.parse("2025-01-01T00:00:00Z"), 3650)
                    .totalFiles(), "user statistics");
            assertEquals(List.of(new UserId("alice"), new UserId("bob")),
                    books.files().findById(new FileId("uuid-1")).orElseThrow().users(), "no row doubled");
        }
    }

    /** In this program's own database a missing triggering user was detached by someone: it stays detached. */
    @Test
    void aDetachedTriggeringUserOfThisProgramsOwnDatabaseStaysDetached() throws Exception {
        Path file = dir.resolve("own.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO cached_files (id, file_path, filename, original_path, cached_path, cache_method,"
                    + " file_size_bytes, file_size_readable, cached_at, triggered_by_user, triggered_by_operation,"
                    + " status, status_changed_at, created_at) VALUES ('f1', '/a/Up.mkv', 'Up.mkv', '/a/Up.mkv',"
                    + " '/c/Up.mkv', 'atomic_copy', 5, '5 B', '2026-01-01T00:00:00.000000Z', 'erin', 'ondeck', 'active',"
                    + " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')");
            s.execute("PRAGMA user_version = 8");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(List.of(), db.bookkeeping().files().findById(new FileId("f1")).orElseThrow().users());
        }
    }

    /** Retention counts adopted history from its adoption: the first start keeps every entry it brought along. */
    @Test
    void theAuditLogBroughtAlongIsNotPrunedUntilTheRetentionHasPassedSinceTheAdoption() throws Exception {
        Path file = legacyDatabase(0);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            var journal = db.bookkeeping().journal();
            var tx = db.bookkeeping().transactions();
            assertEquals(0, (int) tx.inTransaction(() -> journal.pruneBefore(Instant.now().minus(java.time.Duration.ofDays(90)))));
            assertEquals(6, journal.list(LogFilter.LATEST).items().size());
            assertEquals(6, (int) tx.inTransaction(() -> journal.pruneBefore(Instant.now().plus(java.time.Duration.ofDays(1)))),
                    "once the retention has passed since the adoption, the adopted entries age out like any");
        }
    }

    @Test
    void reopeningAMigratedDatabaseChangesNothing() throws Exception {
        Path file = legacyDatabase(0);
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(3, db.bookkeeping().files().list(FileFilter.FIRST_PAGE).total());
        }
    }

    @Test
    void theV5StepRunAgainOnAMigratedDatabaseChangesNothing() throws Exception {
        Path file = legacyDatabase(0);
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        List<UserSummary> users;
        List<AuditEntry> log;
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            users = db.bookkeeping().files().users();
            log = db.bookkeeping().journal().list(LogFilter.LATEST).items();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 4");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(users, db.bookkeeping().files().users());
            assertEquals(log, db.bookkeeping().journal().list(LogFilter.LATEST).items());
            assertEquals(1, db.bookkeeping().files().search(new SearchQuery("Heat", SearchType.ALL, 10, false))
                    .totalFound(), "the live-path index was refilled, not doubled");
        }
    }

    /**
     * Version 4 no longer builds the narrow index of the triggering user that version 5 dropped at once for its wider
     * form (issue 15: work of the adoption done for nothing); a file written at version 4 by an older Cacherr still
     * has the narrow one, and ends with the same schema as a new file and an adopted one.
     */
    @Test
    void aVersion4FileWithTheNarrowTriggeringUserIndexEndsWithTheSameSchemaAsANewAndAnAdoptedOne() throws Exception {
        Path adopted = legacyDatabase(0);
        SchemaMigrator.migrate(adopted);
        Path created = dir.resolve("new.db");
        SchemaMigrator.migrate(created);
        Path older = dir.resolve("older.db");
        Files.copy(adopted, older);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older); Statement s = c.createStatement()) {
            s.execute("DROP INDEX idx_files_triggered_by_user");
            s.execute("CREATE INDEX idx_files_triggered_by_user ON cached_files (triggered_by_user)");
            s.execute("PRAGMA user_version = 4");
        }
        SchemaMigrator.migrate(older);
        List<String> schema = schema(created);
        assertTrue(schema.stream().anyMatch(sql -> sql.contains(
                "idx_files_triggered_by_user ON cached_files (triggered_by_user, status, id)")), String.join("\n", schema));
        assertEquals(schema, schema(adopted));
        assertEquals(schema, schema(older));
    }

    private static List<String> schema(Path file) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
            while (r.next()) rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
        }
        return rows;
    }

    @Test
    void theV6StepRunAgainFillsTheSearchDocumentsOnceMore() throws Exception {
        Path file = legacyDatabase(0);
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 5");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(2, db.bookkeeping().files().search(new SearchQuery("bob", SearchType.USER, 10, true))
                    .totalFound(), "bob's two files");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals(SqlitePersistence.schemaVersion(), s.executeQuery("PRAGMA user_version").getInt(1));
            assertEquals(s.executeQuery("SELECT count(*) FROM cached_files").getLong(1),
                    s.executeQuery("SELECT count(*) FROM files_search").getLong(1), "one document per file, not two");
            assertEquals(1, s.executeQuery("SELECT count(*) FROM files_search WHERE rowid < 0").getLong(1),
                    "the removed file's document has rowid -seq");
            assertEquals(2, s.executeQuery("SELECT count(*) FROM files_search WHERE files_search MATCH"
                    + " 'users : \"bob\"'").getLong(1), "uuid-1 (attributed) and uuid-3 (attributed, triggered)");
        }
    }

    @Test
    void aLegacyDatabaseIsSearchableByOneOrTwoCharactersAndTheV7StepRunAgainIndexesOnce() throws Exception {
        Path file = legacyDatabase(0);
        for (int round = 0; round < 2; round++) {
            try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
                var files = db.bookkeeping().files();
                // Heat and Show hold an h (either case); "ie" is in every movies path: Heat's, and the removed Alien's
                assertEquals(List.of("uuid-1", "uuid-2"), ids(files.search(new SearchQuery("H", SearchType.PATH, 10,
                        true))), "round " + round);
                assertEquals(List.of("uuid-1", "uuid-3"), ids(files.search(new SearchQuery("ie", SearchType.PATH, 10,
                        true))), "round " + round);
                assertEquals(List.of("uuid-1"), ids(files.search(new SearchQuery("IE", SearchType.PATH, 10, false))),
                        "round " + round);
                assertEquals(0, files.search(new SearchQuery("qz", SearchType.PATH, 10, true)).totalFound());
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                assertEquals(SqlitePersistence.schemaVersion(), s.executeQuery("PRAGMA user_version").getInt(1));
                s.execute("PRAGMA user_version = 6"); // the next round runs the v7 step once more
            }
        }
    }

    private static List<String> ids(SearchResult result) {
        assertEquals(result.files().size(), result.totalFound());
        return result.files().stream().map(f -> f.id().value()).sorted().toList();
    }

    @Test
    void aDatabaseFromANewerCacherrIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE future (x)");
            s.execute("PRAGMA user_version = " + (SqlitePersistence.schemaVersion() + 1));
        }
        byte[] before = Files.readAllBytes(file);

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> SqlitePersistence.open(PersistenceSettings.of(file)));

        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aCorruptFileIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("corrupt.db");
        byte[] garbage = new byte[8192];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        DatabaseRefusedException refused = assertThrows(DatabaseRefusedException.class,
                () -> SqlitePersistence.open(PersistenceSettings.of(file)));

        assertTrue(refused.getMessage().contains("untouched"), refused.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("corrupt.db-wal")));
    }

    @Test
    void aMissingDatabaseAndItsDirectoryAreCreated() {
        Path file = dir.resolve("config/data/cached_files.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(0, db.bookkeeping().files().statistics().totalFiles());
        }
        assertTrue(Files.exists(file));
    }
}
