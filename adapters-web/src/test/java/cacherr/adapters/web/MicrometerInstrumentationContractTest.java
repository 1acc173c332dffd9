package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.contract.InstrumentationContract;
import cacherr.application.port.out.Instrumentation;
import cacherr.domain.file.CacheMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerInstrumentationContractTest extends InstrumentationContract {
    private final MockClock clock = new MockClock();
    private final MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final MicrometerInstrumentation micrometer = new MicrometerInstrumentation(registry);

    @Override
    protected Instrumentation instrumentation() {
        return micrometer;
    }

    @Override
    protected long operations(Instrumentation.Action action, CacheMethod method, Instrumentation.Outcome outcome) {
        Timer timer = registry.find("cacherr.operations").tag("action", action.code())
                .tag("method", Instrumentation.methodLabel(method)).tag("outcome", outcome.code()).timer();
        return timer == null ? 0 : timer.count();
    }

    @Override
    protected long reads(Instrumentation.Read read, Instrumentation.Outcome outcome) {
        Timer timer = registry.find("cacherr.db.read").tag("read", read.code()).tag("outcome", outcome.code()).timer();
        return timer == null ? 0 : timer.count();
    }

    @Override
    protected long bytesCopied() {
        return (long) registry.get("cacherr.copy").counter().count();
    }

    @Override
    protected long bytesInFlight() {
        return (long) registry.get("cacherr.cache.drive.in.flight").gauge().value();
    }

    @Override
    protected long batchesRunning() {
        return (long) registry.get("cacherr.batches.running").gauge().value();
    }

    @Override
    protected long batchFilesProcessed() {
        return (long) registry.get("cacherr.batch.files").counter().count();
    }

    @Test
    void anOperationTakesTheTimeTheRegistrysClockSays() {
        Instrumentation.Timing timing = micrometer.start(Instrumentation.Action.VERIFY);
        clock.add(Duration.ofSeconds(3));
        timing.end(null, Instrumentation.Outcome.SUCCESS);

        assertEquals(3.0, registry.get("cacherr.operations").tag("action", "verify").timer()
                .totalTime(TimeUnit.SECONDS));
    }

    @Test
    void aCopysThroughputIsItsBytesOverItsTime() {
        Instrumentation.Copy copy = micrometer.startCopy(8_000_000);
        clock.add(Duration.ofSeconds(2));
        copy.copied(CacheMethod.ATOMIC_COPY, 8_000_000);

        assertEquals(4_000_000.0, registry.get("cacherr.copy.throughput").summary().mean());
        assertEquals(2.0, registry.get("cacherr.copy.duration").timer().totalTime(TimeUnit.SECONDS));
    }
}
