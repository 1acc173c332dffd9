package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection pool publishes itself to a Micrometer registry, and its meters move when the books are read. */
class PoolMetricsTest {
    @TempDir
    Path dir;

    @Test
    void thePoolsConnectionsAndAcquireTimesAreMeteredOnceItIsPublished() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            db.publishPoolMetrics(registry);
            long before = registry.get("hikaricp.connections.acquire").tag("pool", "cacherr-sqlite").timer().count();

            db.bookkeeping().transactions().readOnly(() -> db.bookkeeping().files().statistics());

            assertEquals(PersistenceSettings.DEFAULT_POOL_SIZE,
                    registry.get("hikaricp.connections.max").tag("pool", "cacherr-sqlite").gauge().value());
            assertTrue(registry.get("hikaricp.connections.acquire").timer().count() > before,
                    "reading the books took a connection from the pool");
        }
    }
}
