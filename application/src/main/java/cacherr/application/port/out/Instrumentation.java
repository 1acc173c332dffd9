package cacherr.application.port.out;

import cacherr.domain.error.DomainException;
import cacherr.domain.file.CacheMethod;
import java.util.Locale;

/**
 * Driven port: what the application tells monitoring — operations with their method and outcome, bytes copied onto
 * the cache, reads of the books, batches. The adapter measures the time itself (the application never reads a clock
 * for this), keeps labels few (never a path or a user), and must be cheap, thread-safe and never throw.
 *
 * <p>{@link #NONE} counts nothing; {@code inmemory.CountingInstrumentation} counts in memory for tests.
 */
public interface Instrumentation {
    /** The no-op implementation: monitoring off. */
    Instrumentation NONE = new Instrumentation() {
        @Override
        public Timing start(Action action) {
            return Timing.NONE;
        }

        @Override
        public Copy startCopy(long bytes) {
            return Copy.NONE;
        }

        @Override
        public Timing startRead(Read read) {
            return Timing.NONE;
        }

        @Override
        public void batchStarted() {
        }

        @Override
        public void batchFinished() {
        }

        @Override
        public void batchFilesProcessed(long files) {
        }
    };

    /** A use case that changes the books or the cache. */
    enum Action {
        CACHE, UNCACHE, ATTACH, DETACH, ACCESS, CLEANUP, VERIFY;

        /** The label value: the lower-case name. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A read of the books that runs on every page view or status check. */
    enum Read {
        LIST, SEARCH, GET, STATISTICS, USER_STATISTICS, USERS, OPERATIONS;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How an operation ended: {@code success}; {@code rejected} when the request broke a rule (bad input, unknown
     * file, a conflict); {@code failed} when the files or the books failed (a missing original, a full drive, a
     * database error).
     */
    enum Outcome {
        SUCCESS, REJECTED, FAILED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome of(RuntimeException failure) {
            return failure instanceof DomainException ? REJECTED : FAILED;
        }
    }

    /** The label value of a method: its code, or {@code none} for operations over many files or none yet known. */
    static String methodLabel(CacheMethod method) {
        return method == null ? "none" : method.code();
    }

    /** An operation has begun; the returned timing is ended once. */
    Timing start(Action action);

    /** A copy of {@code bytes} onto the cache has begun: the bytes are in flight until the copy ends. */
    Copy startCopy(long bytes);

    /** A read of the books has begun. */
    Timing startRead(Read read);

    /** A batch operation has started (running batches go up). */
    void batchStarted();

    /** A batch operation has ended, however it ended (running batches go down). */
    void batchFinished();

    /** A batch has processed {@code files} more files. */
    void batchFilesProcessed(long files);

    /** Something being timed. */
    interface Timing {
        Timing NONE = (method, outcome) -> { };

        /** Ends the timing; {@code method} may be null (see {@link #methodLabel}). Call it once. */
        void end(CacheMethod method, Outcome outcome);

        /** Ends a read or another timing with no method. */
        default void end(Outcome outcome) {
            end(null, outcome);
        }
    }

    /** A copy in flight. */
    interface Copy {
        Copy NONE = new Copy() {
            @Override
            public void copied(CacheMethod method, long bytes) {
            }

            @Override
            public void failed() {
            }
        };

        /** The file was placed with {@code method}; {@code bytes} were written (0 for a hard link). */
        void copied(CacheMethod method, long bytes);

        /** Nothing was placed. */
        void failed();
    }
}
