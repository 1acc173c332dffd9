package cacherr.bootstrap;

import cacherr.adapters.filesystem.FileMoverList;
import cacherr.adapters.filesystem.FileSystemStorageSettings;
import cacherr.adapters.filesystem.NioCacheStorage;
import cacherr.adapters.persistence.MigrationProgress;
import cacherr.adapters.persistence.PersistenceSettings;
import cacherr.adapters.persistence.SqlitePersistence;
import cacherr.adapters.web.CacherrWebServer;
import cacherr.adapters.web.UpgradeServer;
import cacherr.adapters.web.WebMetrics;
import cacherr.adapters.web.WebSettings;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.MoverListKeeper;
import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.MoverListInspection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the adapters built from the configuration, wired to the application, serving HTTP. */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final InstanceLock lock;
    private final SqlitePersistence persistence;
    private final CacherrWebServer web;
    private final ScheduledExecutorService housekeeping;
    private final MoverListKeeper moverList;
    private final ExecutorService batchSteps;

    private Service(InstanceLock lock, SqlitePersistence persistence, CacherrWebServer web,
                    ScheduledExecutorService housekeeping, MoverListKeeper moverList, ExecutorService batchSteps) {
        this.lock = lock;
        this.persistence = persistence;
        this.web = web;
        this.housekeeping = housekeeping;
        this.moverList = moverList;
        this.batchSteps = batchSteps;
    }

    /** Opens (and migrates) the database, recovers from an earlier crash, and starts serving. */
    public static Service start(Configuration config) {
        return start(config, progress -> { });
    }

    /** As {@link #start(Configuration)}, telling {@code migration} too how a migration goes (a test seam). */
    static Service start(Configuration config, Consumer<MigrationProgress> migration) {
        long started = System.nanoTime();
        SqlitePersistence.preload(); // SQLite's library loads meanwhile, ready for the first connection
        String version = version();
        LOG.info("Starting Cacherr {} with {}", version, config);
        if (config.exampleRoots()) {
            Path sample = ExampleRoots.prepare(config.arrayRoots().get(0), config.cacheRoot());
            LOG.warn("No roots configured (CACHERR_ARRAY_ROOTS, CACHERR_CACHE_ROOT): using the example roots under {}."
                    + " Try caching its sample: {}", config.cacheRoot().getParent(), sample);
        }
        // the roots are checked before the database is opened: a typo in a root must not first cost the user a
        // migration (a minute for an original database of 100,000 files)
        NioCacheStorage storage = new NioCacheStorage(new FileSystemStorageSettings(config.arrayRoots(),
                config.cacheRoot(), config.minFreeBytes(), config.cacheLimitBytes(), config.uid(), config.gid(),
                false, false));
        // Before any migration, sweep or recovery: a second service on these books would undo the first one's work.
        InstanceLock lock = InstanceLock.acquire(config.dbPath(), config.cacheRoot());
        PersistenceSettings database = PersistenceSettings.of(config.dbPath());
        // A migration (an original Cacherr's database: a minute or more at 100,000 files) runs behind a stand-in server
        // on the port: /health says "migrating", the API 503, the page follows the progress; a port already taken
        // fails here, before the migration. It closes right before the real server binds the same port.
        UpgradeServer upgrade = null;
        AtomicReference<UpgradeServer.UpgradeStatus> upgradeStatus =
                new AtomicReference<>(UpgradeServer.UpgradeStatus.STARTING);
        SqlitePersistence persistence;
        try {
            if (SqlitePersistence.needsMigration(database)) {
                upgrade = new UpgradeServer(webSettings(config, config.port(), version), upgradeStatus::get).start();
            }
            // Hibernate is built on a thread of its own meanwhile: the web server below is built beside it
            persistence = SqlitePersistence.opening(database, progress -> {
                upgradeStatus.set(new UpgradeServer.UpgradeStatus(progress.percent(), progress.describe()));
                migration.accept(progress);
            });
            upgradeStatus.set(new UpgradeServer.UpgradeStatus(100, "upgraded; Cacherr is starting"));
        } catch (RuntimeException failure) {
            if (upgrade != null) upgrade.close();
            lock.close();
            throw failure;
        }
        int port = upgrade != null ? upgrade.port() : config.port();
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cacherr-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService batchSteps = BatchThreads.start();
        try {
            WebMetrics metrics = config.metrics() ? WebMetrics.prometheus(config.metricsNeedToken()) : WebMetrics.off();
            if (metrics.enabled()) persistence.publishPoolMetrics(metrics.registry());
            MoverListKeeper moverList = moverList(config, persistence.bookkeeping(), housekeeping);
            Bookkeeping books = moverList == null ? persistence.bookkeeping() : moverList.bookkeeping();
            Cacherr.Options options = Cacherr.Options.defaults()
                    .withBatches(persistence.batchOperations(), batchSteps::execute, BatchThreads.PER_BATCH)
                    .withInstrumentation(metrics.instrumentation());
            Cacherr app = new Cacherr(books, storage, Clock.system(), IdGenerator.randomUuids(),
                    new CacheSettings(config.defaultMethod()),
                    moverList == null ? options : options.withMoverList(moverList));
            Runnable recovery = () -> {
                report(app.recoverInterruptedOperations().recover());
                BatchThreads.report(app.recoverInterruptedBatches().recoverBatches()); // after the files: books true
            };
            // built while Hibernate is (nothing in it reads the books before it serves)
            CacherrWebServer web = new CacherrWebServer(app, webSettings(config, port, version), storage::space, metrics);
            try {
                persistence.ready(); // a failure to build Hibernate stops the start here
            } catch (RuntimeException | Error failure) {
                web.close(); // built, never started
                throw failure;
            }
            if (persistence.checkPending()) {
                // Too large to check within the start-up budget: checked first thing on the housekeeping thread
                // (before the tasks below), recovery after it; writes answer 503 with the reason until then.
                LOG.info("Checking the database in the background; writes wait until it has passed");
                housekeeping.execute(() -> completeStartup(persistence, recovery));
            } else {
                persistence.completeStartup(recovery);
            }
            if (moverList != null) {
                report(moverList.status());
                // Retries a removal whose write failed even when nothing else changes; cheap when nothing is due.
                housekeeping.scheduleWithFixedDelay(moverList::flush, 1, 1, TimeUnit.MINUTES);
            }
            housekeeping.scheduleAtFixedRate(() -> prune(app, config.logRetentionDays()), 0, 1, TimeUnit.DAYS);
            // Away from start-up, so a restart is not slowed; daily, so churn never doubles the search times.
            // An adopted database has no planner statistics: written first thing (one short transaction), not after
            // the 10 minutes below, so its plans are from the start the ones of a service that has run a while.
            housekeeping.execute(() -> analyzeIfNeeded(persistence));
            housekeeping.scheduleAtFixedRate(() -> optimize(persistence), 10, 24 * 60, TimeUnit.MINUTES);
            if (upgrade != null) upgrade.close(); // the port is free until the next line binds it
            web.start();
            LOG.info("Cacherr listening on http://{}:{}/ (started in {} ms)", config.bind(), web.port(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Service(lock, persistence, web, housekeeping, moverList, batchSteps);
        } catch (RuntimeException failure) {
            if (upgrade != null) upgrade.close();
            housekeeping.shutdownNow();
            BatchThreads.stop(batchSteps);
            persistence.close();
            lock.close();
            throw failure;
        }
    }

    private static WebSettings webSettings(Configuration config, int port, String version) {
        return new WebSettings(config.bind(), port, config.apiToken(), config.corsOrigins(),
                WebSettings.DEFAULT_MAX_REQUEST_BYTES, version, config.allowedHosts());
    }

    /**
     * The mover's exclusion list, written from the books before crash recovery (an interrupted operation's path stays
     * on it until recovery finishes it); null when not configured. Removals are written a few seconds later, batched.
     */
    private static MoverListKeeper moverList(Configuration config, Bookkeeping books,
                                              ScheduledExecutorService scheduler) {
        MoverListConfig settings = config.moverList();
        if (!settings.enabled()) return null;
        FileMoverList file;
        try {
            file = new FileMoverList(settings.list(), config.cacheRoot().toString(), settings.mapping(),
                    settings.marker(), Path.of("/"), note -> LOG.warn("{}", note));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("CACHERR_MOVER_LIST: " + e.getMessage());
        }
        MoverListKeeper service = new MoverListKeeper(books, file, Clock.system(),
                removal -> scheduler.schedule(removal, 3, TimeUnit.SECONDS), problem -> LOG.warn("{}", problem));
        try {
            service.rebuild();
        } catch (RuntimeException e) {
            throw new ConfigurationException("CACHERR_MOVER_LIST: " + e.getMessage());
        }
        return service;
    }

    private static void report(MoverListStatus status) {
        MoverListInspection list = status.list();
        LOG.info("Mover exclusion list {}: {} entries. On Unraid 7.2.1 or later, disable the built-in mover's"
                + " schedule and use Mover Tuning's own: the built-in mover ignores the list.", list.location(),
                list.entries());
        if (list.missingCount() > 0) {
            LOG.warn("Mover exclusion list: {} entries name host paths that do not exist (a wrong"
                    + " CACHERR_MOVER_HOST_MAP?), e.g. {}", list.missingCount(), list.missingHostPaths().get(0));
        }
        list.warnings().forEach(warning -> LOG.warn("Mover exclusion list: {}", warning));
    }

    private static void report(RecoveryReport report) {
        report.sweptLeftovers().forEach(path -> LOG.info("Removed a leftover temporary file: {}", path));
        for (RecoveryReport.Recovered op : report.operations()) {
            if (op.outcome() == null) {
                LOG.warn("Interrupted {} of {} is still unfinished: {}", op.kind(), op.filePath(), op.detail());
            } else {
                LOG.info("Interrupted {} of {} {}: {}", op.kind(), op.filePath(),
                        op.outcome().name().toLowerCase().replace('_', ' '), op.detail());
            }
        }
        for (RecoveryReport.Reclaimed swap : report.reclaimed()) {
            if (swap.outcome() == null) {
                LOG.warn("{} is swapped onto the cache but missing from the books, and was left as it is: {}",
                        swap.mediaPath(), swap.detail());
            } else {
                LOG.warn("{} was swapped onto the cache but missing from the books: {}", swap.mediaPath(), swap.detail());
            }
        }
    }

    private static void completeStartup(SqlitePersistence persistence, Runnable recovery) {
        try {
            if (persistence.completeStartup(recovery)) LOG.info("The database check passed; writes are open");
        } catch (RuntimeException e) {
            LOG.error("Start-up recovery failed; writes stay refused until Cacherr is restarted", e);
        }
    }

    private static void prune(Cacherr app, int days) {
        try {
            int pruned = app.pruneOperationLog().pruneOlderThan(days);
            if (pruned > 0) LOG.info("Pruned {} audit-log entries older than {} days", pruned, days);
        } catch (RuntimeException e) {
            LOG.warn("Pruning the audit log failed: {}", e.getMessage(), e);
        }
    }

    private static void analyzeIfNeeded(SqlitePersistence persistence) {
        try {
            if (!persistence.lacksStatistics()) return;
            long started = System.nanoTime();
            persistence.analyze();
            LOG.info("Wrote the query planner's statistics in {} ms (the database had none)",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Writing the query planner's statistics failed: {}", e.getMessage(), e);
        }
    }

    private static void optimize(SqlitePersistence persistence) {
        try {
            long started = System.nanoTime();
            int steps = persistence.optimize();
            LOG.info("Optimized the database's indexes in {} ms ({} short write transactions)",
                    (System.nanoTime() - started) / 1_000_000, steps);
        } catch (RuntimeException e) {
            LOG.warn("Optimizing the database's indexes failed: {}", e.getMessage(), e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return web.port();
    }

    /** Stops taking requests, lets those in flight finish, then closes the database. */
    @Override
    public void close() {
        LOG.info("Stopping Cacherr");
        housekeeping.shutdownNow();
        try {
            web.stop();
            if (moverList != null) moverList.flush(); // removals still waiting for their batch
        } finally {
            BatchThreads.stop(batchSteps); // a batch cut short here is marked so at the next start
            awaitHousekeeping(); // a prune stops between its batches; the books are not closed under it
            persistence.close();
            lock.close(); // last: until the books are closed, no other service may open them
        }
        LOG.info("Cacherr stopped");
    }

    private void awaitHousekeeping() {
        try {
            if (!housekeeping.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A housekeeping task (the database check, pruning or optimizing) was still running after"
                        + " 10 s; the database is closed under it, and whatever it had not committed is rolled back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String version() {
        try (InputStream in = Service.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
