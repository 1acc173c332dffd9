package cacherr.bootstrap;

import cacherr.adapters.filesystem.FileSystemStorageSettings;
import cacherr.adapters.filesystem.NioCacheStorage;
import cacherr.adapters.persistence.PersistenceSettings;
import cacherr.adapters.persistence.SqlitePersistence;
import cacherr.adapters.web.CacherrWebServer;
import cacherr.adapters.web.WebSettings;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the adapters built from the configuration, wired to the application, serving HTTP. */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final InstanceLock lock;
    private final SqlitePersistence persistence;
    private final CacherrWebServer web;
    private final ScheduledExecutorService housekeeping;

    private Service(InstanceLock lock, SqlitePersistence persistence, CacherrWebServer web,
                    ScheduledExecutorService housekeeping) {
        this.lock = lock;
        this.persistence = persistence;
        this.web = web;
        this.housekeeping = housekeeping;
    }

    /** Opens (and migrates) the database, recovers from an earlier crash, and starts serving. */
    public static Service start(Configuration config) {
        long started = System.nanoTime();
        String version = version();
        LOG.info("Starting Cacherr {} with {}", version, config);
        if (config.exampleRoots()) {
            Path sample = ExampleRoots.prepare(config.arrayRoots().get(0), config.cacheRoot());
            LOG.warn("No roots configured (CACHERR_ARRAY_ROOTS, CACHERR_CACHE_ROOT): using the example roots under {}."
                    + " Try caching its sample: {}", config.cacheRoot().getParent(), sample);
        }
        // Before any migration, sweep or recovery: a second service on these books would undo the first one's work.
        InstanceLock lock = InstanceLock.acquire(config.dbPath(), config.cacheRoot());
        SqlitePersistence persistence;
        try {
            persistence = SqlitePersistence.open(PersistenceSettings.of(config.dbPath()));
        } catch (RuntimeException failure) {
            lock.close();
            throw failure;
        }
        try {
            NioCacheStorage storage = new NioCacheStorage(new FileSystemStorageSettings(config.arrayRoots(),
                    config.cacheRoot(), config.minFreeBytes(), config.cacheLimitBytes(), config.uid(), config.gid(),
                    false, false));
            Cacherr app = new Cacherr(persistence.bookkeeping(), storage, Clock.system(), IdGenerator.randomUuids(),
                    new CacheSettings(config.defaultMethod()));
            report(app.recoverInterruptedOperations().recover());
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "cacherr-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            housekeeping.scheduleAtFixedRate(() -> prune(app, config.logRetentionDays()), 0, 1, TimeUnit.DAYS);
            // Away from start-up, so a restart is not slowed; daily, so churn never doubles the search times.
            housekeeping.scheduleAtFixedRate(() -> optimize(persistence), 10, 24 * 60, TimeUnit.MINUTES);
            WebSettings webSettings = new WebSettings(config.bind(), config.port(), config.apiToken(),
                    config.corsOrigins(), WebSettings.DEFAULT_MAX_REQUEST_BYTES, version);
            CacherrWebServer web = new CacherrWebServer(app, webSettings, storage::space).start();
            LOG.info("Cacherr listening on http://{}:{}/ (started in {} ms)", config.bind(), web.port(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Service(lock, persistence, web, housekeeping);
        } catch (RuntimeException failure) {
            persistence.close();
            lock.close();
            throw failure;
        }
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
    }

    private static void prune(Cacherr app, int days) {
        try {
            int pruned = app.pruneOperationLog().pruneOlderThan(days);
            if (pruned > 0) LOG.info("Pruned {} audit-log entries older than {} days", pruned, days);
        } catch (RuntimeException e) {
            LOG.warn("Pruning the audit log failed: {}", e.getMessage(), e);
        }
    }

    private static void optimize(SqlitePersistence persistence) {
        try {
            long started = System.nanoTime();
            persistence.optimize();
            LOG.info("Optimized the database's indexes in {} ms", (System.nanoTime() - started) / 1_000_000);
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
        } finally {
            persistence.close();
            lock.close(); // last: until the books are closed, no other service may open them
        }
        LOG.info("Cacherr stopped");
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
