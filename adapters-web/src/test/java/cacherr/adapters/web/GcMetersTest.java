package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The collectors are read from their MXBeans at a scrape, not followed through the JVM's GC notifications. */
class GcMetersTest {
    @Test
    void aCollectionMovesTheCollectorsCountAndTheOldGenerationIsSized() {
        MeterRegistry registry = new SimpleMeterRegistry();
        GcMeters.bindTo(registry);
        double before = collections(registry);

        System.gc(); // a full collection, synchronous with the default collectors

        assertTrue(collections(registry) >= before + 1, "the collection was counted");
        assertTrue(registry.get("jvm.gc.max.data.size").gauge().value() > 0, "the old generation has a limit");
        assertFalse(Double.isNaN(registry.get("jvm.gc.live.data.size").gauge().value()),
                "after a full collection the old generation's collection usage is known");
    }

    @Test
    void theExpositionHasTheCollectorsButNothingOnlyGcNotificationsGive() {
        try (WebMetrics metrics = WebMetrics.prometheus(false)) {
            System.gc();
            String exposition = metrics.scrape();

            assertTrue(exposition.contains("jvm_gc_pause_seconds_count{gc="), exposition);
            assertTrue(exposition.contains("jvm_gc_max_data_size_bytes"), exposition);
            // Micrometer's JvmGcMetrics (a GC notification listener, costly at every collection) gave these two
            assertFalse(exposition.contains("jvm_gc_memory_allocated_bytes_total"), exposition);
            assertFalse(exposition.contains("jvm_gc_memory_promoted_bytes_total"), exposition);
        }
    }

    @Test
    void theOldGenerationOfEachUsualCollectorIsRecognised() {
        for (String pool : new String[] {"Tenured Gen", "PS Old Gen", "G1 Old Gen", "CMS Old Gen", "ZHeap",
                "ZGC Old Generation", "Shenandoah"}) {
            assertTrue(GcMeters.isOldGeneration(pool), pool);
        }
        for (String pool : new String[] {"Eden Space", "Survivor Space", "G1 Eden Space", "PS Survivor Space",
                "Metaspace", "ZGC Young Generation"}) {
            assertFalse(GcMeters.isOldGeneration(pool), pool);
        }
    }

    private static double collections(MeterRegistry registry) {
        return registry.get("jvm.gc.pause").functionTimers().stream().mapToDouble(FunctionTimer::count).sum();
    }
}
