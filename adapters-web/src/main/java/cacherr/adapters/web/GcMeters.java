package cacherr.adapters.web;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.TimeUnit;

/**
 * The garbage collectors, read from their MXBeans at each scrape — instead of Micrometer's {@code JvmGcMetrics},
 * which subscribes to the JVM's GC notifications: each collection then has the JVM build a notification with the
 * memory of every pool before and after, on its notification thread. Measured on the packaged service under load
 * (docs/PERFORMANCE.md, "Metrics"), that thread alone cost about 1 % of the process's CPU with SerialGC's frequent
 * young collections, as much as all the other meters together. Reading the counters at a scrape costs nothing between
 * scrapes.
 *
 * <ul>
 *   <li>{@code jvm_gc_pause_seconds_count} and {@code _sum} by {@code gc} (the collector): its collections and their
 *       total time, as the JVM reports them (for a concurrent collector such as ZGC, its cycles);</li>
 *   <li>{@code jvm_gc_max_data_size_bytes} and {@code jvm_gc_live_data_size_bytes}: the old generation's limit and
 *       what it held after the last collection.</li>
 * </ul>
 */
final class GcMeters {
    private GcMeters() {
    }

    static void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionTimer.builder("jvm.gc.pause", collector, c -> Math.max(0, c.getCollectionCount()),
                            c -> Math.max(0, c.getCollectionTime()), TimeUnit.MILLISECONDS)
                    .tag("gc", collector.getName())
                    .description("Collections of this garbage collector and their total time")
                    .register(registry);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !isOldGeneration(pool.getName())) continue;
            Gauge.builder("jvm.gc.max.data.size", pool, p -> p.getUsage().getMax()).baseUnit("bytes")
                    .description("Most the old generation may hold").register(registry);
            Gauge.builder("jvm.gc.live.data.size", pool, GcMeters::afterLastCollection).baseUnit("bytes")
                    .description("What the old generation held after its last collection").register(registry);
            return;
        }
    }

    /** The long-lived heap pool: Serial's tenured gen, Parallel's, G1's and CMS's old gen, ZGC's and Shenandoah's heap. */
    static boolean isOldGeneration(String pool) {
        return pool.endsWith("Old Gen") || pool.endsWith("Tenured Gen") || pool.equals("ZHeap")
                || pool.equals("ZGC Old Generation") || pool.equals("Shenandoah");
    }

    private static double afterLastCollection(MemoryPoolMXBean pool) {
        MemoryUsage usage = pool.getCollectionUsage();
        return usage == null ? Double.NaN : usage.getUsed();
    }
}
