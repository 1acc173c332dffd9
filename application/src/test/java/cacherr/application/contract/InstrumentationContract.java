package cacherr.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.port.out.Instrumentation;
import cacherr.application.port.out.Instrumentation.Action;
import cacherr.application.port.out.Instrumentation.Copy;
import cacherr.application.port.out.Instrumentation.Outcome;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.domain.file.CacheMethod;
import org.junit.jupiter.api.Test;

/**
 * What every counting {@link Instrumentation} shares (the in-memory one and the Micrometer one): each report is counted
 * once, under its own labels and no others, and bytes in flight come back to zero however a copy ends. Subclasses
 * provide a fresh instrumentation per test and read its counts.
 */
public abstract class InstrumentationContract {
    static {
        // See CacheStorageContract: this abstract base opens its own package to JUnit under JPMS.
        InstrumentationContract.class.getModule().addOpens(InstrumentationContract.class.getPackageName(),
                Test.class.getModule());
    }

    /** The instrumentation under test (the same instance for the whole test). */
    protected abstract Instrumentation instrumentation();

    /** Operations counted for {@code action}, {@code method} (null: none) and {@code outcome}. */
    protected abstract long operations(Action action, CacheMethod method, Outcome outcome);

    protected abstract long reads(Read read, Outcome outcome);

    protected abstract long bytesCopied();

    protected abstract long bytesInFlight();

    protected abstract long batchesRunning();

    protected abstract long batchFilesProcessed();

    @Test
    void anEndedOperationIsCountedOnceUnderItsOwnLabels() {
        instrumentation().start(Action.CACHE).end(CacheMethod.ATOMIC_COPY, Outcome.SUCCESS);
        instrumentation().start(Action.CACHE).end(CacheMethod.ATOMIC_COPY, Outcome.FAILED);
        instrumentation().start(Action.CACHE).end(CacheMethod.ATOMIC_COPY, Outcome.FAILED);

        assertEquals(1, operations(Action.CACHE, CacheMethod.ATOMIC_COPY, Outcome.SUCCESS));
        assertEquals(2, operations(Action.CACHE, CacheMethod.ATOMIC_COPY, Outcome.FAILED));
        assertEquals(0, operations(Action.CACHE, CacheMethod.ATOMIC_SYMLINK, Outcome.SUCCESS));
        assertEquals(0, operations(Action.UNCACHE, CacheMethod.ATOMIC_COPY, Outcome.SUCCESS));
    }

    @Test
    void anOperationWithoutAMethodIsCountedAsNone() {
        instrumentation().start(Action.CLEANUP).end(null, Outcome.REJECTED);

        assertEquals(1, operations(Action.CLEANUP, null, Outcome.REJECTED));
    }

    @Test
    void aCopyHoldsItsBytesInFlightUntilItIsDone() {
        Copy first = instrumentation().startCopy(1000);
        Copy second = instrumentation().startCopy(24);
        assertEquals(1024, bytesInFlight());

        first.copied(CacheMethod.ATOMIC_SYMLINK, 1000);
        assertEquals(24, bytesInFlight());
        assertEquals(1000, bytesCopied());

        second.failed();
        assertEquals(0, bytesInFlight());
        assertEquals(1000, bytesCopied());
    }

    @Test
    void aHardLinkCopiesNoBytes() {
        instrumentation().startCopy(5000).copied(CacheMethod.ATOMIC_HARDLINK, 0);

        assertEquals(0, bytesInFlight());
        assertEquals(0, bytesCopied());
    }

    @Test
    void readsAreCountedByReadAndOutcome() {
        instrumentation().startRead(Read.LIST).end(Outcome.SUCCESS);
        instrumentation().startRead(Read.LIST).end(Outcome.SUCCESS);
        instrumentation().startRead(Read.STATISTICS).end(Outcome.FAILED);

        assertEquals(2, reads(Read.LIST, Outcome.SUCCESS));
        assertEquals(1, reads(Read.STATISTICS, Outcome.FAILED));
        assertEquals(0, reads(Read.SEARCH, Outcome.SUCCESS));
    }

    @Test
    void batchesRunningGoUpAndDownAndFilesProcessedAddUp() {
        instrumentation().batchStarted();
        instrumentation().batchStarted();
        instrumentation().batchFilesProcessed(3);
        instrumentation().batchFilesProcessed(4);
        assertEquals(2, batchesRunning());

        instrumentation().batchFinished();
        assertEquals(1, batchesRunning());
        assertEquals(7, batchFilesProcessed());
    }
}
