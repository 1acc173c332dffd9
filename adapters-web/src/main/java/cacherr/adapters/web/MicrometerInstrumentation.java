package cacherr.adapters.web;

import cacherr.application.port.out.Instrumentation;
import cacherr.application.port.out.Instrumentation.Action;
import cacherr.application.port.out.Instrumentation.Outcome;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.domain.file.CacheMethod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The application's {@link Instrumentation} as Micrometer meters. Durations come from the registry's clock; labels are
 * the action, the cache method, the outcome or the read — a few values each, never a path or a user.
 *
 * <p>Cheap on the hot path (a read times every page view): each timer is registered once, on its first use (so only
 * the label combinations that happened are exposed), and kept in a table indexed by its labels; ending a timing is an
 * array read and a record, with no builder, tag list or registry lookup per call.
 */
final class MicrometerInstrumentation implements Instrumentation {
    /** Buckets for file operations: a hard link takes milliseconds, a film copied from a spun-down disk minutes. */
    static final Duration[] OPERATION_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)};
    /** Buckets for reads of the books: milliseconds. */
    static final Duration[] READ_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2)};

    private static final int METHODS = CacheMethod.values().length + 1; // the methods and "none"
    private static final int OUTCOMES = Outcome.values().length;

    private final MeterRegistry registry;
    private final Clock clock;
    /** cacherr.operations by [action][method or none][outcome], registered on first use. */
    private final AtomicReferenceArray<Timer> operations =
            new AtomicReferenceArray<>(Action.values().length * METHODS * OUTCOMES);
    /** cacherr.db.read by [read][outcome], registered on first use. */
    private final AtomicReferenceArray<Timer> reads = new AtomicReferenceArray<>(Read.values().length * OUTCOMES);
    private final Counter bytesCopied;
    private final Timer copyTime;
    private final DistributionSummary throughput;
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicLong batchesRunning = new AtomicLong();
    private final Counter batchFiles;

    MicrometerInstrumentation(MeterRegistry registry) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.bytesCopied = Counter.builder("cacherr.copy").baseUnit("bytes")
                .description("Bytes copied onto the cache by placements that succeeded").register(registry);
        this.copyTime = Timer.builder("cacherr.copy.duration")
                .description("Time of the placements that copied a file onto the cache (hard links excluded)")
                .serviceLevelObjectives(OPERATION_BUCKETS).register(registry);
        this.throughput = DistributionSummary.builder("cacherr.copy.throughput").baseUnit("bytes.per.second")
                .description("Throughput of each placement that copied a file: its bytes over its time")
                .register(registry);
        Gauge.builder("cacherr.cache.drive.in.flight", bytesInFlight, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of the placements running now: the cache drive will hold them once they finish")
                .register(registry);
        Gauge.builder("cacherr.batches.running", batchesRunning, AtomicLong::get)
                .description("Batch operations running now").register(registry);
        this.batchFiles = Counter.builder("cacherr.batch.files")
                .description("Files processed by batch operations").register(registry);
    }

    @Override
    public Timing start(Action action) {
        long started = clock.monotonicTime();
        return (method, outcome) -> operationTimer(action, method, outcome)
                .record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
    }

    private Timer operationTimer(Action action, CacheMethod method, Outcome outcome) {
        int index = (action.ordinal() * METHODS + (method == null ? METHODS - 1 : method.ordinal())) * OUTCOMES
                + outcome.ordinal();
        Timer timer = operations.get(index);
        if (timer == null) {
            // registering is idempotent: two threads racing here get the same timer
            timer = Timer.builder("cacherr.operations")
                    .description("Operations on cached files by action, cache method and outcome")
                    .tag("action", action.code()).tag("method", Instrumentation.methodLabel(method))
                    .tag("outcome", outcome.code()).serviceLevelObjectives(OPERATION_BUCKETS).register(registry);
            operations.set(index, timer);
        }
        return timer;
    }

    @Override
    public Copy startCopy(long bytes) {
        bytesInFlight.addAndGet(bytes);
        long started = clock.monotonicTime();
        return new Copy() {
            @Override
            public void copied(CacheMethod method, long written) {
                bytesInFlight.addAndGet(-bytes);
                if (method == CacheMethod.ATOMIC_HARDLINK) return; // nothing was copied
                long nanos = clock.monotonicTime() - started;
                bytesCopied.increment(written);
                copyTime.record(nanos, TimeUnit.NANOSECONDS);
                if (nanos > 0) throughput.record(written * 1e9 / nanos);
            }

            @Override
            public void failed() {
                bytesInFlight.addAndGet(-bytes);
            }
        };
    }

    @Override
    public Timing startRead(Read read) {
        long started = clock.monotonicTime();
        return (method, outcome) -> readTimer(read, outcome).record(clock.monotonicTime() - started,
                TimeUnit.NANOSECONDS);
    }

    private Timer readTimer(Read read, Outcome outcome) {
        int index = read.ordinal() * OUTCOMES + outcome.ordinal();
        Timer timer = reads.get(index);
        if (timer == null) {
            timer = Timer.builder("cacherr.db.read")
                    .description("Reads of the books behind the pages and status checks, by read and outcome")
                    .tag("read", read.code()).tag("outcome", outcome.code()).serviceLevelObjectives(READ_BUCKETS)
                    .register(registry);
            reads.set(index, timer);
        }
        return timer;
    }

    @Override
    public void batchStarted() {
        batchesRunning.incrementAndGet();
    }

    @Override
    public void batchFinished() {
        batchesRunning.decrementAndGet();
    }

    @Override
    public void batchFilesProcessed(long files) {
        batchFiles.increment(files);
    }
}
