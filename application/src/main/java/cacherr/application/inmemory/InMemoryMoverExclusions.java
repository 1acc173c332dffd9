package cacherr.application.inmemory;

import cacherr.application.port.out.Clock;
import cacherr.application.port.out.MoverExclusions;
import cacherr.application.port.out.MoverListInspection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The mover's exclusion list in memory: the entries as last written, with failures that can be injected and a hook that
 * sees every write.
 */
public final class InMemoryMoverExclusions implements MoverExclusions {
    private final Clock clock;
    private SortedSet<String> entries = new TreeSet<>();
    private Instant lastWrite;
    private int writes;
    private Throwable nextFailure;
    private Consumer<SortedSet<String>> observer = entries -> { };

    public InMemoryMoverExclusions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void write(SortedSet<String> cachedPaths) {
        if (nextFailure != null) {
            Throwable failure = nextFailure;
            nextFailure = null;
            if (failure instanceof Error error) throw error;
            throw (RuntimeException) failure;
        }
        entries = new TreeSet<>(cachedPaths);
        lastWrite = clock.now();
        writes++;
        observer.accept(entries());
    }

    @Override
    public synchronized MoverListInspection inspect() {
        return new MoverListInspection("memory", entries.size(), lastWrite, false, 0, List.of(), 0, List.of(),
                List.of());
    }

    /** The entries as last written. */
    public synchronized SortedSet<String> entries() {
        return new TreeSet<>(entries);
    }

    /** How many times the list was written. */
    public synchronized int writes() {
        return writes;
    }

    /**
     * The next write fails with {@code failure} (a RuntimeException, or an Error to stand for a crash), changing
     * nothing; null takes back a failure not yet used.
     */
    public synchronized void failNextWrite(Throwable failure) {
        if (failure != null && !(failure instanceof RuntimeException) && !(failure instanceof Error)) {
            throw new IllegalArgumentException("a write can only fail with a RuntimeException or an Error");
        }
        nextFailure = failure;
    }

    /** {@code observer} sees the entries after every write. */
    public synchronized void onWrite(Consumer<SortedSet<String>> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }
}
