package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.Instrumentation.Outcome;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.out.StorageException;
import cacherr.domain.file.OperationType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The gauges of the books and the drive: read once per refresh, and NaN — never stale — when a read fails. */
class BooksMetersTest {
    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void aRefreshReadsTheStatisticsOnceAndTheGaugesShowThem() {
        memory.storage().write("/array/Heat.mkv", new byte[300]);
        memory.app().cacheFile().cache(new CacheFileCommand("/array/Heat.mkv", OperationType.WATCHLIST, null, null,
                null, null));
        BooksMeters books = new BooksMeters(memory.app(), memory.storage()::space, registry);
        long readsBefore = memory.instrumentation().reads(Read.STATISTICS, Outcome.SUCCESS);

        books.refresh();
        for (int i = 0; i < 3; i++) {
            gauge("cacherr.cache.files.size");
            gauge("cacherr.users");
            gauge("cacherr.hit.ratio");
        }

        assertEquals(300, gauge("cacherr.cache.files.size"));
        assertEquals(1, memory.instrumentation().reads(Read.STATISTICS, Outcome.SUCCESS) - readsBefore,
                "one read of the statistics per refresh, however many gauges are read");
    }

    @Test
    void beforeTheFirstRefreshAndAfterAFailedOneTheGaugesAreNaNAndTheFailureIsCounted() {
        boolean[] fail = {false};
        Supplier<CacheSpace> space = () -> {
            if (fail[0]) throw new StorageException(StorageException.Problem.IO_FAILURE, "the drive is gone");
            return memory.storage().space();
        };
        BooksMeters books = new BooksMeters(memory.app(), space, registry);
        assertTrue(Double.isNaN(gauge("cacherr.cache.drive.free")), "nothing read yet");

        books.refresh();
        assertEquals(memory.storage().space().freeBytes(), gauge("cacherr.cache.drive.free"));

        fail[0] = true;
        books.refresh();
        assertTrue(Double.isNaN(gauge("cacherr.cache.drive.free")), "not the last value, which may be stale");
        assertEquals(0, gauge("cacherr.users"), "the books were still read");
        assertEquals(1, registry.get("cacherr.metrics.read.failures").counter().count());
    }
}
