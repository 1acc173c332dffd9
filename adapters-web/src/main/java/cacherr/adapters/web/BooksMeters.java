package cacherr.adapters.web;

import cacherr.application.Cacherr;
import cacherr.application.port.out.CacheSpace;
import cacherr.domain.query.CacheStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the books and the cache drive, read once per scrape ({@link #refresh}) from the statistics — kept by
 * counters and index probes, so their cost does not grow with the table — the free space of the drive and the
 * journal's unfinished operations. When a read fails its gauges show NaN, not a stale value, and a counter says so.
 */
final class BooksMeters {
    private static final Logger LOG = LoggerFactory.getLogger(BooksMeters.class);

    private record Books(double active, double orphaned, double pendingRemoval, double bytes, double users,
                         double hitRatio, double oldestCachedAtMillis, double journalInFlight) {
        static final Books UNKNOWN = new Books(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    private record Drive(double total, double free, double reserve, double limit) {
        static final Drive UNKNOWN = new Drive(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final Cacherr app;
    private final Supplier<CacheSpace> cacheSpace;
    private final MeterRegistry registry;
    private final Counter readFailures;
    private final Timer refreshTime;
    private volatile Books books = Books.UNKNOWN;
    private volatile Drive drive = Drive.UNKNOWN;

    BooksMeters(Cacherr app, Supplier<CacheSpace> cacheSpace, MeterRegistry registry) {
        this.app = app;
        this.cacheSpace = cacheSpace;
        this.registry = registry;
        this.readFailures = Counter.builder("cacherr.metrics.read.failures")
                .description("Scrapes whose reading of the books or of the cache drive failed (their gauges are NaN)")
                .register(registry);
        this.refreshTime = Timer.builder("cacherr.metrics.refresh")
                .description("Time a scrape spends reading the books and the cache drive").register(registry);
        for (String status : new String[] {"active", "orphaned", "pending_removal"}) {
            books("cacherr.files", "Files on the cache by status", b -> switch (status) {
                case "active" -> b.active;
                case "orphaned" -> b.orphaned;
                default -> b.pendingRemoval;
            }, null, "status", status);
        }
        books("cacherr.cache.files.size", "Bytes of the files on the cache (every status but removed)", Books::bytes,
                "bytes");
        books("cacherr.users", "Distinct users attributed to a file on the cache", Books::users, null);
        books("cacherr.hit.ratio", "Share of the files on the cache accessed at least once since they were cached",
                Books::hitRatio, null);
        books("cacherr.oldest.file.age", "Age of the oldest file on the cache (0 when the cache is empty)",
                b -> Double.isNaN(b.oldestCachedAtMillis) ? Double.NaN : b.oldestCachedAtMillis < 0 ? 0
                        : Math.max(0, registry.config().clock().wallTime() - b.oldestCachedAtMillis) / 1000.0,
                "seconds");
        books("cacherr.journal.in.flight", "File operations begun and not yet finished in the journal",
                Books::journalInFlight, null);
        if (cacheSpace != null) {
            drive("cacherr.cache.drive.size", "Size of the cache drive's file system", Drive::total);
            drive("cacherr.cache.drive.free", "Free bytes on the cache drive", Drive::free);
            drive("cacherr.cache.drive.reserve", "Bytes always left free on the cache drive (CACHERR_MIN_FREE_BYTES)",
                    Drive::reserve);
            drive("cacherr.cache.drive.limit", "The most the cache may hold (CACHERR_CACHE_LIMIT_BYTES); +Inf when "
                    + "unlimited", Drive::limit);
        }
    }

    private void books(String name, String help, ToDoubleFunction<Books> value, String unit, String... tags) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.books)).description(help).baseUnit(unit).tags(tags)
                .register(registry);
    }

    private void drive(String name, String help, ToDoubleFunction<Drive> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.drive)).description(help).baseUnit("bytes")
                .register(registry);
    }

    /** Reads the books and the drive once, for the scrape about to be written. */
    void refresh() {
        long started = registry.config().clock().monotonicTime();
        try {
            read();
        } finally {
            refreshTime.record(registry.config().clock().monotonicTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void read() {
        try {
            CacheStatistics s = app.cacheStatistics().statistics();
            int inFlight = app.inFlightOperations().inFlight().size();
            books = new Books(s.activeFiles(), s.orphanedFiles(), s.pendingRemovalFiles(), s.totalSizeBytes(),
                    s.usersCount(), s.hitRatio(), s.oldestCachedAt() == null ? -1 : s.oldestCachedAt().toEpochMilli(),
                    inFlight);
        } catch (RuntimeException failure) {
            books = Books.UNKNOWN;
            readFailures.increment();
            LOG.warn("metrics: the books cannot be read ({}); their gauges show NaN", failure.toString());
        }
        if (cacheSpace == null) return;
        try {
            CacheSpace space = cacheSpace.get();
            drive = new Drive(space.totalBytes(), space.freeBytes(), space.reserveBytes(),
                    space.limitBytes() == null ? Double.POSITIVE_INFINITY : space.limitBytes());
        } catch (RuntimeException failure) {
            drive = Drive.UNKNOWN;
            readFailures.increment();
            LOG.warn("metrics: the cache drive cannot be measured ({}); its gauges show NaN", failure.toString());
        }
    }
}
