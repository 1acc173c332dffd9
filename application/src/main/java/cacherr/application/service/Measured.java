package cacherr.application.service;

import cacherr.application.port.out.Instrumentation;
import cacherr.application.port.out.Instrumentation.Action;
import cacherr.application.port.out.Instrumentation.Outcome;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.application.port.out.Instrumentation.Timing;
import cacherr.domain.file.CacheMethod;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a use case and tells {@link Instrumentation} how long it took and how it ended. The services stay unaware of
 * monitoring: {@code Cacherr} wraps its use cases with this.
 */
public final class Measured {
    private final Instrumentation instrumentation;

    public Measured(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * Runs {@code work} as {@code action}; on success the method is read from the result by {@code methodOf} (null:
     * none), on failure it is {@code attempted} (the method asked for, or null).
     */
    public <T> T operation(Action action, CacheMethod attempted, Function<T, CacheMethod> methodOf, Supplier<T> work) {
        Timing timing = instrumentation.start(action);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException failure) {
            timing.end(attempted, Outcome.of(failure));
            throw failure;
        }
        timing.end(methodOf.apply(result), Outcome.SUCCESS);
        return result;
    }

    /** Runs {@code work} as a timed read of the books. */
    public <T> T read(Read read, Supplier<T> work) {
        Timing timing = instrumentation.startRead(read);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException failure) {
            timing.end(Outcome.of(failure));
            throw failure;
        }
        timing.end(Outcome.SUCCESS);
        return result;
    }
}
