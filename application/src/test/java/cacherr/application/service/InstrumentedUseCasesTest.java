package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.application.Cacherr;
import cacherr.application.inmemory.CountingInstrumentation;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.VerifyCommand;
import cacherr.application.port.out.Instrumentation.Action;
import cacherr.application.port.out.Instrumentation.Outcome;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.application.port.out.StorageException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileFilter;
import org.junit.jupiter.api.Test;

/** The use cases report what they did to the instrumentation, and the services know nothing of it. */
class InstrumentedUseCasesTest {
    private static final String HEAT = "/array/movies/Heat.mkv";
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();
    private final CountingInstrumentation counted = memory.instrumentation();

    private CachedFile cacheHeat(CacheMethod method) {
        memory.storage().write(HEAT, new byte[1234]);
        return app.cacheFile().cache(new CacheFileCommand(HEAT, OperationType.WATCHLIST, ALICE, null, method, null))
                .file();
    }

    @Test
    void cachingAFileCountsASuccessWithItsMethodAndItsBytesCopied() {
        cacheHeat(CacheMethod.ATOMIC_COPY);

        assertEquals(1, counted.operations(Action.CACHE, CacheMethod.ATOMIC_COPY, Outcome.SUCCESS));
        assertEquals(1234, counted.bytesCopied());
        assertEquals(1, counted.copies());
        assertEquals(0, counted.bytesInFlight());
    }

    @Test
    void aFailedPlacementCountsAFailureUnderTheMethodAskedForAndCopiesNothing() {
        memory.storage().write(HEAT, new byte[10]);
        memory.storage().failNextPlace(new StorageException(StorageException.Problem.IO_FAILURE, "disk gone"));

        assertThrows(StorageException.class, () -> app.cacheFile().cache(
                new CacheFileCommand(HEAT, OperationType.WATCHLIST, ALICE, null, null, null)));

        assertEquals(1, counted.operations(Action.CACHE, CacheMethod.ATOMIC_SYMLINK, Outcome.FAILED),
                "the default method, as none was asked for");
        assertEquals(0, counted.bytesCopied());
        assertEquals(0, counted.bytesInFlight());
    }

    @Test
    void aRequestThatBreaksARuleIsCountedAsRejected() {
        assertThrows(NotFoundException.class, () -> app.uncacheFile().uncache(
                new UncacheCommand(new FileId("no-such-file"), null, null)));

        assertEquals(1, counted.operations(Action.UNCACHE, null, Outcome.REJECTED));
    }

    @Test
    void everyChangingUseCaseIsCountedUnderItsAction() {
        CachedFile heat = cacheHeat(CacheMethod.ATOMIC_SYMLINK);
        app.recordAccess().recordAccess(new RecordAccessCommand(heat.id(), ALICE));
        app.attributeUser().attribute(new AttributeUserCommand(heat.id(), BOB, "shared"));
        app.detachUser().detach(new DetachUserCommand(heat.id(), BOB));
        app.verifyIntegrity().verify(VerifyCommand.all());
        app.cleanup().cleanup(new CleanupCommand(false, true, null));
        app.uncacheFile().uncache(new UncacheCommand(heat.id(), null, null));

        CacheMethod symlink = CacheMethod.ATOMIC_SYMLINK;
        assertEquals(1, counted.operations(Action.ACCESS, symlink, Outcome.SUCCESS));
        assertEquals(1, counted.operations(Action.ATTACH, symlink, Outcome.SUCCESS));
        assertEquals(1, counted.operations(Action.DETACH, symlink, Outcome.SUCCESS));
        assertEquals(1, counted.operations(Action.VERIFY, null, Outcome.SUCCESS));
        assertEquals(1, counted.operations(Action.CLEANUP, null, Outcome.SUCCESS));
        assertEquals(1, counted.operations(Action.UNCACHE, symlink, Outcome.SUCCESS));
    }

    @Test
    void hotReadsAreCounted() {
        app.listFiles().list(FileFilter.FIRST_PAGE);
        app.cacheStatistics().statistics();
        app.listUsers().users();

        assertEquals(1, counted.reads(Read.LIST, Outcome.SUCCESS));
        assertEquals(1, counted.reads(Read.STATISTICS, Outcome.SUCCESS));
        assertEquals(1, counted.reads(Read.USERS, Outcome.SUCCESS));
    }
}
