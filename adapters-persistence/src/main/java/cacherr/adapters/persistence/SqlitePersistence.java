package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.AuditEntryEntity;
import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.IntentEntity;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import cacherr.application.port.out.BatchOperations;
import cacherr.application.port.out.Bookkeeping;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.ValidationMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The SQLite storage of Cacherr's books: opens (and migrates) the database, and hands out the {@link Bookkeeping}
 * ports, which share one session factory and one connection pool. Close it on shutdown.
 *
 * <pre>{@code
 * try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(Path.of("./data/cached_files.db")))) {
 *     Cacherr app = new Cacherr(db.bookkeeping(), storage, clock, ids, settings);
 * }
 * }</pre>
 */
public final class SqlitePersistence implements AutoCloseable {
    /**
     * A current database up to this size (with its write-ahead log) is checked ({@code PRAGMA quick_check}) before
     * anything opens it; a larger one right after start-up, with writes held (see {@link #completeStartup}).
     * quick_check reads the whole file: measured ~60 MB/s on 2 busy shared cores (10 s for 100,000 files and
     * 1,000,000 log rows, 612 MB), so 32 MB keeps it near half a second of the start-up budget.
     */
    public static final long FOREGROUND_CHECK_BYTES = 32L << 20;
    /** The pages one merge step of {@link #optimize()} writes at most (4 kB each): a few milliseconds' work. */
    static final int MERGE_PAGES = 64;
    /** Entries of each index {@link #analyze()} reads at most (SQLite's {@code analysis_limit}). */
    static final int ANALYSIS_ROWS = 1000;
    private static final List<String> FULL_TEXT_INDEXES = List.of("files_fts", "files_fts_live", "files_search",
            "files_short");

    private final HikariDataSource pool;
    /** Hibernate's session factory as it is built (see {@link #opening}). */
    private final CompletableFuture<SessionFactory> booting;
    private final Bookkeeping bookkeeping;
    private final UnitOfWork unit;
    private final Path file;
    private final DatabaseWatch watch;
    private final SqliteBatchOperations batchOperations;

    private SqlitePersistence(Path file, HikariDataSource pool, CompletableFuture<SessionFactory> booting,
                              DatabaseWatch watch, Duration busyTimeout, LongSupplier clock) {
        this.file = file;
        this.watch = watch;
        this.pool = pool;
        this.booting = booting;
        this.unit = new UnitOfWork(this::sessions, watch, busyTimeout, clock);
        this.bookkeeping = new Bookkeeping(new SqliteCachedFiles(unit), new SqliteOperationJournal(unit),
                new SqliteTransactions(unit), watch);
        this.batchOperations = new SqliteBatchOperations(unit);
    }

    /**
     * Opens the database, creating it (and its directory) when missing and migrating an older one first.
     *
     * @throws DatabaseRefusedException when the file cannot be used as it is; it is then left untouched
     */
    public static SqlitePersistence open(PersistenceSettings settings) {
        return open(settings, FOREGROUND_CHECK_BYTES);
    }

    /**
     * As {@link #open(PersistenceSettings)}, telling {@code migration} how far a migration has come (on this thread;
     * see {@link SchemaMigrator#migrate(Path, boolean, Consumer)}).
     */
    public static SqlitePersistence open(PersistenceSettings settings, Consumer<MigrationProgress> migration) {
        return open(settings, FOREGROUND_CHECK_BYTES, migration);
    }

    /**
     * As {@link #open(PersistenceSettings, Consumer)}, but Hibernate's session factory is built on a thread of its own
     * once the database is migrated and pooled, while the caller goes on: the service builds its web server meanwhile
     * (on two cores, the two took turns on one: some 0.4 s of a 2 s start). The first use of the books, or
     * {@link #ready()}, waits for it, and throws what failed in it.
     */
    public static SqlitePersistence opening(PersistenceSettings settings, Consumer<MigrationProgress> migration) {
        return begin(settings, FOREGROUND_CHECK_BYTES, migration, System::nanoTime);
    }

