package cacherr.application.inmemory;

import cacherr.application.port.out.Instrumentation;
import cacherr.domain.file.CacheMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Instrumentation that counts in memory (no durations: tests never depend on time), for tests and examples. */
public final class CountingInstrumentation implements Instrumentation {
    private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
    private final AtomicLong bytesCopied = new AtomicLong();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicLong batchesRunning = new AtomicLong();
    private final AtomicLong batchFiles = new AtomicLong();

    @Override
    public Timing start(Action action) {
        return (method, outcome) -> count(operations, action.code() + " " + Instrumentation.methodLabel(method)
                + " " + outcome.code());
    }

    @Override
    public Copy startCopy(long bytes) {
        bytesInFlight.addAndGet(bytes);
        return new Copy() {
            @Override
            public void copied(CacheMethod method, long written) {
                bytesInFlight.addAndGet(-bytes);
                copies.incrementAndGet();
                bytesCopied.addAndGet(written);
            }

            @Override
            public void failed() {
                bytesInFlight.addAndGet(-bytes);
            }
        };
    }

    @Override
    public Timing startRead(Read read) {
        return (method, outcome) -> count(reads, read.code() + " " + outcome.code());
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
        batchFiles.addAndGet(files);
    }

    private static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Operations of {@code action} with {@code method} (null: none) that ended with {@code outcome}. */
    public long operations(Action action, CacheMethod method, Outcome outcome) {
        return get(operations, action.code() + " " + Instrumentation.methodLabel(method) + " " + outcome.code());
    }

    /** Reads of {@code read} that ended with {@code outcome}. */
    public long reads(Read read, Outcome outcome) {
        return get(reads, read.code() + " " + outcome.code());
    }

    private static long get(Map<String, AtomicLong> counts, String key) {
        AtomicLong count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    public long bytesCopied() {
        return bytesCopied.get();
    }

    /** Placements that succeeded. */
    public long copies() {
        return copies.get();
    }

    public long bytesInFlight() {
        return bytesInFlight.get();
    }

    public long batchesRunning() {
        return batchesRunning.get();
    }

    public long batchFilesProcessed() {
        return batchFiles.get();
    }
}