    /** Run on the building thread before Hibernate is built: a hook for tests, which hold it there or fail it. */
    static volatile Runnable beforeBuild = () -> { };

    /**
     * Waits until Hibernate's session factory is built ({@link #opening}); at once after {@link #open}.
     *
     * @throws RuntimeException what failed in building it (the store is unusable; close it)
     */
    public void ready() {
        sessions();
    }

    /** The session factory, waiting for its build; its failure thrown as it was. */
    private SessionFactory sessions() {
        try {
            return booting.join(); // once built, a read of the completed future
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    /**
     * Loads SQLite's native library on a thread of its own, so that the first connection does not load it: the
     * driver copies it out of its jar into the temporary directory and loads it (~0.2 s of CPU at each start on a
     * 2 GHz core), while the service reads its configuration, checks its roots and takes its lock. A failure is left
     * to the first connection, which loads it again and says what is wrong.
     */
    public static void preload() {
        Thread loading = new Thread(() -> {
            try {
                SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError failure) {
                // the first connection tries again and reports it
            }
        }, "cacherr-sqlite-load");
        loading.setDaemon(true);
        loading.start();
    }

    /** Whether opening the database will migrate it first (its schema is older than this program's). */
    public static boolean needsMigration(PersistenceSettings settings) {
        return SchemaMigrator.needsMigration(settings.databaseFile().toAbsolutePath());
    }

    /** With the size up to which a current file is checked before opening (larger: by {@link #completeStartup}). */
    static SqlitePersistence open(PersistenceSettings settings, long foregroundCheckBytes) {
        return open(settings, foregroundCheckBytes, progress -> { });
    }

    /** With the clock writers' deadlines are read from ({@link System#nanoTime} otherwise): a hook for tests. */
    static SqlitePersistence open(PersistenceSettings settings, LongSupplier clock) {
        return open(settings, FOREGROUND_CHECK_BYTES, progress -> { }, clock);
    }

    private static SqlitePersistence open(PersistenceSettings settings, long foregroundCheckBytes,
                                          Consumer<MigrationProgress> migration) {
        return open(settings, foregroundCheckBytes, migration, System::nanoTime);
    }

    private static SqlitePersistence open(PersistenceSettings settings, long foregroundCheckBytes,
                                          Consumer<MigrationProgress> migration, LongSupplier clock) {
        SqlitePersistence persistence = begin(settings, foregroundCheckBytes, migration, clock);
        try {
            persistence.ready();
        } catch (RuntimeException | Error failure) {
            persistence.close();
            throw failure;
        }
        return persistence;
    }

    /** Migrates, pools, and starts building the session factory on a thread of its own (not waited for). */
    private static SqlitePersistence begin(PersistenceSettings settings, long foregroundCheckBytes,
                                           Consumer<MigrationProgress> migration, LongSupplier clock) {
        Path file = settings.databaseFile().toAbsolutePath();
        createDirectoryOf(file);
        long bytes = sizeOf(file) + sizeOf(Path.of(file + "-wal"));
        boolean checkNow = bytes <= foregroundCheckBytes;
        // a file that needed migrating was checked before it (always): checking it again after start-up held writes
        // for another quick_check (10 s at 600 MB) right after the adoption of an original database
        boolean checked = SchemaMigrator.migrate(file, checkNow, migration) < SchemaMigrator.LATEST || checkNow;
        DatabaseWatch watch = new DatabaseWatch(file); // the file's identity now, before SQLite opens it for good
        if (!checked) {
            watch.holdWrites("the database " + file + " (" + (bytes >> 20) + " MB) is being checked after start-up"
                    + " (PRAGMA quick_check)");
        }
        HikariDataSource pool = ConnectionPool.open(new PersistenceSettings(file, settings.poolSize(),
                settings.busyTimeout()));
        CompletableFuture<SessionFactory> booting = new CompletableFuture<>();
        Thread boot = new Thread(() -> {
            try {
                beforeBuild.run();
                booting.complete(sessionFactory(pool));
            } catch (Throwable failure) { // handed to whoever waits for it: ready(), the first use, close()
                booting.completeExceptionally(failure);
            }
        }, "cacherr-persistence-start");
        boot.setDaemon(true);
        try {
            boot.start();
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
        return new SqlitePersistence(file, pool, booting, watch, settings.busyTimeout(), clock);
    }

    /** The unit of work, for tests that look at the pooled connections' settings. */
    UnitOfWork unit() {
        return unit;
    }

    /** Whether the start-up check is still to run ({@link #completeStartup}); until it has passed, writes wait. */
    public boolean checkPending() {
        return watch.pending().isPresent();
    }

    /**
     * Finishes start-up: when the file was too large to check before opening, checks it now (writes are held
     * meanwhile); then runs {@code recovery} with writes allowed from this thread alone; then opens writes to all.
     * When the check finds damage, the store turns unhealthy with the words, writes stay refused and {@code recovery}
     * does not run. Returns whether the store is open for writes. Call once, on a background thread when
     * {@link #checkPending()}, else before serving.
     */
    public boolean completeStartup(Runnable recovery) {
        if (checkPending()) {
            String check = SchemaMigrator.quickCheck(file);
            if (!check.equals("ok")) {
                watch.fail("the database " + file + " is damaged (PRAGMA quick_check after start-up: " + check + ");"
                        + " Cacherr refuses every write to it. Stop Cacherr, keep a copy of the file, and restore a"
                        + " backup.");
                return false;
            }
        }
        watch.allowWritesFromThisThread();
        try {
            recovery.run();
        } catch (RuntimeException failure) {
            watch.fail("start-up recovery failed (" + failure.getMessage() + "); Cacherr refuses writes until it is"
                    + " restarted. The details are in the log.");
            throw failure;
        } finally {
            if (watch.problem().isEmpty()) watch.openWrites();
        }
        return true;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void createDirectoryOf(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the database " + file, e);
        }
    }

    private static SessionFactory sessionFactory(HikariDataSource pool) {
        return new HibernatePersistenceConfiguration("cacherr")
                .managedClasses(CachedFileEntity.class, FileUserEntity.class, AuditEntryEntity.class,
                        IntentEntity.class)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .property("hibernate.dialect", SQLiteDialect.class.getName())
                .property("hibernate.hbm2ddl.auto", "none") // the schema is SchemaMigrator's alone
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("hibernate.order_inserts", "false")
                .validationMode(ValidationMode.NONE) // no Bean Validation in the storage layer
                .createEntityManagerFactory()
                .unwrap(SessionFactory.class);
    }

    /** The ports backed by this database. */
    public Bookkeeping bookkeeping() {
        return bookkeeping;
    }

    /** The history of batch operations, in this database. */
    public BatchOperations batchOperations() {
        return batchOperations;
    }

    /**
     * Housekeeping, meant for once a day: merges the segments of the full-text indexes (every change to a file
     * appends to them, and a search over many small segments gets slower — measured twice as slow after one rewrite
     * of every document) and lets SQLite refresh its query-planner statistics. Changes no data.
     *
     * <p>In small steps, each its own write transaction of at most {@link #MERGE_PAGES} pages written (FTS5's
     * incremental {@code 'merge'}), so a write waits behind one step at most: a full {@code 'optimize'} of the four
     * indexes in one transaction rewrote all of them (~75 MB at 100,000 files) while every writer waited. The
     * statistics are one more short step ({@link #analyze()}). An interrupt (the service stopping) ends it between steps; what was merged stays merged.
     *
     * @return the number of write transactions it took
     */
    public int optimize() {
        return optimize(MERGE_PAGES, step -> { });
    }

    /** As {@link #optimize()}, with the pages of one merge step and a look at each step (tests). */
    int optimize(int mergePages, Consumer<String> afterStep) {
        int steps = 0;
        for (String index : FULL_TEXT_INDEXES) {
            boolean worked = true;
            // bounded, should FTS5 ever keep reporting work: 100,000 steps would be some 25 GB of index
            for (int step = 0; worked && step < 100_000 && !Thread.currentThread().isInterrupted(); step++) {
                worked = unit.write(session -> session.doReturningWork(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        long before = totalChanges(statement);
                        statement.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('merge', "
                                + -mergePages + ")");
                        // FTS5's own sign of work done: at least two more changes (its structure record rewritten)
                        return totalChanges(statement) - before >= 2;
                    }
                }));
                steps++;
                afterStep.accept(index);
            }
        }
        return steps + analyze(afterStep); // stops at once when interrupted
    }

    /**
     * Writes SQLite's query-planner statistics of every index ({@code sqlite_stat1}), from at most
     * {@link #ANALYSIS_ROWS} entries of each, one index per write transaction: on a cold 3.5 GB database (400,000
     * files, 4,000,000 log rows) one {@code ANALYZE} of everything took 2 s, mostly reading pages from disk, and a
     * writer would have waited for all of it. Every index, every time: {@code PRAGMA optimize} analysed only the
     * tables its own pooled connection had happened to use, so which plans the service chose depended on that
     * connection's history; and an adopted database had no statistics at all until then. An interrupt ends it
     * between two indexes.
     *
     * @return the number of write transactions it took
     */
    public int analyze() {
        return analyze(index -> { });
    }

    private int analyze(Consumer<String> afterStep) {
        List<String> indexes = unit.read(session -> Jdbc.list(session, "SELECT name FROM sqlite_master"
                + " WHERE type = 'index' ORDER BY name", Map.of(), row -> row.getString(1)));
        int steps = 0;
        for (String index : indexes) {
            if (Thread.currentThread().isInterrupted()) break;
            unit.write(session -> {
                session.doWork(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("PRAGMA analysis_limit = " + ANALYSIS_ROWS);
                        try {
                            statement.execute("ANALYZE \"" + index.replace("\"", "\"\"") + "\"");
                        } finally {
                            statement.execute("PRAGMA analysis_limit = 0"); // the pooled connection as it was
                        }
                    }
                });
                return null;
            });
            steps++;
            afterStep.accept("ANALYZE " + index);
        }
        return steps;
    }

    /**
     * Whether the books are large enough for plans to matter and have no planner statistics yet (a database
     * adopted from the original, or one written by an earlier version): the service analyses it right after
     * start-up instead of at its first daily housekeeping.
     */
    public boolean lacksStatistics() {
        return unit.read(session -> session.doReturningWork(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM sqlite_master"
                         + " WHERE name = 'sqlite_stat1') = 0 AND (SELECT count(*) FROM (SELECT 1 FROM cached_files"
                         + " LIMIT " + ANALYSIS_ROWS + ")) >= " + ANALYSIS_ROWS)) {
                row.next();
                return row.getBoolean(1);
            }
        }));
    }

    private static long totalChanges(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT total_changes()")) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Publishes the connection pool to {@code registry}: HikariCP's own meters (connections active, idle, pending and
     * their limits; acquire, usage and creation times; timeouts), tagged {@code pool="cacherr-sqlite"}. Once only.
     */
    public void publishPoolMetrics(MeterRegistry registry) {
        pool.setMetricRegistry(Objects.requireNonNull(registry, "registry"));
    }

    /** The session factory, for tests of its set-up. */
    SessionFactory sessionFactory() {
        return sessions();
    }

    /** The schema version this program writes. */
    public static int schemaVersion() {
        return SchemaMigrator.LATEST;
    }

    /** Closes the session factory (waiting for its build, when it is still being built) and the pool. */
    @Override
    public void close() {
        try {
            SessionFactory built = null;
            try {
                built = booting.join();
            } catch (CompletionException | CancellationException failedToBuild) {
                // nothing was built: nothing to close but the pool
            }
            if (built != null) built.close();
        } finally {
            pool.close();
        }
    }
}
